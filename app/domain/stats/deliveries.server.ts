import { sql } from "drizzle-orm";
import { inValues, rowsOf } from "#db/sql";
import { read } from "#db/store";
import { inDivisions, inMonths, type Period, periodBounds, RememberedByDivision } from "../metrics";
import { productTypes } from "../reference";

const classOfType = new Map<string, string>(productTypes.map((t) => [t.key, t.materialClass]));

/** Recycled product delivered, of one material class: grams, exact, and deliveries. */
export type Delivered = { materialClass: string; grams: number; deliveries: number };

/**
 * Sums stat_delivered_monthly rows, grouped by `keyOf` and product type, into material classes
 * (the reference data maps each product type to the class a project reports its use in).
 */
function byClass<R extends { productType: string; grams: number; deliveries: number }>(
  rows: readonly R[],
  keyOf: (row: R) => string,
) {
  const merged = new Map<string, Omit<R, "productType"> & { materialClass: string }>();
  for (const row of rows) {
    const { productType, ...rest } = row;
    const materialClass = classOfType.get(productType) ?? productType;
    const key = `${keyOf(row)}|${materialClass}`;
    const cell = merged.get(key);
    if (cell) {
      cell.grams += row.grams;
      cell.deliveries += row.deliveries;
    } else merged.set(key, { ...rest, materialClass });
  }
  return [...merged.values()];
}

const sums = sql`product_type AS "productType", sum(grams) AS grams, sum(deliveries) AS deliveries`;

/** Each division's confirmed deliveries of a period by product type, read again on a change. */
type DeliveredCell = {
  divisionCode: string;
  productType: string;
  grams: number;
  deliveries: number;
};

const deliveredByDivision = new RememberedByDivision<DeliveredCell>(256, async (codes, period) =>
  read(
    async (db) =>
      await rowsOf<DeliveredCell>(
        db,
        sql`
      SELECT division_code AS "divisionCode", ${sums}
      FROM stat_delivered_monthly WHERE ${inDivisions(codes)} AND ${inMonths(period)}
      GROUP BY division_code, product_type`,
      ),
  ),
);

/** Confirmed deliveries in a period to projects in some divisions, by material class. */
export async function deliveredByClassIn(codes: string[], period: Period) {
  if (codes.length === 0) return [];
  const byDivision = await deliveredByDivision.of(codes, period);
  return byClass(Array.from(byDivision, ([, rows]) => rows).flat(), () => "");
}

/**
 * Confirmed deliveries in a period to some projects, each read on its own index range, by project
 * and class; only those lying in the divisions when `codes` is given.
 */
export async function deliveredByProject(
  codes: string[] | null,
  period: Period,
  projectIds: readonly number[],
) {
  return read(async (db) => {
    if (projectIds.length === 0 || codes?.length === 0) return [];
    const rows = await rowsOf<{
      projectId: number;
      productType: string;
      grams: number;
      deliveries: number;
    }>(
      db,
      sql`
    SELECT project_id AS "projectId", ${sums}
    FROM stat_delivered_monthly
    WHERE ${inValues(sql.identifier("project_id"), projectIds)}
      AND ${inMonths(period)} ${codes ? sql`AND ${inDivisions(codes)}` : sql``}
    GROUP BY project_id, product_type`,
    );
    return byClass(rows, (r) => String(r.projectId));
  });
}

/** The confirmed deliveries of one project in a period, one row each, for its drill-down page. */
export async function deliveriesOfProject(projectId: number, period: Period) {
  return read(async (db) => {
    const { start, end } = periodBounds(period);
    return await db
      .all<{
        id: number;
        orderId: number;
        productId: number;
        productName: string;
        productType: string;
        unit: string;
        sellerName: string;
        quantityMilli: number;
        grams: number;
        confirmedAt: number;
      }>(sql`
    SELECT d.id AS id, po.id AS "orderId", rp.id AS "productId", rp.name AS "productName",
      rp.product_type AS "productType", rp.unit AS unit, o.name AS "sellerName",
      d.quantity_milli AS "quantityMilli", d.quantity_milli * rp.mass_per_unit_g / 1000 AS grams,
      d.confirmed_at AS "confirmedAt"
    FROM product_orders po
    JOIN deliveries d ON d.order_id = po.id
    JOIN recycled_products rp ON rp.id = po.product_id
    JOIN organisations o ON o.id = po.seller_org_id
    WHERE po.project_id = ${projectId}
      AND d.confirmed_at >= ${start.getTime()} AND d.confirmed_at < ${end.getTime()}
    ORDER BY d.confirmed_at, d.id`)
      .map((r) => ({ ...r, materialClass: classOfType.get(r.productType) ?? r.productType }));
  });
}
