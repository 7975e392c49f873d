import { sql } from "drizzle-orm";
import { inValues, rowsOf } from "#db/sql";
import { read } from "#db/store";
import type { Actor } from "../access";
import { raiseDueAlerts } from "../alerts";
import { haulFactors } from "../matching";
import {
  areaMonths,
  divisionsOf,
  governmentCompliance,
  haulGrams,
  jurisdictionOf,
  monthsOf,
  type Period,
  rateBp,
  type TripCell,
  withNames,
} from "../metrics";
import { PROVINCE_CODE } from "../reference";
import { getSetting } from "../settings";
import { type Delivered, deliveredByClassIn } from "./deliveries.server";
import { areaTonnage } from "./utilization.server";

/** Trips dispatched in a period (voided ones excluded) and how many of them are closed. */
export type Closure = {
  dispatched: number;
  /** Received or rejected. */
  closed: number;
  received: number;
  rejected: number;
  /** Still in transit. */
  open: number;
  rateBp: number | null;
};

export const emptyClosure = (): Closure => ({
  dispatched: 0,
  closed: 0,
  received: 0,
  rejected: 0,
  open: 0,
  rateBp: null,
});

/** Extra figures of a bucket (the total, a month, a division) beside its tonnes. */
export type TripFigures = {
  closure: Closure;
  /** Haul work: Σ received kg × straight-line route metres, exact (see TripCell). */
  haulKgm: number;
  /** Haul CO₂ estimate from haulKgm, whole grams (set by finish). */
  haulGrams: number;
  /** Net kg the haul estimate is for (received trips in the period). */
  haulNetKg: number;
  deliveredGrams: number;
  deliveries: number;
};

export const emptyTripFigures = (): TripFigures => ({
  closure: emptyClosure(),
  haulKgm: 0,
  haulGrams: 0,
  haulNetKg: 0,
  deliveredGrams: 0,
  deliveries: 0,
});

/** Adds trips to a bucket: their dispatches to the closure, their receipts to the haul estimate. */
export function addTrips(into: TripFigures, cell: TripCell) {
  into.closure.dispatched += cell.dispatched;
  into.closure.closed += cell.closed;
  into.closure.received += cell.closed - cell.rejected;
  into.closure.rejected += cell.rejected;
  into.closure.open += cell.dispatched - cell.closed;
  into.haulNetKg += cell.receivedKg;
  into.haulKgm += cell.routeKgm;
}

export function addDelivered(into: TripFigures, cell: Pick<Delivered, "grams" | "deliveries">) {
  into.deliveredGrams += cell.grams;
  into.deliveries += cell.deliveries;
}

/** Closes the books on a bucket: the closure rate from its counts, the haul CO₂ from its work. */
export function finish<T extends TripFigures>(bucket: T, factors: HaulFactors): T {
  bucket.closure.rateBp = rateBp(bucket.closure.closed, bucket.closure.dispatched);
  bucket.haulGrams = haulGrams(bucket.haulKgm, factors);
  return bucket;
}

type HaulFactors = Parameters<typeof haulGrams>[1];

/** Open trip alerts (unclosed manifests, weight discrepancies) of some divisions, by division. */
export async function openAlertsByDivision(
  codes: string[],
): Promise<Map<string, Record<string, number>>> {
  return read(async (db) => {
    const result = new Map<string, Record<string, number>>();
    if (codes.length === 0) return result;
    const rows = await rowsOf<{ divisionCode: string; kind: string; n: number }>(
      db,
      sql`
    SELECT division_code AS "divisionCode", kind, count(*) AS n FROM alerts
    WHERE ${inValues(sql.identifier("division_code"), codes)}
      AND resolved_at IS NULL
    GROUP BY division_code, kind`,
    );
    for (const r of rows) {
      const entry = result.get(r.divisionCode) ?? {};
      entry[r.kind] = r.n;
      result.set(r.divisionCode, entry);
    }
    return result;
  });
}

const sumValues = (record: Record<string, number> | undefined) =>
  Object.values(record ?? {}).reduce((s, n) => s + n, 0);

/** Estimate factors shown beside the CO₂ figures. */
export async function co2Factors() {
  const { roadFactor, co2GramsPerTonneKm } = await haulFactors();
  return {
    roadFactor,
    co2GramsPerTonneKm,
    avoidedGramsPerTonne: await getSetting("avoidedCo2GramsPerTonne"),
  };
}

/** CO₂e of the natural aggregate recycled tonnes replace, whole grams (an estimate). */
export const avoidedGrams = (recycledKg: number, gramsPerTonne: number) =>
  Math.round((recycledKg * gramsPerTonne) / 1000);

/**
 * What an area's figures are drawn from, read once and shared by the dashboard and the drill-down
 * pages, so a page and the figure that links to it add up the same records.
 */
export async function gather(area: string, period: Period) {
  const codes = divisionsOf(area);
  const tonnage = await areaTonnage(area, period);
  const factors = await co2Factors();
  return {
    area,
    period,
    codes,
    tonnage,
    factors,
    months: await areaMonths(codes, period),
    deliveredByClass: await deliveredByClassIn(codes, period),
    compliance: await governmentCompliance(codes, period, tonnage.definitions.usageTargetPct),
    alerts: await openAlertsByDivision(codes),
  };
}
export type Gathered = Awaited<ReturnType<typeof gather>>;

/**
 * Every figure of the dashboard (DESIGN.md §4) for an area — the province or one division — and a
 * period of whole months (Asia/Shanghai):
 *
 * - tonnes by receipt month from stat_monthly (see areaTonnage), with the rates over the waste
 *   classes of the definitions in force for the period's last month, against their targets;
 * - recycled products delivered: confirmed deliveries to projects in the area, grams, by
 *   confirmation month;
 * - government-invested projects complying with the usage rule over the period's reports, in
 *   total and by division;
 * - manifest closure: trips dispatched in the period (voided excluded) that are received or
 *   rejected ÷ all of them (stat_order_monthly);
 * - open trip alerts now;
 * - haul CO₂ (estimate): per order and receipt month, net t × road km (the straight line from
 *   project to facility recorded on the order × the road factor) × g CO₂e/(t·km); CO₂ avoided
 *   (estimate): recycled t × the natural-aggregate factor.
 */
export function summarise(g: Gathered) {
  const { period, tonnage, factors } = g;
  const { definitions } = tonnage;
  const total = emptyTripFigures();
  const byMonth = new Map(monthsOf(period).map((m) => [m, emptyTripFigures()]));
  const byDivision = new Map(g.codes.map((c) => [c, emptyTripFigures()]));
  for (const row of g.months) {
    const delivered = { grams: row.deliveredGrams, deliveries: row.deliveries };
    for (const bucket of [total, byDivision.get(row.divisionCode), byMonth.get(row.month)]) {
      if (!bucket) continue;
      addTrips(bucket, row);
      addDelivered(bucket, delivered);
    }
  }
  const openAlerts: Record<string, number> = {};
  for (const kinds of g.alerts.values()) {
    for (const [kind, n] of Object.entries(kinds)) openAlerts[kind] = (openAlerts[kind] ?? 0) + n;
  }
  const tripsOf = (bucket: TripFigures | undefined) =>
    finish(bucket ?? emptyTripFigures(), factors);
  const complying = g.compliance.filter((p) => p.complies);
  // Each project is judged on its own reports and deliveries, so a division's projects are
  // judged alike whether the area is the division or the province around it.
  const judgedIn = new Map<string, { judged: number; complying: number }>();
  for (const p of g.compliance) {
    const counts = judgedIn.get(p.divisionCode) ?? { judged: 0, complying: 0 };
    counts.judged++;
    if (p.complies) counts.complying++;
    judgedIn.set(p.divisionCode, counts);
  }
  const complianceIn = (divisionCode: string) =>
    judgedIn.get(divisionCode) ?? { judged: 0, complying: 0 };
  return {
    area: g.area,
    period,
    definitions,
    factors,
    total: {
      ...tonnage.total,
      ...tripsOf(total),
      avoidedGrams: avoidedGrams(tonnage.total.recycledKg, factors.avoidedGramsPerTonne),
      openAlerts: sumValues(openAlerts),
    },
    openAlertsByKind: openAlerts,
    byMonth: tonnage.byMonth.map((m) => ({ ...m, ...tripsOf(byMonth.get(m.month)) })),
    byDivision: tonnage.byDivision.map((d) => ({
      ...d,
      ...tripsOf(byDivision.get(d.divisionCode)),
      avoidedGrams: avoidedGrams(d.recycledKg, factors.avoidedGramsPerTonne),
      openAlerts: sumValues(g.alerts.get(d.divisionCode)),
      compliance: complianceIn(d.divisionCode),
    })),
    byClass: tonnage.byClass,
    deliveredByClass: g.deliveredByClass
      .map(({ materialClass, grams, deliveries }) => ({ materialClass, grams, deliveries }))
      .sort((a, b) => b.grams - a.grams || a.materialClass.localeCompare(b.materialClass)),
    compliance: {
      targetPct: definitions.usageTargetPct,
      judged: g.compliance.length,
      complying: complying.length,
      /** The first complying projects; the compliance drill-down pages through all of them. */
      projects: complying.slice(0, DASHBOARD_LIST),
    },
  };
}

/** How many complying projects the dashboard lists; the drill-down lists them all. */
export const DASHBOARD_LIST = 20;

export const areaFigures = async (area: string, period: Period) =>
  summarise(await gather(area, period));
export type AreaFigures = Awaited<ReturnType<typeof areaFigures>>;

/** The department's dashboard: every figure for its whole jurisdiction. */
export async function dashboard(actor: Actor, period: Period) {
  const jurisdiction = jurisdictionOf(actor);
  // The trip alerts counted are the ones the alerts page lists: raise any that fell due first.
  await raiseDueAlerts();
  const figures = await areaFigures(jurisdiction, period);
  return {
    jurisdiction,
    ...figures,
    // A city's own division is the whole; the breakdown is the province's.
    byDivision: jurisdiction === PROVINCE_CODE ? figures.byDivision : [],
    compliance: {
      ...figures.compliance,
      projects: await withNames(figures.compliance.projects),
    },
  };
}
