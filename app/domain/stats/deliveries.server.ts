import { sql } from "drizzle-orm";
import { db } from "#db/client";
import { productTypes } from "../reference/products";
import { type Period, periodBounds } from "./scope.server";

const classOfType = new Map<string, string>(productTypes.map((t) => [t.key, t.materialClass]));

/**
 * Recycled product delivered to one project, of one material class, confirmed by the buyer in one
 * month (Asia/Shanghai): grams, exact (a delivery's quantity × the product's mass per unit).
 */
export type DeliveryCell = {
  projectId: number;
  divisionCode: string;
  materialClass: string;
  month: string;
  grams: number;
  deliveries: number;
};

/** Confirmed deliveries in a period to projects in some divisions (stat_delivered_monthly). */
export function deliveryCellsOfDivisions(codes: string[], period: Period): DeliveryCell[] {
  if (codes.length === 0) return [];
  const rows = db.all<Omit<DeliveryCell, "materialClass"> & { productType: string }>(sql`
    SELECT project_id AS projectId, division_code AS divisionCode, product_type AS productType,
      month, grams, deliveries
    FROM stat_delivered_monthly
    WHERE division_code IN (SELECT value FROM json_each(${JSON.stringify(codes)}))
      AND month BETWEEN ${period.from} AND ${period.to}`);
  const merged = new Map<string, DeliveryCell>();
  for (const { productType, ...row } of rows) {
    const materialClass = classOfType.get(productType) ?? productType;
    const key = `${row.projectId}|${materialClass}|${row.month}`;
    const cell = merged.get(key);
    if (cell) {
      cell.grams += row.grams;
      cell.deliveries += row.deliveries;
    } else merged.set(key, { ...row, materialClass });
  }
  return [...merged.values()];
}

/** The confirmed deliveries of one project in a period, one row each, for its drill-down page. */
export function deliveriesOfProject(projectId: number, period: Period) {
  const { start, end } = periodBounds(period);
  return db
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
    SELECT d.id AS id, po.id AS orderId, rp.id AS productId, rp.name AS productName,
      rp.product_type AS productType, rp.unit AS unit, o.name AS sellerName,
      d.quantity_milli AS quantityMilli, d.quantity_milli * rp.mass_per_unit_g / 1000 AS grams,
      d.confirmed_at AS confirmedAt
    FROM product_orders po
    JOIN deliveries d ON d.order_id = po.id
    JOIN recycled_products rp ON rp.id = po.product_id
    JOIN organisations o ON o.id = po.seller_org_id
    WHERE po.project_id = ${projectId}
      AND d.confirmed_at >= ${start.getTime()} AND d.confirmed_at < ${end.getTime()}
    ORDER BY d.confirmed_at, d.id`)
    .map((r) => ({ ...r, materialClass: classOfType.get(r.productType) ?? r.productType }));
}
