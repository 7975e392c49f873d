import { type SQL, sql } from "drizzle-orm";
import { inValues, rowsOf, valueRows } from "#db/sql";
import { read } from "#db/store";
import { type Period, periodBounds } from "./scope.server";

/**
 * Sums of trip order-months (stat_order_monthly) in one group: trips dispatched in the period's
 * months (closure, by dispatch date; voided trips never count) and trips received in them (net kg
 * by receipt date, and their haul work). Every trip figure of an area, project, facility or order
 * is such an exact sum over the same rows, so a figure and the rows it drills down to add up.
 */
export type TripCell = {
  /** Net kg of the trips received in the period. */
  receivedKg: number;
  received: number;
  /** Trips dispatched in the period, voided ones excluded. */
  dispatched: number;
  /** Of the trips dispatched in the period: received or rejected. */
  closed: number;
  rejected: number;
  /**
   * Σ received kg × the order's straight-line route in metres: the haul work, exact, that the
   * CO₂ estimate multiplies by the road factor and g/(t·km) (see haulGrams).
   */
  routeKgm: number;
};

/** Road metres of a route recorded in straight-line metres: × the road factor, as matching does. */
export const roadMetres = (routeM: number, roadFactor: number) => Math.round(routeM * roadFactor);

const sums = sql`sum(received_kg) AS "receivedKg", sum(received) AS received,
  sum(dispatched) AS dispatched, sum(closed) AS closed, sum(rejected) AS rejected,
  sum(received_kg * route_m) AS "routeKgm"`;

/**
 * Haul CO₂ estimate in whole grams of some haul work: kg·m × road factor × g/(t·km) ÷ 10⁶ (a kg·m
 * is a millionth of a t·km). Rounded once per figure, after the exact sum.
 */
export function haulGrams(
  routeKgm: number,
  factors: { roadFactor: number; co2GramsPerTonneKm: number },
) {
  return Math.round((routeKgm * factors.roadFactor * factors.co2GramsPerTonneKm) / 1_000_000);
}

/** Written out value by value, so partial indexes on the division apply. */
export const inDivisions = (codes: string[]) =>
  sql`division_code IN (${sql.join(
    codes.map((c) => sql`${c}`),
    sql`, `,
  )})`;

export const inMonths = (period: Period) => sql`month BETWEEN ${period.from} AND ${period.to}`;

/** An area's trip and delivery figures by division and month (stat_area_monthly). */
export async function areaMonths(codes: string[], period: Period) {
  return read(async (db) => {
    if (codes.length === 0) return [];
    return await rowsOf<
      TripCell & { divisionCode: string; month: string; deliveredGrams: number; deliveries: number }
    >(
      db,
      sql`
    SELECT division_code AS "divisionCode", month, received_kg AS "receivedKg", received,
      dispatched, closed, rejected, route_kgm AS "routeKgm", delivered_grams AS "deliveredGrams",
      deliveries
    FROM stat_area_monthly WHERE ${inDivisions(codes)} AND ${inMonths(period)}`,
    );
  });
}

/** A row of trips grouped by one record and the destination type (for its tonnes). */
export type TripRow = TripCell & { id: number; facilityType: string };

async function tripsBy(
  column: "project_id" | "facility_id" | "order_id",
  where: SQL,
  period: Period,
) {
  return read(async (db) => {
    return await rowsOf<TripRow>(
      db,
      sql`
    SELECT ${sql.raw(column)} AS id, facility_type AS "facilityType", ${sums}
    FROM stat_order_monthly WHERE ${where} AND ${inMonths(period)}
    GROUP BY ${sql.raw(column)}, facility_type`,
    );
  });
}

/** The trips of each of some projects that lie in the divisions. */
export async function tripsOfProjects(
  codes: string[],
  projectIds: readonly number[],
  period: Period,
) {
  if (codes.length === 0 || projectIds.length === 0) return [];
  return await tripsBy(
    "project_id",
    sql`${inValues(sql.identifier("project_id"), projectIds)}
      AND ${inDivisions(codes)}`,
    period,
  );
}

/**
 * One page of the projects of some divisions that had anything in the period — trips, received
 * or declared tonnes, deliveries, or a judgement under the usage rule (`alsoIds`) — ordered by
 * generated tonnes, trips dispatched and product delivered, largest first; with how many there
 * are. Ordered and cut in SQL, so a city of thousands of projects costs one grouped read.
 */
export async function projectsPage(
  codes: string[],
  period: Period,
  alsoIds: readonly number[],
  page: number,
  pageSize: number,
) {
  return read(async (db) => {
    if (codes.length === 0) return { ids: [] as number[], total: 0, page: 1 };
    const { start, end } = periodBounds(period);
    const pageAt = async (at: number) =>
      await rowsOf<{ id: number; total: number }>(
        db,
        sql`
      WITH activity (id, kg, dispatched, grams) AS (
        SELECT project_id, sum(received_kg), sum(dispatched), 0
        FROM stat_order_monthly WHERE ${inDivisions(codes)} AND ${inMonths(period)}
        GROUP BY project_id
        UNION ALL
        SELECT project_id, sum(disposed_off_platform_kg), 0, 0
        FROM waste_listings
        WHERE status = 'closed' AND disposed_off_platform_kg > 0 AND ${inDivisions(codes)}
          AND ended_at >= ${start.getTime()} AND ended_at < ${end.getTime()}
        GROUP BY project_id
        UNION ALL
        SELECT project_id, 0, 0, sum(grams)
        FROM stat_delivered_monthly WHERE ${inDivisions(codes)} AND ${inMonths(period)}
        GROUP BY project_id
        UNION ALL
        SELECT value, 0, 0, 0 FROM ${valueRows(alsoIds)}
      )
      SELECT id, count(*) OVER () AS total FROM activity GROUP BY id
      ORDER BY sum(kg) DESC, sum(dispatched) DESC, sum(grams) DESC, id
      LIMIT ${pageSize} OFFSET ${(at - 1) * pageSize}`,
      );
    let at = Math.max(1, page);
    let rows = await pageAt(at);
    if (rows.length === 0 && at > 1) {
      // Past the last page: show the last one.
      const total = (await pageAt(1))[0]?.total ?? 0;
      at = Math.max(1, Math.ceil(total / pageSize));
      rows = await pageAt(at);
    }
    return { ids: rows.map((r) => r.id), total: rows[0]?.total ?? 0, page: at };
  });
}

/** The trips to each facility from projects of some divisions (stat_facility_monthly). */
export async function tripsByFacility(codes: string[], period: Period) {
  return read(async (db) => {
    if (codes.length === 0) return [];
    return await rowsOf<TripRow>(
      db,
      sql`
    SELECT facility_id AS id, facility_type AS "facilityType", sum(received_kg) AS "receivedKg",
      sum(received) AS received, sum(dispatched) AS dispatched, sum(closed) AS closed,
      sum(rejected) AS rejected, sum(route_kgm) AS "routeKgm"
    FROM stat_facility_monthly WHERE ${inDivisions(codes)} AND ${inMonths(period)}
    GROUP BY facility_id, facility_type`,
    );
  });
}

/** The trips of each order of one project, if it lies in the divisions. */
export async function tripsOfProjectByOrder(codes: string[], projectId: number, period: Period) {
  if (codes.length === 0) return [];
  return await tripsBy(
    "order_id",
    sql`project_id = ${projectId} AND ${inDivisions(codes)}`,
    period,
  );
}

/** The trips of each order to one facility from projects of some divisions. */
export async function tripsOfFacilityByOrder(codes: string[], facilityId: number, period: Period) {
  if (codes.length === 0) return [];
  return await tripsBy(
    "order_id",
    sql`facility_id = ${facilityId} AND ${inDivisions(codes)}`,
    period,
  );
}

/** The trips of one order, if its project lies in the divisions. */
export async function tripsOfOrder(codes: string[], orderId: number, period: Period) {
  if (codes.length === 0) return [];
  return await tripsBy("order_id", sql`order_id = ${orderId} AND ${inDivisions(codes)}`, period);
}
