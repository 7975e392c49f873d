/**
 * Runs before each file of `npm run test:pg`, before it imports anything: a new database of its
 * own on the server of the global set-up, migrated, and `DATABASE_URL` pointing at it, so files
 * never see each other's rows. The database is dropped when the file is done.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { migratePostgres } from "../../db/postgres";

async function onServer(statement: string) {
  const admin = new pg.Client({ connectionString: inject("postgresUrl") });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

const database = `test_${randomUUID().replaceAll("-", "")}`;
await onServer(`CREATE DATABASE ${database}`);
const url = new URL(inject("postgresUrl"));
url.pathname = `/${database}`;
await migratePostgres(url.toString());
process.env.DATABASE_URL = url.toString();

afterAll(async () => {
  const { closeStore } = await import("../../db/store");
  await closeStore();
  await onServer(`DROP DATABASE ${database} WITH (FORCE)`);
});
