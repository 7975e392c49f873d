/** A rate in basis points (1 % = 100), exact integer arithmetic; null when the whole is zero. */
export function rateBp(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part * 10_000) / whole) : null;
}
