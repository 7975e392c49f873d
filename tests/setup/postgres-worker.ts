/**
 * Runs before each file of `npm run test:pg`. The server comes from the global set-up
 * (`inject("postgresUrl")`); each file makes its own database on it. The process itself stays on
 * its SQLite file, which the schema-parity test compares PostgreSQL with.
 */
delete process.env.DATABASE_URL;
