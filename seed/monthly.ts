import { sql } from "drizzle-orm";
import type { Tx } from "#db/store";
import { now, SHANGHAI_OFFSET_MS } from "~/domain/clock";
import { OFF_PLATFORM } from "~/domain/metrics/monthly.server";
import { productTypes } from "~/domain/reference";

/** The Shanghai month of a millisecond timestamp column, as SQL. */
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
      UNION SELECT division_code, month FROM stat_usage_monthly
      UNION SELECT division_code, month FROM stat_month_changes)
    WHERE true
    ON CONFLICT DO UPDATE SET changed_at = max(changed_at + 1, excluded.changed_at)`);
  tx.run(sql`DELETE FROM stat_usage_to_date`);
  tx.run(sql`
    INSERT INTO stat_usage_to_date (division_code, project_id, material_class, total_kg,
      off_platform_kg, delivered_grams)
    SELECT division_code, project_id, material_class, sum(total_kg), sum(off_platform_kg),
      sum(delivered_grams)
    FROM stat_usage_monthly GROUP BY 1, 2, 3`);
}
