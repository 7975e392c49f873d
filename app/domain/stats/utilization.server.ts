import { and, count, eq, gt, gte, lt, sql, sum } from "drizzle-orm";
import { db } from "#db/client";
import { manifests, wasteListings } from "#db/schema";
import { type Actor, authorize } from "../accounts/actor";
import { addMonths, now, SHANGHAI_OFFSET_MS, shanghaiDayStart, shanghaiMonth } from "../clock";
import { PROVINCE_CODE } from "../reference/divisions";

export type Period = { from: string; to: string };

export function resolvePeriod(query: { from?: string; to?: string }): Period {
  const to = query.to ?? shanghaiMonth(now());
  const from = query.from && query.from <= to ? query.from : addMonths(to, -11);
  return { from, to };
}

export type Tonnage = {
  generatedKg: number;
  recycledKg: number;
  backfilledKg: number;
  landfilledKg: number;
  transferredKg: number;
  /** Declared at listing close-out as disposed of outside the platform: generated, not utilised. */
  offPlatformKg: number;
  manifests: number;
};

const emptyTonnage = (): Tonnage => ({
  generatedKg: 0,
  recycledKg: 0,
  backfilledKg: 0,
  landfilledKg: 0,
  transferredKg: 0,
  offPlatformKg: 0,
  manifests: 0,
});

const destination: Record<string, keyof Tonnage> = {
  recycling_plant: "recycledKg",
  backfill_site: "backfilledKg",
  landfill: "landfilledKg",
  transfer_station: "transferredKg",
};

/**
 * The department's figures (DESIGN.md §4) for its jurisdiction and a period of whole months,
 * by receipt date in Asia/Shanghai: generated = net tonnes of every received manifest from
 * projects in the jurisdiction, plus what listings closed in the period declared as disposed of
 * off-platform; recycled = those received at recycling plants.
 */
export function utilization(actor: Actor, period: Period) {
  authorize(actor, "stats.read");
  const jurisdiction = actor.divisionCode;
  const fromAt = shanghaiDayStart(`${period.from}-01`);
  const toAt = shanghaiDayStart(`${addMonths(period.to, 1)}-01`);
  const month = sql<string>`strftime('%Y-%m', (${manifests.receivedAt} + ${SHANGHAI_OFFSET_MS}) / 1000, 'unixepoch')`;
  const rows = db
    .select({
      divisionCode: manifests.divisionCode,
      month,
      facilityType: manifests.facilityType,
      netKg: sum(manifests.netKg).mapWith(Number),
      trips: count(),
    })
    .from(manifests)
    .where(
      and(
        eq(manifests.status, "received"),
        gte(manifests.receivedAt, fromAt),
        lt(manifests.receivedAt, toAt),
        jurisdiction === PROVINCE_CODE ? undefined : eq(manifests.divisionCode, jurisdiction),
      ),
    )
    .groupBy(manifests.divisionCode, month, manifests.facilityType)
    .all();
  const closedMonth = sql<string>`strftime('%Y-%m', (${wasteListings.endedAt} + ${SHANGHAI_OFFSET_MS}) / 1000, 'unixepoch')`;
  const offPlatform = db
    .select({
      divisionCode: wasteListings.divisionCode,
      month: closedMonth,
      kg: sum(wasteListings.disposedOffPlatformKg).mapWith(Number),
    })
    .from(wasteListings)
    .where(
      and(
        eq(wasteListings.status, "closed"),
        gt(wasteListings.disposedOffPlatformKg, 0),
        gte(wasteListings.endedAt, fromAt),
        lt(wasteListings.endedAt, toAt),
        jurisdiction === PROVINCE_CODE ? undefined : eq(wasteListings.divisionCode, jurisdiction),
      ),
    )
    .groupBy(wasteListings.divisionCode, closedMonth)
    .all();

  const total = emptyTonnage();
  const byMonth = new Map<string, Tonnage>();
  const byDivision = new Map<string, Tonnage>();
  for (let m = period.from; m <= period.to; m = addMonths(m, 1)) byMonth.set(m, emptyTonnage());
  for (const row of rows) {
    for (const bucket of [
      total,
      byMonth.get(row.month),
      byDivision.get(row.divisionCode) ?? newDivision(row.divisionCode),
    ]) {
      if (!bucket) continue;
      bucket.generatedKg += row.netKg;
      bucket.manifests += row.trips;
      const key = destination[row.facilityType];
      if (key) bucket[key] += row.netKg;
    }
  }
  for (const row of offPlatform) {
    for (const bucket of [
      total,
      byMonth.get(row.month),
      byDivision.get(row.divisionCode) ?? newDivision(row.divisionCode),
    ]) {
      if (!bucket) continue;
      bucket.generatedKg += row.kg;
      bucket.offPlatformKg += row.kg;
    }
  }
  function newDivision(code: string) {
    const bucket = emptyTonnage();
    byDivision.set(code, bucket);
    return bucket;
  }
  return {
    jurisdiction,
    period,
    total,
    byMonth: [...byMonth].map(([m, t]) => ({ month: m, ...t })),
    byDivision: [...byDivision]
      .map(([code, t]) => ({ divisionCode: code, ...t }))
      .sort((a, b) => b.generatedKg - a.generatedKg),
  };
}
