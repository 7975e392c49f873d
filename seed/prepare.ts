/**
 * Brings the database to the state the app needs: migrations applied (on open), the Sichuan
 * divisions present, and the demo data loaded into an empty database unless SEED_DEMO=false.
 * `--reset` deletes the database file first. Run as a script, or imported by the server.
 */
import { rmSync } from "node:fs";
import { settings } from "#config/settings";

export async function prepareDatabase(options: { seedDemo?: boolean } = {}) {
  const { db, databasePath } = await import("#db/client");
  const { insertDivisions } = await import("./factories");
  const { hasData, seedDemo } = await import("./demo");
  insertDivisions(db);
  const seed = options.seedDemo ?? settings().SEED_DEMO;
  if (seed && !hasData(db)) {
    const started = performance.now();
    const result = await seedDemo(db);
    console.log(
      `seeded demo data into ${databasePath}: ${result.listings} listings, ${result.manifests} manifests (${Math.round(performance.now() - started)} ms)`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes("--reset")) {
    const path = settings().DATABASE_PATH;
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
  }
  await prepareDatabase();
}
