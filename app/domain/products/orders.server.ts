import { and, desc, eq, isNull, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import {
  deliveries,
  organisations,
  payments,
  productBatches,
  productOrders,
  projects,
  recycledProducts,
} from "#db/schema";
import { read, returnedRow, type Tx, write } from "#db/store";
import { type Actor, authorize, type Permission } from "../access";
import { audit } from "../audit";
import { now } from "../clock";
import { conflict, forbidden, invalid, notFound } from "../errors";
import { addToDeliveredMonthly } from "../metrics";
import { getMyProject } from "../projects";
import { assertTransition } from "../state-machine";
import { milliToGrams, milliToUnitsText, unitQuantityError } from "./quantity";
import type { DeliveryInput, ProductOrderInput } from "./schemas";
import { type ProductOrderStatus, productOrderTransitions } from "./status";

export type ProductOrder = typeof productOrders.$inferSelect;

/** The largest order: ¥10 billion, beyond any real one, and exact in JavaScript numbers. */
const MAX_ORDER_FEN = 1_000_000_000_000;

/** Price of a quantity in whole fen, rounded half up: the one place an amount is computed. */
export function amountFen(quantityMilli: number, priceFenPerUnit: number): number {
  return Math.round((quantityMilli * priceFenPerUnit) / 1000);
}

/** A contractor orders a product for one of its own projects, at today's price. */
export async function placeProductOrder(
  actor: Actor,
  productId: number,
  input: ProductOrderInput,
): Promise<ProductOrder> {
  authorize(actor, "product.order");
  const project = await getMyProject(actor, input.projectId);
  return write(async (tx) => {
    const product = (
      await tx.select().from(recycledProducts).where(eq(recycledProducts.id, productId)).limit(1)
    )[0];
    if (product?.status !== "active") throw notFound("product.notFound");
    const quantityError = unitQuantityError(input.quantityMilli, product.unit);
    if (quantityError) throw invalid("form.fixErrors", { quantityMilli: quantityError });
    if (input.quantityMilli < product.minOrderMilli) {
      throw invalid(
        "product.belowMinimum",
        { quantityMilli: "product.belowMinimumField" },
        {
          minimum: milliToUnitsText(product.minOrderMilli),
        },
      );
    }
    if (input.quantityMilli * product.priceFenPerUnit > MAX_ORDER_FEN * 1000)
      throw invalid("form.fixErrors", { quantityMilli: "form.quantityTooLarge" });
    const at = now();
    const order = returnedRow(
      await tx
        .insert(productOrders)
        .values({
          productId,
          sellerOrgId: product.orgId,
          buyerOrgId: actor.orgId,
          projectId: project.id,
          quantityMilli: input.quantityMilli,
          unitPriceFen: product.priceFenPerUnit,
          amountFen: amountFen(input.quantityMilli, product.priceFenPerUnit),
          status: "placed",
          note: input.note,
          createdByUserId: actor.userId,
          createdAt: at,
          updatedAt: at,
        })
        .returning(),
    );
    await audit(
      tx,
      actor,
      "product_order.placed",
      { type: "product_order", id: order.id },
      {
        productId,
        quantityMilli: order.quantityMilli,
        amountFen: order.amountFen,
      },
    );
    return order;
  });
}

type Side = "buyer" | "seller";

async function loadOrder(tx: Tx, actor: Actor, orderId: number) {
  const order = (
    await tx.select().from(productOrders).where(eq(productOrders.id, orderId)).limit(1)
  )[0];
  const side: Side | null =
    order?.buyerOrgId === actor.orgId
      ? "buyer"
      : order?.sellerOrgId === actor.orgId
        ? "seller"
        : null;
  if (!order || !side) throw notFound("productOrder.notFound");
  return { order, side };
}

async function move(
  tx: Tx,
  actor: Actor,
  order: ProductOrder,
  to: ProductOrderStatus,
  data: Record<string, unknown> = {},
) {
  assertTransition(productOrderTransitions, order.status, to);
  const moved = returnedRow(
    await tx
      .update(productOrders)
      .set({ status: to, updatedAt: now() })
      .where(eq(productOrders.id, order.id))
      .returning(),
  );
  await audit(
    tx,
    actor,
    `product_order.${to}`,
    { type: "product_order", id: order.id },
    { from: order.status, ...data },
  );
  return moved;
}

async function decide(
  actor: Actor,
  orderId: number,
  permission: Permission,
  side: Side,
  work: (tx: Tx, order: ProductOrder) => Promise<ProductOrder>,
) {
  authorize(actor, permission);
  return write(async (tx) => {
    const loaded = await loadOrder(tx, actor, orderId);
    if (loaded.side !== side) throw forbidden();
    return work(tx, loaded.order);
  });
}

/**
 * The seller confirms and reserves stock in the same IMMEDIATE transaction that checks it, so
 * concurrent confirmations can never take stock below zero (the CHECK on stock refuses it too).
 */
export const confirmProductOrder = async (actor: Actor, orderId: number) =>
  await decide(actor, orderId, "product.sell", "seller", async (tx, order) => {
    // An order decided already says so, whatever the stock is now.
    assertTransition(productOrderTransitions, order.status, "confirmed");
    const [reserved] = await tx
      .update(recycledProducts)
      .set({ stockMilli: sql`${recycledProducts.stockMilli} - ${order.quantityMilli}` })
      .where(
        and(
          eq(recycledProducts.id, order.productId),
          sql`${recycledProducts.stockMilli} >= ${order.quantityMilli}`,
        ),
      )
      .returning({ stockMilli: recycledProducts.stockMilli });
    if (!reserved) throw conflict("product.insufficientStock");
    return await move(tx, actor, order, "confirmed", { reservedMilli: order.quantityMilli });
  });

export const rejectProductOrder = async (actor: Actor, orderId: number) =>
  await decide(
    actor,
    orderId,
    "product.sell",
    "seller",
    async (tx, order) => await move(tx, actor, order, "rejected"),
  );

/**
 * Either side cancels before anything was delivered. Reserved stock goes back; a payment that
 * succeeded is refunded by the payments module after this transaction commits.
 */
export async function cancelProductOrder(actor: Actor, orderId: number): Promise<ProductOrder> {
  authorize(actor, "product.cancel");
  return write(async (tx) => {
    const { order } = await loadOrder(tx, actor, orderId);
    if (order.deliveredMilli > 0) throw conflict("productOrder.alreadyDelivering");
    if (order.status === "confirmed") {
      await tx
        .update(recycledProducts)
        .set({ stockMilli: sql`${recycledProducts.stockMilli} + ${order.quantityMilli}` })
        .where(eq(recycledProducts.id, order.productId));
    }
    return await move(tx, actor, order, "cancelled", {
      releasedMilli: order.status === "confirmed" ? order.quantityMilli : 0,
    });
  });
}

/** The seller records a truckload leaving with part (or the rest) of a confirmed order. */
export async function recordDelivery(actor: Actor, orderId: number, input: DeliveryInput) {
  authorize(actor, "product.sell");
  return write(async (tx) => {
    const { order, side } = await loadOrder(tx, actor, orderId);
    if (side !== "seller") throw forbidden();
    if (order.status !== "confirmed" && order.status !== "delivering")
      throw conflict("productOrder.notConfirmed");
    const product = (
      await tx
        .select()
        .from(recycledProducts)
        .where(eq(recycledProducts.id, order.productId))
        .limit(1)
    )[0];
    if (!product) throw notFound("product.notFound");
    const quantityError = unitQuantityError(input.quantityMilli, product.unit);
    if (quantityError) throw invalid("form.fixErrors", { quantityMilli: quantityError });
    const remaining = order.quantityMilli - order.deliveredMilli;
    if (input.quantityMilli > remaining) {
      throw invalid(
        "productOrder.overDelivery",
        { quantityMilli: "productOrder.overDeliveryField" },
        {
          remaining: milliToUnitsText(remaining),
        },
      );
    }
    if (input.batchId !== undefined) {
      const batch = (
        await tx
          .select({ id: productBatches.id })
          .from(productBatches)
          .where(
            and(
              eq(productBatches.id, input.batchId),
              eq(productBatches.productId, order.productId),
            ),
          )
          .limit(1)
      )[0];
      if (!batch) throw invalid("form.fixErrors", { batchId: "product.batchNotOfProduct" });
    }
    const at = now();
    const delivery = returnedRow(
      await tx
        .insert(deliveries)
        .values({
          orderId,
          batchId: input.batchId ?? null,
          quantityMilli: input.quantityMilli,
          vehiclePlate: input.vehiclePlate,
          deliveredAt: at,
          createdAt: at,
        })
        .returning(),
    );
    await tx
      .update(productOrders)
      .set({ deliveredMilli: order.deliveredMilli + input.quantityMilli, updatedAt: at })
      .where(eq(productOrders.id, orderId));
    if (order.status === "confirmed") await move(tx, actor, order, "delivering");
    await audit(
      tx,
      actor,
      "delivery.recorded",
      { type: "delivery", id: delivery.id },
      {
        orderId,
        quantityMilli: input.quantityMilli,
        vehiclePlate: input.vehiclePlate,
      },
    );
    return delivery;
  });
}

/**
 * The buyer confirms a delivery arrived. When everything ordered has been delivered and
 * confirmed the order is delivered, and completed if it is also paid.
 */
export async function confirmDelivery(actor: Actor, deliveryId: number) {
  authorize(actor, "product.receive");
  return write(async (tx) => {
    const delivery = (
      await tx.select().from(deliveries).where(eq(deliveries.id, deliveryId)).limit(1)
    )[0];
    if (!delivery) throw notFound("delivery.notFound");
    const { order, side } = await loadOrder(tx, actor, delivery.orderId);
    if (side !== "buyer") throw notFound("delivery.notFound");
    if (delivery.confirmedAt) return delivery;
    const confirmed = returnedRow(
      await tx
        .update(deliveries)
        .set({ confirmedAt: now(), confirmedByUserId: actor.userId })
        .where(eq(deliveries.id, deliveryId))
        .returning(),
    );
    const placed = (
      await tx
        .select({
          divisionCode: projects.divisionCode,
          governmentInvested: projects.governmentInvested,
          productType: recycledProducts.productType,
          massPerUnitG: recycledProducts.massPerUnitG,
        })
        .from(projects)
        .innerJoin(recycledProducts, eq(recycledProducts.id, order.productId))
        .where(eq(projects.id, order.projectId))
        .limit(1)
    )[0];
    if (placed) {
      await addToDeliveredMonthly(
        tx,
        {
          divisionCode: placed.divisionCode,
          projectId: order.projectId,
          governmentInvested: placed.governmentInvested,
          productType: placed.productType,
          grams: milliToGrams(confirmed.quantityMilli, placed.massPerUnitG),
        },
        confirmed.confirmedAt ?? now(),
      );
    }
    await audit(
      tx,
      actor,
      "delivery.confirmed",
      { type: "delivery", id: deliveryId },
      { orderId: order.id },
    );
    const unconfirmed = (
      await tx
        .select({ id: deliveries.id })
        .from(deliveries)
        .where(and(eq(deliveries.orderId, order.id), isNull(deliveries.confirmedAt)))
        .limit(1)
    )[0];
    if (
      !unconfirmed &&
      order.deliveredMilli === order.quantityMilli &&
      order.status === "delivering"
    ) {
      const delivered = await move(tx, actor, order, "delivered");
      await completeIfPaid(tx, actor, delivered);
    }
    return confirmed;
  });
}

/** Paid in full by a payment that succeeded (less anything refunded). */
export async function paidFen(tx: Tx, orderId: number): Promise<number> {
  return (
    (
      await tx
        .select({
          fen: sql<number>`coalesce(sum(${payments.amountFen} - ${payments.refundedFen}), 0)`,
        })
        .from(payments)
        .where(and(eq(payments.orderId, orderId), eq(payments.status, "succeeded")))
        .limit(1)
    )[0]?.fen ?? 0
  );
}

/** A delivered order that is paid is completed; called after a delivery or a payment. */
export async function completeIfPaid(tx: Tx, actor: Actor | null, order: ProductOrder) {
  if (order.status !== "delivered" || (await paidFen(tx, order.id)) < order.amountFen) return order;
  assertTransition(productOrderTransitions, order.status, "completed");
  const completed = returnedRow(
    await tx
      .update(productOrders)
      .set({ status: "completed", updatedAt: now() })
      .where(eq(productOrders.id, order.id))
      .returning(),
  );
  await audit(
    tx,
    actor,
    "product_order.completed",
    { type: "product_order", id: order.id },
    { from: "delivered" },
  );
  return completed;
}

const buyerOrg = alias(organisations, "buyer_org");
const sellerOrg = alias(organisations, "seller_org");

function orderQuery(db: Tx) {
  return db
    .select({
      order: productOrders,
      product: recycledProducts,
      project: projects,
      buyerName: buyerOrg.name,
      sellerName: sellerOrg.name,
    })
    .from(productOrders)
    .innerJoin(recycledProducts, eq(recycledProducts.id, productOrders.productId))
    .innerJoin(projects, eq(projects.id, productOrders.projectId))
    .innerJoin(buyerOrg, eq(buyerOrg.id, productOrders.buyerOrgId))
    .innerJoin(sellerOrg, eq(sellerOrg.id, productOrders.sellerOrgId));
}

export async function getProductOrder(actor: Actor, orderId: number) {
  return read(async (db) => {
    authorize(actor, "product.orders.read");
    const row = (await orderQuery(db).where(eq(productOrders.id, orderId)).limit(1))[0];
    const side: Side | null =
      row?.order.buyerOrgId === actor.orgId
        ? "buyer"
        : row?.order.sellerOrgId === actor.orgId
          ? "seller"
          : null;
    if (!row || !side) throw notFound("productOrder.notFound");
    return {
      ...row,
      side,
      deliveries: await db
        .select()
        .from(deliveries)
        .where(eq(deliveries.orderId, orderId))
        .orderBy(deliveries.id),
      payments: await db
        .select()
        .from(payments)
        .where(eq(payments.orderId, orderId))
        .orderBy(desc(payments.id)),
      paidFen: await paidFen(db, orderId),
    };
  });
}

export async function listMyProductOrders(actor: Actor, limit = 100) {
  authorize(actor, "product.orders.read");
  return read(async (db) =>
    orderQuery(db)
      .where(
        or(eq(productOrders.buyerOrgId, actor.orgId), eq(productOrders.sellerOrgId, actor.orgId)),
      )
      .orderBy(desc(productOrders.id))
      .limit(limit),
  );
}
