import { defineConfig } from "drizzle-kit";

// The schema is described once and built for the store of DATABASE_URL (db/schema/dialect.ts):
// generating PostgreSQL migrations loads it as PostgreSQL. Generating needs no server.
process.env.DATABASE_URL ||= "postgresql://localhost/rebuild_exchange";

export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations-pg",
  dbCredentials: { url: process.env.DATABASE_URL },
});
