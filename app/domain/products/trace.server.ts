import { eq, inArray, sql } from "drizzle-orm";
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
import { read } from "#db/store";
import { type Actor, authorize } from "../access";
import { notFound } from "../errors";
import { getMyFacility } from "../facilities";
import { facilityIntake } from "./catalogue.server";
import { milliToGrams } from "./quantity";

/**
 * The chain behind one delivery, for its buyer or seller: project ← delivery ← order ← batch ←
 * facility intake ← manifests ← waste listings ← the sites the waste came from.
 */
export async function traceDelivery(actor: Actor, deliveryId: number) {
  return read(async (db) => {
    authorize(actor, "product.orders.read");
    const row = (
      await db
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
        .limit(1)
    )[0];
    if (!row || (row.order.buyerOrgId !== actor.orgId && row.order.sellerOrgId !== actor.orgId)) {
      throw notFound("delivery.notFound");
    }
    const batch = row.delivery.batchId
      ? ((
          await db
            .select()
            .from(productBatches)
            .where(eq(productBatches.id, row.delivery.batchId))
            .limit(1)
        )[0] ?? null)
      : null;
    const facility =
      (
        await db.select().from(facilities).where(eq(facilities.id, row.product.facilityId)).limit(1)
      )[0] ?? null;
    const sourceProject = sql<string>`(select "p"."name" from "projects" "p" where "p"."id" = "manifests"."project_id")`;
    const sources = batch
      ? await db
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
      : [];
    return { ...row, batch, facility, sources };
  });
}

/**
 * A facility's mass balance for its owner: weighed in, drawn into batches, made into product,
 * and product still in stock (all in kilograms, product masses from each product's unit mass).
 */
export async function facilityBalance(actor: Actor, facilityId: number) {
  const facility = await getMyFacility(actor, facilityId);
  return read(async (db) => {
    const intake = await facilityIntake(db, facilityId);
    const products = await db
      .select()
      .from(recycledProducts)
      .where(eq(recycledProducts.facilityId, facilityId));
    const ids = products.map((p) => p.id);
    const batches = ids.length
      ? await db.select().from(productBatches).where(inArray(productBatches.productId, ids))
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
  });
}
