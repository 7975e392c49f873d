import { sqlite } from "#db/client";

/** Whether the database answers, and how it is set up (WAL, foreign keys, migrations applied). */
export function checkDatabase() {
  try {
    const started = performance.now();
    const migrations = (
      sqlite.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get() as { n: number }
    ).n;
    return {
      ok: true,
      journalMode: sqlite.pragma("journal_mode", { simple: true }),
      foreignKeys: sqlite.pragma("foreign_keys", { simple: true }) === 1,
      migrations,
      latencyMs: Math.round((performance.now() - started) * 100) / 100,
    };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
