import { sql } from "drizzle-orm";
import { statMonthly } from "#db/schema";
import type { Tx } from "#db/store";
import { now, SHANGHAI_OFFSET_MS, shanghaiMonth } from "../clock";
import { productTypeByKey, productTypes } from "../reference";

/** Stamps a division's month as changed, in the transaction that changed its figures. */
function markChanged(tx: Tx, divisionCode: string, month: string): void {
  tx.run(sql`
    INSERT INTO stat_month_changes (division_code, month, changed_at)
    VALUES (${divisionCode}, ${month}, ${now().getTime()})
    ON CONFLICT DO UPDATE SET changed_at = max(changed_at, excluded.changed_at)`);
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
  markChanged(tx, entry.divisionCode, shanghaiMonth(entry.at));
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

/** The upsert clause of a table of sums: a row that exists takes the new row's columns added. */
const addingUp = (...columns: string[]) =>
  sql.raw(
    `ON CONFLICT DO UPDATE SET ${columns.map((c) => `${c} = ${c} + excluded.${c}`).join(", ")}`,
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
export function addToOrderMonthly(tx: Tx, trip: TripFacts, at: Date, change: TripChange): void {
  markChanged(tx, trip.divisionCode, shanghaiMonth(at));
  const c = {
    receivedKg: change.receivedKg ?? 0,
    received: change.received ?? 0,
    dispatched: change.dispatched ?? 0,
    closed: change.closed ?? 0,
    rejected: change.rejected ?? 0,
  };
  tx.run(sql`
    INSERT INTO stat_order_monthly (division_code, month, order_id, project_id, facility_id,
      facility_type, waste_class, route_m, received_kg, received, dispatched, closed, rejected)
    SELECT ${trip.divisionCode}, ${shanghaiMonth(at)}, id, ${trip.projectId}, ${trip.facilityId},
      ${trip.facilityType}, ${trip.wasteClass}, route_m, ${c.receivedKg}, ${c.received},
      ${c.dispatched}, ${c.closed}, ${c.rejected}
    FROM waste_orders WHERE id = ${trip.orderId}
    ${addingUp(...TRIP_SUMS)}`);
  tx.run(sql`
    INSERT INTO stat_area_monthly (division_code, month, received_kg, received, dispatched, closed,
      rejected, route_kgm)
    SELECT ${trip.divisionCode}, ${shanghaiMonth(at)}, ${c.receivedKg}, ${c.received},
      ${c.dispatched}, ${c.closed}, ${c.rejected}, ${c.receivedKg} * route_m
    FROM waste_orders WHERE id = ${trip.orderId}
    ${addingUp(...TRIP_SUMS, "route_kgm")}`);
  tx.run(sql`
    INSERT INTO stat_facility_monthly (division_code, month, facility_id, facility_type,
      received_kg, received, dispatched, closed, rejected, route_kgm)
    SELECT ${trip.divisionCode}, ${shanghaiMonth(at)}, ${trip.facilityId}, ${trip.facilityType},
      ${c.receivedKg}, ${c.received}, ${c.dispatched}, ${c.closed}, ${c.rejected},
      ${c.receivedKg} * route_m
    FROM waste_orders WHERE id = ${trip.orderId}
    ${addingUp(...TRIP_SUMS, "route_kgm")}`);
}

/**
 * Adds a confirmed delivery to its project's and its area's month, and for a government-invested
 * project to its usage of the product's material class, in the confirming transaction.
 */
export function addToDeliveredMonthly(
  tx: Tx,
  delivery: {
    divisionCode: string;
    projectId: number;
    governmentInvested: boolean;
    productType: string;
    grams: number;
  },
  at: Date,
): void {
  markChanged(tx, delivery.divisionCode, shanghaiMonth(at));
  tx.run(sql`
    INSERT INTO stat_delivered_monthly (division_code, month, project_id, product_type, grams,
      deliveries)
    VALUES (${delivery.divisionCode}, ${shanghaiMonth(at)}, ${delivery.projectId},
      ${delivery.productType}, ${delivery.grams}, 1)
    ${addingUp("grams", "deliveries")}`);
  tx.run(sql`
    INSERT INTO stat_area_monthly (division_code, month, delivered_grams, deliveries)
    VALUES (${delivery.divisionCode}, ${shanghaiMonth(at)}, ${delivery.grams}, 1)
    ${addingUp("delivered_grams", "deliveries")}`);
  const materialClass = productTypeByKey(delivery.productType)?.materialClass;
  if (delivery.governmentInvested && materialClass) {
    tx.run(sql`
      INSERT INTO stat_usage_monthly (division_code, month, project_id, material_class,
        delivered_grams)
      VALUES (${delivery.divisionCode}, ${shanghaiMonth(at)}, ${delivery.projectId},
        ${materialClass}, ${delivery.grams})
      ${addingUp("delivered_grams")}`);
    tx.run(sql`
      INSERT INTO stat_usage_to_date (division_code, project_id, material_class, delivered_grams)
      VALUES (${delivery.divisionCode}, ${delivery.projectId}, ${materialClass}, ${delivery.grams})
      ${addingUp("delivered_grams")}`);
  }
}

/**
 * Puts a government-invested project's report of one class and month into its usage row, in the
 * reporting transaction: a report replaces the month's figures, so the row takes its values.
 */
export function setUsageReport(
  tx: Tx,
  report: {
    divisionCode: string;
    projectId: number;
    materialClass: string;
    month: string;
    totalKg: number;
    offPlatformKg: number;
  },
): void {
  markChanged(tx, report.divisionCode, report.month);
  // The month's figures are replaced; the figures to date change by the difference.
  const before = tx.get<{ totalKg: number; offPlatformKg: number }>(sql`
    SELECT total_kg AS totalKg, off_platform_kg AS offPlatformKg FROM stat_usage_monthly
    WHERE division_code = ${report.divisionCode} AND month = ${report.month}
      AND project_id = ${report.projectId} AND material_class = ${report.materialClass}`);
  tx.run(sql`
    INSERT INTO stat_usage_monthly (division_code, month, project_id, material_class, total_kg,
      off_platform_kg)
    VALUES (${report.divisionCode}, ${report.month}, ${report.projectId}, ${report.materialClass},
      ${report.totalKg}, ${report.offPlatformKg})
    ON CONFLICT DO UPDATE SET
      total_kg = excluded.total_kg, off_platform_kg = excluded.off_platform_kg`);
  tx.run(sql`
    INSERT INTO stat_usage_to_date (division_code, project_id, material_class, total_kg,
      off_platform_kg)
    VALUES (${report.divisionCode}, ${report.projectId}, ${report.materialClass},
      ${report.totalKg - (before?.totalKg ?? 0)}, ${report.offPlatformKg - (before?.offPlatformKg ?? 0)})
    ${addingUp("total_kg", "off_platform_kg")}`);
}

const monthOf = (column: string) =>
  sql.raw(`strftime('%Y-%m', (${column} + ${SHANGHAI_OFFSET_MS}) / 1000, 'unixepoch')`);

/**
 * Recomputes every monthly table from the records: used after bulk loads that bypass the services
 * (the demo seed, benchmarks) and by the tests that prove the two always agree.
 */
export function rebuildMonthly(tx: Tx): void {
  tx.run(sql`DELETE FROM stat_monthly`);
  tx.run(sql`
    INSERT INTO stat_monthly (month, division_code, waste_class, facility_type, net_kg, trips)
    SELECT ${monthOf("received_at")}, division_code, waste_class, facility_type,
           sum(net_kg), count(*)
    FROM manifests WHERE status = 'received'
    GROUP BY 1, 2, 3, 4`);
  tx.run(sql`
    INSERT INTO stat_monthly (month, division_code, waste_class, facility_type, net_kg, trips)
    SELECT ${monthOf("ended_at")}, division_code, waste_class, ${OFF_PLATFORM},
           sum(disposed_off_platform_kg), 0
    FROM waste_listings WHERE status = 'closed' AND disposed_off_platform_kg > 0
    GROUP BY 1, 2, 3`);
  tx.run(sql`DELETE FROM stat_order_monthly`);
  tx.run(sql`
    INSERT INTO stat_order_monthly (division_code, month, order_id, project_id, facility_id,
      facility_type, waste_class, route_m, dispatched, closed, rejected)
    SELECT m.division_code, ${monthOf("m.dispatched_at")}, m.order_id, m.project_id,
      m.facility_id, m.facility_type, m.waste_class, o.route_m,
      count(*), sum(m.status IN ('received', 'rejected')), sum(m.status = 'rejected')
    FROM manifests m JOIN waste_orders o ON o.id = m.order_id
    WHERE m.status <> 'voided'
    GROUP BY 1, 2, 3`);
  tx.run(sql`
    INSERT INTO stat_order_monthly (division_code, month, order_id, project_id, facility_id,
      facility_type, waste_class, route_m, received_kg, received)
    SELECT m.division_code, ${monthOf("m.received_at")}, m.order_id, m.project_id,
      m.facility_id, m.facility_type, m.waste_class, o.route_m, sum(m.net_kg), count(*)
    FROM manifests m JOIN waste_orders o ON o.id = m.order_id
    WHERE m.status = 'received'
    GROUP BY 1, 2, 3
    ON CONFLICT DO UPDATE SET received_kg = excluded.received_kg, received = excluded.received`);
  tx.run(sql`DELETE FROM stat_delivered_monthly`);
  tx.run(sql`
    INSERT INTO stat_delivered_monthly (division_code, month, project_id, product_type, grams,
      deliveries)
    SELECT p.division_code, ${monthOf("d.confirmed_at")}, p.id, rp.product_type,
      sum(d.quantity_milli * rp.mass_per_unit_g / 1000), count(*)
    FROM deliveries d JOIN product_orders po ON po.id = d.order_id
    JOIN projects p ON p.id = po.project_id JOIN recycled_products rp ON rp.id = po.product_id
    WHERE d.confirmed_at IS NOT NULL
    GROUP BY 1, 2, 3, 4`);
  tx.run(sql`DELETE FROM stat_facility_monthly`);
  tx.run(sql`
    INSERT INTO stat_facility_monthly (division_code, month, facility_id, facility_type,
      received_kg, received, dispatched, closed, rejected, route_kgm)
    SELECT division_code, month, facility_id, facility_type, sum(received_kg), sum(received),
      sum(dispatched), sum(closed), sum(rejected), sum(received_kg * route_m)
    FROM stat_order_monthly GROUP BY 1, 2, 3`);
  tx.run(sql`DELETE FROM stat_area_monthly`);
  tx.run(sql`
    INSERT INTO stat_area_monthly (division_code, month, received_kg, received, dispatched, closed,
      rejected, route_kgm)
    SELECT division_code, month, sum(received_kg), sum(received), sum(dispatched), sum(closed),
      sum(rejected), sum(received_kg * route_m)
    FROM stat_order_monthly GROUP BY 1, 2`);
  tx.run(sql`
    INSERT INTO stat_area_monthly (division_code, month, delivered_grams, deliveries)
    SELECT division_code, month, sum(grams), sum(deliveries)
    FROM stat_delivered_monthly GROUP BY 1, 2
    ON CONFLICT DO UPDATE SET delivered_grams = excluded.delivered_grams,
      deliveries = excluded.deliveries`);
  tx.run(sql`DELETE FROM stat_usage_monthly`);
  tx.run(sql`
    INSERT INTO stat_usage_monthly (division_code, month, project_id, material_class, total_kg,
      off_platform_kg)
    SELECT p.division_code, r.month, r.project_id, r.material_class, r.total_kg,
      r.off_platform_recycled_kg
    FROM material_use_reports r JOIN projects p ON p.id = r.project_id
    WHERE p.government_invested = 1`);
  const classes = sql.join(
    productTypes.map((t) => sql`(${t.key}, ${t.materialClass})`),
    sql`, `,
  );
  tx.run(sql`
    WITH classes (product_type, material_class) AS (VALUES ${classes})
    INSERT INTO stat_usage_monthly (division_code, month, project_id, material_class,
      delivered_grams)
    SELECT d.division_code, d.month, d.project_id, c.material_class, sum(d.grams)
    FROM stat_delivered_monthly d JOIN projects p ON p.id = d.project_id
    JOIN classes c ON c.product_type = d.product_type
    WHERE p.government_invested = 1
    GROUP BY 1, 2, 3, 4
    ON CONFLICT DO UPDATE SET delivered_grams = excluded.delivered_grams`);
  // Everything was recomputed: every month may differ from what was published.
  tx.run(sql`
    INSERT INTO stat_month_changes (division_code, month, changed_at)
    SELECT division_code, month, ${now().getTime()} FROM (
      SELECT division_code, month FROM stat_monthly
      UNION SELECT division_code, month FROM stat_area_monthly
      UNION SELECT division_code, month FROM stat_usage_monthly)
    WHERE true
    ON CONFLICT DO UPDATE SET changed_at = max(changed_at, excluded.changed_at)`);
  tx.run(sql`DELETE FROM stat_usage_to_date`);
  tx.run(sql`
    INSERT INTO stat_usage_to_date (division_code, project_id, material_class, total_kg,
      off_platform_kg, delivered_grams)
    SELECT division_code, project_id, material_class, sum(total_kg), sum(off_platform_kg),
      sum(delivered_grams)
    FROM stat_usage_monthly GROUP BY 1, 2, 3`);
}
