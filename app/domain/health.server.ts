import { describeStore } from "#db/store";

/** Whether the database answers, and how it is set up (engine, WAL, foreign keys, migrations). */
export async function checkDatabase() {
  try {
    const started = performance.now();
    const store = await describeStore();
    return { ok: true, ...store, latencyMs: Math.round((performance.now() - started) * 100) / 100 };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
