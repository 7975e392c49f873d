import { and, eq, inArray, sql } from "drizzle-orm";
import { db } from "#db/client";
import {
  batchInputs,
  deliveries,
  facilities,
  manifests,
  organisations,
  productBatches,
  productOrders,
  projects,
  recycledProducts,
  wasteListings,
} from "#db/schema";
import { type Actor, authorize } from "../accounts/actor";
import { notFound } from "../errors";
import { facilityIntake } from "./catalogue.server";
import { milliToGrams } from "./quantity";

/**
 * The chain behind one delivery, for its buyer or seller: project ← delivery ← order ← batch ←
 * facility intake ← manifests ← waste listings ← the sites the waste came from.
 */
export function traceDelivery(actor: Actor, deliveryId: number) {
  authorize(actor, "product.orders.read");
  const row = db
    .select({
      delivery: deliveries,
      order: productOrders,
      product: recycledProducts,
      project: projects,
    })
    .from(deliveries)
    .innerJoin(productOrders, eq(productOrders.id, deliveries.orderId))
    .innerJoin(recycledProducts, eq(recycledProducts.id, productOrders.productId))
    .innerJoin(projects, eq(projects.id, productOrders.projectId))
    .where(eq(deliveries.id, deliveryId))
    .get();
  if (!row || (row.order.buyerOrgId !== actor.orgId && row.order.sellerOrgId !== actor.orgId)) {
    throw notFound("delivery.notFound");
  }
  const batch = row.delivery.batchId
    ? (db.select().from(productBatches).where(eq(productBatches.id, row.delivery.batchId)).get() ??
      null)
    : null;
  const facility =
    db.select().from(facilities).where(eq(facilities.id, row.product.facilityId)).get() ?? null;
  const sourceProject = sql<string>`(select "p"."name" from "projects" "p" where "p"."id" = "manifests"."project_id")`;
  const sources = batch
    ? db
        .select({
          kg: batchInputs.kg,
          manifest: manifests,
          listingId: wasteListings.id,
          wasteClass: wasteListings.wasteClass,
          material: wasteListings.material,
          sourceProjectName: sourceProject,
          producerName: organisations.name,
        })
        .from(batchInputs)
        .innerJoin(manifests, eq(manifests.id, batchInputs.manifestId))
        .innerJoin(wasteListings, eq(wasteListings.id, manifests.listingId))
        .innerJoin(organisations, eq(organisations.id, manifests.producerOrgId))
        .where(eq(batchInputs.batchId, batch.id))
        .orderBy(manifests.receivedAt)
        .all()
    : [];
  return { ...row, batch, facility, sources };
}

/**
 * A facility's mass balance for its owner: weighed in, drawn into batches, made into product,
 * and product still in stock (all in kilograms, product masses from each product's unit mass).
 */
export function facilityBalance(actor: Actor, facilityId: number) {
  authorize(actor, "facility.read");
  const facility = db
    .select()
    .from(facilities)
    .where(and(eq(facilities.id, facilityId), eq(facilities.orgId, actor.orgId)))
    .get();
  if (!facility) throw notFound("facility.notFound");
  const intake = facilityIntake(db, facilityId);
  const products = db
    .select()
    .from(recycledProducts)
    .where(eq(recycledProducts.facilityId, facilityId))
    .all();
  const ids = products.map((p) => p.id);
  const batches = ids.length
    ? db.select().from(productBatches).where(inArray(productBatches.productId, ids)).all()
    : [];
  const massOf = (productId: number, milli: number) => {
    const product = products.find((p) => p.id === productId);
    return product ? milliToGrams(milli, product.massPerUnitG) : 0;
  };
  const outputGrams = batches.reduce((sum, b) => sum + massOf(b.productId, b.quantityMilli), 0);
  const stockGrams = products.reduce(
    (sum, p) => sum + milliToGrams(p.stockMilli, p.massPerUnitG),
    0,
  );
  return { facility, ...intake, outputGrams, stockGrams, batches: batches.length };
}
