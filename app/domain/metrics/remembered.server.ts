import { sql } from "drizzle-orm";
import { rowsOf } from "#db/sql";
import { read } from "#db/store";
import type { Period } from "./scope.server";
import { inDivisions, inMonths } from "./trips.server";

/**
 * Each division's stamp for a period: the sum of its months' change stamps (stat_month_changes).
 * A stamp only grows and a month's row is never removed, so the sum grows with every change to
 * the division's figures in the period, whichever process made it.
 */
async function stampsOf(codes: string[], period: Period): Promise<Map<string, number>> {
  return read(async (db) => {
    const rows = await rowsOf<{ divisionCode: string; stamp: number }>(
      db,
      sql`
      SELECT division_code AS "divisionCode", sum(changed_at) AS stamp FROM stat_month_changes
      WHERE ${inDivisions(codes)} AND ${inMonths(period)}
      GROUP BY division_code`,
    );
    return new Map(rows.map((r) => [r.divisionCode, r.stamp]));
  });
}

/**
 * Per-division figures of a period that are costly to sum from the tables of sums, remembered in
 * the process with the stamp they were read under. A view sums again only the divisions whose
 * figures changed since; the province's dashboard does not regroup a year of every division's
 * rows because one city received a truck.
 *
 * The stamps are read before the figures: a change committed in between leaves figures newer
 * than their stamp, which costs one more read later and never shows an old figure.
 */
export class RememberedByDivision<Row extends { divisionCode: string }> {
  readonly #entries = new Map<string, { stamp: number; value: Row[] }>();

  constructor(
    private readonly capacity: number,
    private readonly sum: (codes: string[], period: Period, variant: string) => Promise<Row[]>,
  ) {}

  /** `variant` tells apart figures of one period read differently (e.g. against another target). */
  async of(codes: string[], period: Period, variant = ""): Promise<Map<string, Row[]>> {
    const result = new Map<string, Row[]>();
    if (codes.length === 0) return result;
    const stamps = await stampsOf(codes, period);
    const stale: string[] = [];
    for (const code of codes) {
      const key = `${code} ${period.from} ${period.to} ${variant}`;
      const entry = this.#entries.get(key);
      if (entry && entry.stamp === (stamps.get(code) ?? 0)) {
        // Most recently used last, so the oldest goes first when full.
        this.#entries.delete(key);
        this.#entries.set(key, entry);
        result.set(code, entry.value);
      } else stale.push(code);
    }
    if (stale.length > 0) {
      const fresh = new Map<string, Row[]>();
      for (const row of await this.sum(stale, period, variant)) {
        const rows = fresh.get(row.divisionCode);
        if (rows) rows.push(row);
        else fresh.set(row.divisionCode, [row]);
      }
      for (const code of stale) {
        const value = fresh.get(code) ?? [];
        this.#entries.set(`${code} ${period.from} ${period.to} ${variant}`, {
          stamp: stamps.get(code) ?? 0,
          value,
        });
        result.set(code, value);
      }
      while (this.#entries.size > this.capacity) {
        const oldest = this.#entries.keys().next().value;
        if (oldest === undefined) break;
        this.#entries.delete(oldest);
      }
    }
    return result;
  }
}
