import { and, asc, desc, eq, sql } from "drizzle-orm";
import {
  batchInputs,
  facilities,
  manifests,
  organisations,
  productBatches,
  recycledProducts,
} from "#db/schema";
import { read, returnedRow, type Tx, write } from "#db/store";
import { type Actor, authorize } from "../access";
import { audit } from "../audit";
import { now, shanghaiDate } from "../clock";
import { conflict, invalid, notFound } from "../errors";
import { approvalStatus } from "../facilities";
import { kgToTonnesText } from "../quantity";
import { DOCUMENT_TYPES, prepareUploads, storeUploads } from "../uploads.server";
import { milliToGrams, unitQuantityError } from "./quantity";
import type { BatchInput, ProductInput } from "./schemas";

export type Product = typeof recycledProducts.$inferSelect;
export type Batch = typeof productBatches.$inferSelect;

export async function createProduct(actor: Actor, input: ProductInput): Promise<Product> {
  authorize(actor, "product.manage");
  return write(async (tx) => {
    const facility = (
      await tx
        .select()
        .from(facilities)
        .where(and(eq(facilities.id, input.facilityId), eq(facilities.orgId, actor.orgId)))
        .limit(1)
    )[0];
    if (!facility) throw invalid("form.fixErrors", { facilityId: "facility.notFound" });
    const product = returnedRow(
      await tx
        .insert(recycledProducts)
        .values({
          ...input,
          orgId: actor.orgId,
          divisionCode: facility.divisionCode,
          lat: facility.lat,
          lon: facility.lon,
          createdAt: now(),
        })
        .returning(),
    );
    await audit(
      tx,
      actor,
      "product.created",
      { type: "product", id: product.id },
      { name: product.name },
    );
    return product;
  });
}

/** A product as a buyer or its seller sees it; archived products only to their seller. */
export async function getProduct(actor: Actor, productId: number) {
  return read(async (db) => {
    const row = (
      await db
        .select({ product: recycledProducts, facility: facilities, sellerName: organisations.name })
        .from(recycledProducts)
        .innerJoin(facilities, eq(facilities.id, recycledProducts.facilityId))
        .innerJoin(organisations, eq(organisations.id, recycledProducts.orgId))
        .where(eq(recycledProducts.id, productId))
        .limit(1)
    )[0];
    if (!row) throw notFound("product.notFound");
    const isSeller = row.product.orgId === actor.orgId;
    if (isSeller) authorize(actor, "product.read");
    else {
      authorize(actor, "product.browse");
      if (row.product.status !== "active") throw notFound("product.notFound");
    }
    const batches = await db
      .select()
      .from(productBatches)
      .where(eq(productBatches.productId, productId))
      .orderBy(desc(productBatches.producedOn), desc(productBatches.id));
    return { ...row, isSeller, batches };
  });
}

export async function listMyProducts(actor: Actor): Promise<Product[]> {
  return read(async (db) => {
    authorize(actor, "product.read");
    return await db
      .select()
      .from(recycledProducts)
      .where(eq(recycledProducts.orgId, actor.orgId))
      .orderBy(asc(recycledProducts.status), desc(recycledProducts.id));
  });
}

/** What a facility took in, what its batches drew from that, and what is left to draw. */
export async function facilityIntake(reader: Tx, facilityId: number) {
  const receivedKg =
    (
      await reader
        .select({ kg: sql<number>`coalesce(sum(${manifests.netKg}), 0)` })
        .from(manifests)
        .where(and(eq(manifests.facilityId, facilityId), eq(manifests.status, "received")))
        .limit(1)
    )[0]?.kg ?? 0;
  const drawnKg =
    (
      await reader
        .select({ kg: sql<number>`coalesce(sum(${productBatches.inputKg}), 0)` })
        .from(productBatches)
        .where(eq(productBatches.facilityId, facilityId))
        .limit(1)
    )[0]?.kg ?? 0;
  return { receivedKg, drawnKg, availableKg: receivedKg - drawnKg };
}

/**
 * Draws a batch's input from the facility's received loads, oldest first, recording which loads
 * it used: the link from a recycled product back to truck trips and the sites they came from.
 */
async function drawFromIntake(tx: Tx, facilityId: number, batchId: number, inputKg: number) {
  const loads = await tx
    .select({
      id: manifests.id,
      // Written out in full: inside a one-table select drizzle drops table prefixes, which would
      // make the correlated subquery compare batch_inputs' own columns.
      remainingKg: sql<number>`"manifests"."net_kg" - coalesce((select sum("bi"."kg") from "batch_inputs" "bi" where "bi"."manifest_id" = "manifests"."id"), 0)`,
    })
    .from(manifests)
    .where(and(eq(manifests.facilityId, facilityId), eq(manifests.status, "received")))
    .orderBy(asc(manifests.receivedAt), asc(manifests.id));
  let needed = inputKg;
  for (const load of loads) {
    if (needed === 0) break;
    if (load.remainingKg <= 0) continue;
    const kg = Math.min(load.remainingKg, needed);
    await tx.insert(batchInputs).values({ batchId, manifestId: load.id, kg });
    needed -= kg;
  }
  if (needed > 0)
    throw conflict("product.intakeExhausted", { available: kgToTonnesText(inputKg - needed) });
}

/**
 * Records a production batch. A facility cannot output more recycled mass than it took in: the
 * batch's input is drawn from the facility's weighed intake, and its output weighs no more than
 * its input. The batch's quantity goes into the product's stock.
 */
export async function createBatch(
  actor: Actor,
  productId: number,
  input: BatchInput,
  report?: { file: string; type: string },
): Promise<Batch> {
  authorize(actor, "product.manage");
  return write(async (tx) => {
    const product = (
      await tx
        .select()
        .from(recycledProducts)
        .where(and(eq(recycledProducts.id, productId), eq(recycledProducts.orgId, actor.orgId)))
        .limit(1)
    )[0];
    if (!product) throw notFound("product.notFound");
    const quantityError = unitQuantityError(input.quantityMilli, product.unit);
    if (quantityError) throw invalid("form.fixErrors", { quantityMilli: quantityError });
    if (input.producedOn > shanghaiDate(now()))
      throw invalid("form.fixErrors", { producedOn: "product.producedInFuture" });
    const facility = (
      await tx.select().from(facilities).where(eq(facilities.id, product.facilityId)).limit(1)
    )[0];
    if (!facility || approvalStatus(facility) === "expired")
      throw conflict("facility.approvalExpired");
    const outputKg = milliToGrams(input.quantityMilli, product.massPerUnitG) / 1000;
    if (outputKg > input.inputKg) {
      throw invalid("form.fixErrors", { quantityMilli: "product.outputExceedsInput" });
    }
    const intake = await facilityIntake(tx, product.facilityId);
    if (input.inputKg > intake.availableKg) {
      throw invalid(
        "product.intakeExhausted",
        { inputKg: "product.intakeExhaustedField" },
        {
          available: kgToTonnesText(Math.max(0, intake.availableKg)),
        },
      );
    }
    const duplicate = (
      await tx
        .select({ id: productBatches.id })
        .from(productBatches)
        .where(
          and(eq(productBatches.productId, productId), eq(productBatches.batchNo, input.batchNo)),
        )
        .limit(1)
    )[0];
    if (duplicate) throw invalid("form.fixErrors", { batchNo: "product.batchNoTaken" });
    const batch = returnedRow(
      await tx
        .insert(productBatches)
        .values({
          productId,
          facilityId: product.facilityId,
          batchNo: input.batchNo,
          producedOn: input.producedOn,
          quantityMilli: input.quantityMilli,
          inputKg: input.inputKg,
          testResults: input.testResults,
          testReportFile: report?.file ?? null,
          testReportType: report?.type ?? null,
          createdAt: now(),
        })
        .returning(),
    );
    await drawFromIntake(tx, product.facilityId, batch.id, input.inputKg);
    await tx
      .update(recycledProducts)
      .set({ stockMilli: sql`${recycledProducts.stockMilli} + ${input.quantityMilli}` })
      .where(eq(recycledProducts.id, productId));
    await audit(
      tx,
      actor,
      "product.batch_created",
      { type: "product_batch", id: batch.id },
      {
        productId,
        quantityMilli: input.quantityMilli,
        inputKg: input.inputKg,
      },
    );
    return batch;
  });
}

/** A batch with its test report (PDF or image), stored only if the batch is recorded. */
export async function recordBatch(
  actor: Actor,
  productId: number,
  input: BatchInput,
  report: File | null,
): Promise<Batch> {
  authorize(actor, "product.manage");
  const prepared = report
    ? await prepareUploads(
        [report],
        DOCUMENT_TYPES,
        "testReport",
        "batch.reportType",
        "batch.reportTooLarge",
      )
    : [];
  return await storeUploads(
    prepared,
    async () =>
      await createBatch(
        actor,
        productId,
        input,
        prepared[0] ? { file: prepared[0].fileName, type: prepared[0].type } : undefined,
      ),
  );
}

/** What the batch form needs: the seller's own product and what its facility can still draw. */
export async function batchContext(actor: Actor, productId: number) {
  return read(async (db) => {
    authorize(actor, "product.manage");
    const product = (
      await db
        .select()
        .from(recycledProducts)
        .where(and(eq(recycledProducts.id, productId), eq(recycledProducts.orgId, actor.orgId)))
        .limit(1)
    )[0];
    if (!product) throw notFound("product.notFound");
    return { product, intake: await facilityIntake(db, product.facilityId) };
  });
}
