/**
 * Runs before each test file, before it imports anything: points the app at a fresh SQLite file
 * of its own, so files never see each other's rows. Migrations run when db/client is imported.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dir = mkdtempSync(join(tmpdir(), "rebuild-exchange-test-"));
process.env.DATABASE_PATH = join(dir, "test.db");
process.env.SEED_DEMO = "false";
