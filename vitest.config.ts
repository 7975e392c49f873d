import { defineConfig } from "vitest/config";

// A separate config so the React Router plugin never runs under Vitest.
export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    environment: "node",
    include: ["tests/**/*.test.ts"],
    // The PostgreSQL tests run with `npm run test:pg` (vitest.pg.config.ts), on a server of their own.
    exclude: ["tests/pg/**", "**/node_modules/**"],
    setupFiles: ["tests/setup/database.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
