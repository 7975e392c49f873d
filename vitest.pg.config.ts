import { defineConfig } from "vitest/config";

// `npm run test:pg`: the tests that run against PostgreSQL, on a server of their own.
export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    environment: "node",
    include: ["tests/pg/**/*.test.ts"],
    setupFiles: ["tests/setup/postgres-worker.ts", "tests/setup/database.ts"],
    globalSetup: ["tests/setup/postgres.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
