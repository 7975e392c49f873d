import { type SQL, sql } from "drizzle-orm";
import { db } from "#db/client";
import { haulFactors } from "../matching/matching.server";
import type { Period } from "./scope.server";

/**
 * Sums of trip order-months (stat_order_monthly) in one group: trips dispatched in the period's
 * months (closure, by dispatch date; voided trips never count) and trips received in them (net kg
 * by receipt date), with the haul CO₂ estimate. Every trip figure of an area, project, facility or
 * order is such a sum over the same rows, so a figure and the rows it drills down to add up.
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
   * Haul CO₂ estimate, whole grams: per order and receipt month, net t × road km × g/(t·km),
   * rounded once, so every total is a sum of the same whole numbers.
   */
  haulGrams: number;
};

/** Road metres of a route recorded in straight-line metres: × the road factor, as matching does. */
export const roadMetres = (routeM: number, roadFactor: number) => Math.round(routeM * roadFactor);

/**
 * The haul of one order-month in SQL: the one place the rounding happens. The factors are
 * settings read per call, so a changed factor applies to every figure alike.
 */
function haulSql() {
  const { roadFactor, co2GramsPerTonneKm } = haulFactors();
  return sql`CAST(round(received_kg * round(route_m * ${roadFactor}) * ${co2GramsPerTonneKm}
    / 1000000.0) AS INTEGER)`;
}

const sums = () => sql`sum(received_kg) AS receivedKg, sum(received) AS received,
  sum(dispatched) AS dispatched, sum(closed) AS closed, sum(rejected) AS rejected,
  sum(${haulSql()}) AS haulGrams`;

const inDivisions = (codes: string[]) =>
  sql`division_code IN (${sql.join(
    codes.map((c) => sql`${c}`),
    sql`, `,
  )})`;

const inMonths = (period: Period) => sql`month BETWEEN ${period.from} AND ${period.to}`;

/** An area's trips by division and month: what the dashboard's figures are made of. */
export function tripsByDivisionMonth(codes: string[], period: Period) {
  if (codes.length === 0) return [];
  return db.all<TripCell & { divisionCode: string; month: string }>(sql`
    SELECT division_code AS divisionCode, month, ${sums()}
    FROM stat_order_monthly WHERE ${inDivisions(codes)} AND ${inMonths(period)}
    GROUP BY division_code, month`);
}

/** A row of trips grouped by one record and the destination type (for its tonnes). */
export type TripRow = TripCell & { id: number; facilityType: string };

function tripsBy(column: "project_id" | "facility_id" | "order_id", where: SQL, period: Period) {
  return db.all<TripRow>(sql`
    SELECT ${sql.raw(column)} AS id, facility_type AS facilityType, ${sums()}
    FROM stat_order_monthly WHERE ${where} AND ${inMonths(period)}
    GROUP BY ${sql.raw(column)}, facility_type`);
}

/** The trips of each project of some divisions. */
export function tripsByProject(codes: string[], period: Period) {
  if (codes.length === 0) return [];
  return tripsBy("project_id", inDivisions(codes), period);
}

/** The trips to each facility from projects of some divisions. */
export function tripsByFacility(codes: string[], period: Period) {
  if (codes.length === 0) return [];
  return tripsBy("facility_id", inDivisions(codes), period);
}

/** The trips of each order of one project, if it lies in the divisions. */
export function tripsOfProjectByOrder(codes: string[], projectId: number, period: Period) {
  if (codes.length === 0) return [];
  return tripsBy("order_id", sql`project_id = ${projectId} AND ${inDivisions(codes)}`, period);
}

/** The trips of each order to one facility from projects of some divisions. */
export function tripsOfFacilityByOrder(codes: string[], facilityId: number, period: Period) {
  if (codes.length === 0) return [];
  return tripsBy("order_id", sql`facility_id = ${facilityId} AND ${inDivisions(codes)}`, period);
}

/** The trips of one order, if its project lies in the divisions. */
export function tripsOfOrder(codes: string[], orderId: number, period: Period) {
  if (codes.length === 0) return [];
  return tripsBy("order_id", sql`order_id = ${orderId} AND ${inDivisions(codes)}`, period);
}
