import { type SQL, sql } from "drizzle-orm";
import { db } from "#db/client";
import { SHANGHAI_OFFSET_MS } from "../clock";
import { haversineKm } from "../geo";
import { getSetting } from "../settings/settings.server";
import { type Period, periodBounds } from "./scope.server";

/**
 * The trips of one waste order in one month (Asia/Shanghai): those received in the month (net
 * tonnes, by receipt date) and those dispatched in it (closure, by dispatch date). An order fixes
 * the route (project → facility), the waste class and the destination type, so every figure drawn
 * from trips — tonnes, closure, haul CO₂ — adds up the same way on the dashboard and on each
 * drill-down page, down to the order's manifests.
 */
export type OrderMonth = {
  orderId: number;
  projectId: number;
  facilityId: number;
  facilityType: string;
  wasteClass: string;
  divisionCode: string;
  month: string;
  /** Net kg of the trips received in the month. */
  receivedKg: number;
  /** Trips received in the month. */
  received: number;
  /** Trips dispatched in the month, voided ones excluded (a voided trip never happened). */
  dispatched: number;
  /** Of the trips dispatched in the month: received or rejected. */
  closed: number;
  rejected: number;
  /** Of the trips dispatched in the month: still in transit. */
  open: number;
};

const monthOf = (column: SQL) =>
  sql`strftime('%Y-%m', (${column} + ${SHANGHAI_OFFSET_MS}) / 1000, 'unixepoch')`;

const facts = sql`order_id AS orderId, project_id AS projectId, facility_id AS facilityId,
  facility_type AS facilityType, waste_class AS wasteClass, division_code AS divisionCode`;

/**
 * The order-months of a period for the manifests matched by `where` (always a division filter, so
 * nothing outside the area is read). Computed exactly from the manifests, each part on the
 * division/receipt index: receipts by their receipt date; dispatches of the period, which were
 * received on or after its start or not at all.
 */
function orderMonths(where: SQL, period: Period): OrderMonth[] {
  const { start, end } = periodBounds(period);
  const s = start.getTime();
  const e = end.getTime();
  const receipts = db.all<{
    orderId: number;
    month: string;
    receivedKg: number;
    received: number;
  }>(sql`
    SELECT ${facts}, ${monthOf(sql`received_at`)} AS month,
      sum(net_kg) AS receivedKg, count(*) AS received
    FROM manifests
    WHERE ${where} AND received_at >= ${s} AND received_at < ${e} AND status = 'received'
    GROUP BY order_id, month`);
  const dispatches = (weighed: SQL) =>
    db.all<{
      orderId: number;
      month: string;
      dispatched: number;
      closed: number;
      rejected: number;
      open: number;
    }>(sql`
      SELECT ${facts}, ${monthOf(sql`dispatched_at`)} AS month,
        count(*) AS dispatched,
        sum(status IN ('received', 'rejected')) AS closed,
        sum(status = 'rejected') AS rejected,
        sum(status = 'dispatched') AS open
      FROM manifests
      WHERE ${where} AND ${weighed}
        AND dispatched_at >= ${s} AND dispatched_at < ${e} AND status <> 'voided'
      GROUP BY order_id, month`);
  const rows = new Map<string, OrderMonth>();
  const row = (
    r: Omit<OrderMonth, "receivedKg" | "received" | "dispatched" | "closed" | "rejected" | "open">,
  ) => {
    const key = `${r.orderId}|${r.month}`;
    let found = rows.get(key);
    if (!found) {
      found = {
        orderId: r.orderId,
        projectId: r.projectId,
        facilityId: r.facilityId,
        facilityType: r.facilityType,
        wasteClass: r.wasteClass,
        divisionCode: r.divisionCode,
        month: r.month,
        receivedKg: 0,
        received: 0,
        dispatched: 0,
        closed: 0,
        rejected: 0,
        open: 0,
      };
      rows.set(key, found);
    }
    return found;
  };
  for (const r of receipts as (OrderMonth & { receivedKg: number })[]) {
    const o = row(r);
    o.receivedKg += r.receivedKg;
    o.received += r.received;
  }
  for (const r of [
    ...dispatches(sql`received_at >= ${s}`),
    ...dispatches(sql`received_at IS NULL`),
  ] as OrderMonth[]) {
    const o = row(r);
    o.dispatched += r.dispatched;
    o.closed += r.closed;
    o.rejected += r.rejected;
    o.open += r.open;
  }
  return [...rows.values()];
}

const codesList = (codes: string[]) =>
  sql.join(
    codes.map((c) => sql`${c}`),
    sql`, `,
  );

/** The order-months of every project in some divisions. */
export function orderMonthsOfDivisions(codes: string[], period: Period): OrderMonth[] {
  if (codes.length === 0) return [];
  return orderMonths(sql`division_code IN (${codesList(codes)})`, period);
}

/** The order-months of one project (through its listings' orders), if it lies in the divisions. */
export function orderMonthsOfProject(codes: string[], projectId: number, period: Period) {
  if (codes.length === 0) return [];
  return orderMonths(
    sql`order_id IN (SELECT o.id FROM waste_orders o JOIN waste_listings l ON l.id = o.listing_id
          WHERE l.project_id = ${projectId})
        AND division_code IN (${codesList(codes)})`,
    period,
  );
}

/** The order-months of the trips to one facility from projects in some divisions. */
export function orderMonthsOfFacility(codes: string[], facilityId: number, period: Period) {
  if (codes.length === 0) return [];
  return orderMonths(
    sql`facility_id = ${facilityId} AND status IN ('dispatched', 'received', 'rejected')
        AND division_code IN (${codesList(codes)})`,
    period,
  );
}

/** The order-months of one order, if its project lies in the divisions. */
export function orderMonthsOfOrder(codes: string[], orderId: number, period: Period) {
  if (codes.length === 0) return [];
  return orderMonths(sql`order_id = ${orderId} AND division_code IN (${codesList(codes)})`, period);
}

/** Haul factors (settings): all haul figures are estimates and are shown with these. */
export function haulFactors() {
  return {
    roadFactor: getSetting("roadFactor"),
    co2GramsPerTonneKm: getSetting("haulCo2GramsPerTonneKm"),
  };
}
export type HaulFactors = ReturnType<typeof haulFactors>;

/** Road metres of a route: straight line × road factor, as the matching estimates it. */
export function roadMetres(
  from: { lat: number; lon: number },
  to: { lat: number; lon: number },
  factors: HaulFactors,
): number {
  return Math.round(haversineKm(from, to) * 1000 * factors.roadFactor);
}

/**
 * Haul CO₂ in whole grams of `netKg` carried `metres`: t × km × g/(t·km). Rounded once per order
 * and month, so every total is a sum of the same whole numbers.
 */
export function haulGrams(netKg: number, metres: number, factors: HaulFactors): number {
  return Math.round((netKg * metres * factors.co2GramsPerTonneKm) / 1_000_000);
}

type Point = { lat: number; lon: number };

function positions(table: "projects" | "facilities", ids: Set<number>): Map<number, Point> {
  if (ids.size === 0) return new Map();
  const rows = db.all<{ id: number; lat: number; lon: number }>(sql`
    SELECT id, lat, lon FROM ${sql.raw(table)}
    WHERE id IN (SELECT value FROM json_each(${JSON.stringify([...ids])}))`);
  return new Map(rows.map((r) => [r.id, { lat: r.lat, lon: r.lon }]));
}

/** The road metres of each order's route (its project → its facility), for some cells. */
export function routeMetres(
  trips: readonly Pick<OrderMonth, "orderId" | "projectId" | "facilityId">[],
  factors: HaulFactors,
): Map<number, number> {
  const projects = positions("projects", new Set(trips.map((c) => c.projectId)));
  const facilities = positions("facilities", new Set(trips.map((c) => c.facilityId)));
  const metres = new Map<number, number>();
  for (const c of trips) {
    if (metres.has(c.orderId)) continue;
    const from = projects.get(c.projectId);
    const to = facilities.get(c.facilityId);
    metres.set(c.orderId, from && to ? roadMetres(from, to, factors) : 0);
  }
  return metres;
}
