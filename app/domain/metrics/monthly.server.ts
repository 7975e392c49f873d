import { sql } from "drizzle-orm";
import { statMonthly } from "#db/schema";
import { execute, greater, rowOf } from "#db/sql";
import type { Tx } from "#db/store";
import { now, shanghaiMonth } from "../clock";
import { productTypeByKey } from "../reference";

/**
 * Stamps a division's month as changed, in the transaction that changed its figures. A stamp only
 * ever grows, by at least 1 even within one millisecond, so a reader that remembers stamps (see
 * RememberedByDivision) sees every change.
 */
async function markChanged(tx: Tx, divisionCode: string, month: string): Promise<void> {
  await execute(
    tx,
    sql`
    INSERT INTO stat_month_changes (division_code, month, changed_at)
    VALUES (${divisionCode}, ${month}, ${now().getTime()})
    ON CONFLICT (division_code, month) DO UPDATE SET changed_at = ${greater(sql.raw("stat_month_changes.changed_at + 1"), sql.raw("excluded.changed_at"))}`,
  );
}

/** What declared off-platform disposal is filed under, next to the real facility types. */
export const OFF_PLATFORM = "off_platform";

/**
 * Adds to the monthly figures inside the caller's transaction, so they change together with the
 * record they are drawn from (a receipt, a listing close-out) or not at all.
 */
export async function addToMonthly(
  tx: Tx,
  entry: {
    at: Date;
    divisionCode: string;
    wasteClass: string;
    facilityType: string;
    netKg: number;
    trips: number;
  },
): Promise<void> {
  await markChanged(tx, entry.divisionCode, shanghaiMonth(entry.at));
  await tx
    .insert(statMonthly)
    .values({
      month: shanghaiMonth(entry.at),
      divisionCode: entry.divisionCode,
      wasteClass: entry.wasteClass,
      facilityType: entry.facilityType,
      netKg: entry.netKg,
      trips: entry.trips,
    })
    .onConflictDoUpdate({
      target: [
        statMonthly.month,
        statMonthly.divisionCode,
        statMonthly.wasteClass,
        statMonthly.facilityType,
      ],
      set: {
        netKg: sql`${statMonthly.netKg} + ${entry.netKg}`,
        trips: sql`${statMonthly.trips} + ${entry.trips}`,
      },
    });
}

/** The facts of a trip that place it in stat_order_monthly. */
type TripFacts = {
  orderId: number;
  projectId: number;
  facilityId: number;
  facilityType: string;
  wasteClass: string;
  divisionCode: string;
};

/** The trip counts every trip table sums. */
const TRIP_SUMS = ["received_kg", "received", "dispatched", "closed", "rejected"];

/** Each table of sums by its key: the row an event adds to. */
const sumKeys = {
  stat_order_monthly: ["division_code", "month", "order_id"],
  stat_area_monthly: ["division_code", "month"],
  stat_facility_monthly: ["division_code", "month", "facility_id"],
  stat_delivered_monthly: ["division_code", "month", "product_type", "project_id"],
  stat_usage_monthly: ["division_code", "month", "project_id", "material_class"],
  stat_usage_to_date: ["division_code", "project_id", "material_class"],
} as const;

/** The upsert clause of a table of sums: a row that exists takes the new row's columns added. */
const addingUp = (table: keyof typeof sumKeys, ...columns: string[]) =>
  sql.raw(
    `ON CONFLICT (${sumKeys[table].join(", ")}) DO UPDATE SET ${columns
      .map((c) => `${c} = ${table}.${c} + excluded.${c}`)
      .join(", ")}`,
  );

/** What one event changes in a trip's order-month. */
type TripChange = Partial<
  Record<"receivedKg" | "received" | "dispatched" | "closed" | "rejected", number>
>;

/**
 * Adds an event of a trip (dispatched, received, rejected, voided) to its order's, its area's and
 * its facility's month, inside the caller's transaction: `at` is the dispatch time for closure counts,
 * the receipt time for received tonnes.
 */
export async function addToOrderMonthly(
  tx: Tx,
  trip: TripFacts,
  at: Date,
  change: TripChange,
): Promise<void> {
  await markChanged(tx, trip.divisionCode, shanghaiMonth(at));
  const c = {
    receivedKg: change.receivedKg ?? 0,
    received: change.received ?? 0,
    dispatched: change.dispatched ?? 0,
    closed: change.closed ?? 0,
    rejected: change.rejected ?? 0,
  };
  await execute(
    tx,
    sql`
    INSERT INTO stat_order_monthly (division_code, month, order_id, project_id, facility_id,
      facility_type, waste_class, route_m, received_kg, received, dispatched, closed, rejected)
    SELECT ${trip.divisionCode}, ${shanghaiMonth(at)}, id, ${trip.projectId}, ${trip.facilityId},
      ${trip.facilityType}, ${trip.wasteClass}, route_m, ${c.receivedKg}, ${c.received},
      ${c.dispatched}, ${c.closed}, ${c.rejected}
    FROM waste_orders WHERE id = ${trip.orderId}
    ${addingUp("stat_order_monthly", ...TRIP_SUMS)}`,
  );
  await execute(
    tx,
    sql`
    INSERT INTO stat_area_monthly (division_code, month, received_kg, received, dispatched, closed,
      rejected, route_kgm)
    SELECT ${trip.divisionCode}, ${shanghaiMonth(at)}, ${c.receivedKg}, ${c.received},
      ${c.dispatched}, ${c.closed}, ${c.rejected}, ${c.receivedKg} * route_m
    FROM waste_orders WHERE id = ${trip.orderId}
    ${addingUp("stat_area_monthly", ...TRIP_SUMS, "route_kgm")}`,
  );
  await execute(
    tx,
    sql`
    INSERT INTO stat_facility_monthly (division_code, month, facility_id, facility_type,
      received_kg, received, dispatched, closed, rejected, route_kgm)
    SELECT ${trip.divisionCode}, ${shanghaiMonth(at)}, ${trip.facilityId}, ${trip.facilityType},
      ${c.receivedKg}, ${c.received}, ${c.dispatched}, ${c.closed}, ${c.rejected},
      ${c.receivedKg} * route_m
    FROM waste_orders WHERE id = ${trip.orderId}
    ${addingUp("stat_facility_monthly", ...TRIP_SUMS, "route_kgm")}`,
  );
}

/**
 * Adds a confirmed delivery to its project's and its area's month, and for a government-invested
 * project to its usage of the product's material class, in the confirming transaction.
 */
export async function addToDeliveredMonthly(
  tx: Tx,
  delivery: {
    divisionCode: string;
    projectId: number;
    governmentInvested: boolean;
    productType: string;
    grams: number;
  },
  at: Date,
): Promise<void> {
  await markChanged(tx, delivery.divisionCode, shanghaiMonth(at));
  await execute(
    tx,
    sql`
    INSERT INTO stat_delivered_monthly (division_code, month, project_id, product_type, grams,
      deliveries)
    VALUES (${delivery.divisionCode}, ${shanghaiMonth(at)}, ${delivery.projectId},
      ${delivery.productType}, ${delivery.grams}, 1)
    ${addingUp("stat_delivered_monthly", "grams", "deliveries")}`,
  );
  await execute(
    tx,
    sql`
    INSERT INTO stat_area_monthly (division_code, month, delivered_grams, deliveries)
    VALUES (${delivery.divisionCode}, ${shanghaiMonth(at)}, ${delivery.grams}, 1)
    ${addingUp("stat_area_monthly", "delivered_grams", "deliveries")}`,
  );
  const materialClass = productTypeByKey(delivery.productType)?.materialClass;
  if (delivery.governmentInvested && materialClass) {
    await execute(
      tx,
      sql`
      INSERT INTO stat_usage_monthly (division_code, month, project_id, material_class,
        delivered_grams)
      VALUES (${delivery.divisionCode}, ${shanghaiMonth(at)}, ${delivery.projectId},
        ${materialClass}, ${delivery.grams})
      ${addingUp("stat_usage_monthly", "delivered_grams")}`,
    );
    await execute(
      tx,
      sql`
      INSERT INTO stat_usage_to_date (division_code, project_id, material_class, delivered_grams)
      VALUES (${delivery.divisionCode}, ${delivery.projectId}, ${materialClass}, ${delivery.grams})
      ${addingUp("stat_usage_to_date", "delivered_grams")}`,
    );
  }
}

/**
 * Puts a government-invested project's report of one class and month into its usage row, in the
 * reporting transaction: a report replaces the month's figures, so the row takes its values.
 */
export async function setUsageReport(
  tx: Tx,
  report: {
    divisionCode: string;
    projectId: number;
    materialClass: string;
    month: string;
    totalKg: number;
    offPlatformKg: number;
  },
): Promise<void> {
  await markChanged(tx, report.divisionCode, report.month);
  // The month's figures are replaced; the figures to date change by the difference.
  const before = await rowOf<{ totalKg: number; offPlatformKg: number }>(
    tx,
    sql`
    SELECT total_kg AS "totalKg", off_platform_kg AS "offPlatformKg" FROM stat_usage_monthly
    WHERE division_code = ${report.divisionCode} AND month = ${report.month}
      AND project_id = ${report.projectId} AND material_class = ${report.materialClass}`,
  );
  await execute(
    tx,
    sql`
    INSERT INTO stat_usage_monthly (division_code, month, project_id, material_class, total_kg,
      off_platform_kg)
    VALUES (${report.divisionCode}, ${report.month}, ${report.projectId}, ${report.materialClass},
      ${report.totalKg}, ${report.offPlatformKg})
    ON CONFLICT (${sql.raw(sumKeys.stat_usage_monthly.join(", "))}) DO UPDATE SET
      total_kg = excluded.total_kg, off_platform_kg = excluded.off_platform_kg`,
  );
  await execute(
    tx,
    sql`
    INSERT INTO stat_usage_to_date (division_code, project_id, material_class, total_kg,
      off_platform_kg)
    VALUES (${report.divisionCode}, ${report.projectId}, ${report.materialClass},
      ${report.totalKg - (before?.totalKg ?? 0)}, ${report.offPlatformKg - (before?.offPlatformKg ?? 0)})
    ${addingUp("stat_usage_to_date", "total_kg", "off_platform_kg")}`,
  );
}
