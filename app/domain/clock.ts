/**
 * The one source of "now" for business rules. Tests move it with CLOCK_OFFSET_MS instead of
 * sleeping. The offset is honoured outside production, and in production only with
 * ENABLE_TEST_CLOCK=1: the end-to-end tests run the real production server and need six hours to
 * pass in seconds, while a deployment never sets that flag, so a stray CLOCK_OFFSET_MS cannot move
 * the time on manifests, sessions or alerts.
 */
export function now(): Date {
  const movable = process.env.NODE_ENV !== "production" || process.env.ENABLE_TEST_CLOCK === "1";
  const offset = movable ? Number(process.env.CLOCK_OFFSET_MS ?? 0) : 0;
  return new Date(Date.now() + (Number.isFinite(offset) ? offset : 0));
}

/** China has kept UTC+8 all year since 1991, so a fixed offset is exact for Asia/Shanghai. */
export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** "YYYY-MM-DD" of a moment, in Asia/Shanghai. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The UTC instant at which a Shanghai calendar day ("YYYY-MM-DD") begins. */
export function shanghaiDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
}

/** "YYYY-MM" of a moment, in Asia/Shanghai. */
export function shanghaiMonth(at: Date): string {
  return shanghaiDate(at).slice(0, 7);
}

/** Adds whole months to "YYYY-MM". */
export function addMonths(month: string, count: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const index = y * 12 + (m - 1) + count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}
