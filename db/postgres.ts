import { resolve } from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";

/** PostgreSQL's migrations: the same schema as db/migrations, generated for PostgreSQL (ADR 015). */
const POSTGRES_MIGRATIONS_DIR = "db/migrations-pg";

/** Brings the database at `url` to the current schema; applied migrations are skipped. */
export async function migratePostgres(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await migrate(drizzle(pool), { migrationsFolder: resolve(POSTGRES_MIGRATIONS_DIR) });
  } finally {
    await pool.end();
  }
}
