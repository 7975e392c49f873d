import { and, desc, eq, isNull, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { db, type Tx, writeTransaction } from "#db/client";
import {
  deliveries,
  organisations,
  payments,
  productBatches,
  productOrders,
  projects,
  recycledProducts,
} from "#db/schema";
import { type Actor, authorize } from "../accounts/actor";
import type { Permission } from "../accounts/permissions";
import { audit } from "../audit/audit.server";
import { now } from "../clock";
import { conflict, forbidden, invalid, notFound } from "../errors";
import { getMyProject } from "../projects/projects.server";
import { assertTransition } from "../state-machine";
import { addToDeliveredMonthly } from "../stats/monthly.server";
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
export function placeProductOrder(
  actor: Actor,
  productId: number,
  input: ProductOrderInput,
): ProductOrder {
  authorize(actor, "product.order");
  const project = getMyProject(actor, input.projectId);
  return writeTransaction((tx) => {
    const product = tx
      .select()
      .from(recycledProducts)
      .where(eq(recycledProducts.id, productId))
      .get();
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
    const order = tx
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
      .returning()
      .get();
    audit(
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

function loadOrder(tx: Tx, actor: Actor, orderId: number) {
  const order = tx.select().from(productOrders).where(eq(productOrders.id, orderId)).get();
  const side: Side | null =
    order?.buyerOrgId === actor.orgId
      ? "buyer"
      : order?.sellerOrgId === actor.orgId
        ? "seller"
        : null;
  if (!order || !side) throw notFound("productOrder.notFound");
  return { order, side };
}

function move(
  tx: Tx,
  actor: Actor,
  order: ProductOrder,
  to: ProductOrderStatus,
  data: Record<string, unknown> = {},
) {
  assertTransition(productOrderTransitions, order.status, to);
  const moved = tx
    .update(productOrders)
    .set({ status: to, updatedAt: now() })
    .where(eq(productOrders.id, order.id))
    .returning()
    .get();
  audit(
    tx,
    actor,
    `product_order.${to}`,
    { type: "product_order", id: order.id },
    { from: order.status, ...data },
  );
  return moved;
}

function decide(
  actor: Actor,
  orderId: number,
  permission: Permission,
  side: Side,
  work: (tx: Tx, order: ProductOrder) => ProductOrder,
) {
  authorize(actor, permission);
  return writeTransaction((tx) => {
    const loaded = loadOrder(tx, actor, orderId);
    if (loaded.side !== side) throw forbidden();
    return work(tx, loaded.order);
  });
}

/**
 * The seller confirms and reserves stock in the same IMMEDIATE transaction that checks it, so
 * concurrent confirmations can never take stock below zero (the CHECK on stock refuses it too).
 */
export const confirmProductOrder = (actor: Actor, orderId: number) =>
  decide(actor, orderId, "product.sell", "seller", (tx, order) => {
    // An order decided already says so, whatever the stock is now.
    assertTransition(productOrderTransitions, order.status, "confirmed");
    const reserved = tx
      .update(recycledProducts)
      .set({ stockMilli: sql`${recycledProducts.stockMilli} - ${order.quantityMilli}` })
      .where(
        and(
          eq(recycledProducts.id, order.productId),
          sql`${recycledProducts.stockMilli} >= ${order.quantityMilli}`,
        ),
      )
      .returning({ stockMilli: recycledProducts.stockMilli })
      .get();
    if (!reserved) throw conflict("product.insufficientStock");
    return move(tx, actor, order, "confirmed", { reservedMilli: order.quantityMilli });
  });

export const rejectProductOrder = (actor: Actor, orderId: number) =>
  decide(actor, orderId, "product.sell", "seller", (tx, order) =>
    move(tx, actor, order, "rejected"),
  );

/**
 * Either side cancels before anything was delivered. Reserved stock goes back; a payment that
 * succeeded is refunded by the payments module after this transaction commits.
 */
export function cancelProductOrder(actor: Actor, orderId: number): ProductOrder {
  authorize(actor, "product.cancel");
  return writeTransaction((tx) => {
    const { order } = loadOrder(tx, actor, orderId);
    if (order.deliveredMilli > 0) throw conflict("productOrder.alreadyDelivering");
    if (order.status === "confirmed") {
      tx.update(recycledProducts)
        .set({ stockMilli: sql`${recycledProducts.stockMilli} + ${order.quantityMilli}` })
        .where(eq(recycledProducts.id, order.productId))
        .run();
    }
    return move(tx, actor, order, "cancelled", {
      releasedMilli: order.status === "confirmed" ? order.quantityMilli : 0,
    });
  });
}

/** The seller records a truckload leaving with part (or the rest) of a confirmed order. */
export function recordDelivery(actor: Actor, orderId: number, input: DeliveryInput) {
  authorize(actor, "product.sell");
  return writeTransaction((tx) => {
    const { order, side } = loadOrder(tx, actor, orderId);
    if (side !== "seller") throw forbidden();
    if (order.status !== "confirmed" && order.status !== "delivering")
      throw conflict("productOrder.notConfirmed");
    const product = tx
      .select()
      .from(recycledProducts)
      .where(eq(recycledProducts.id, order.productId))
      .get();
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
      const batch = tx
        .select({ id: productBatches.id })
        .from(productBatches)
        .where(
          and(eq(productBatches.id, input.batchId), eq(productBatches.productId, order.productId)),
        )
        .get();
      if (!batch) throw invalid("form.fixErrors", { batchId: "product.batchNotOfProduct" });
    }
    const at = now();
    const delivery = tx
      .insert(deliveries)
      .values({
        orderId,
        batchId: input.batchId ?? null,
        quantityMilli: input.quantityMilli,
        vehiclePlate: input.vehiclePlate,
        deliveredAt: at,
        createdAt: at,
      })
      .returning()
      .get();
    tx.update(productOrders)
      .set({ deliveredMilli: order.deliveredMilli + input.quantityMilli, updatedAt: at })
      .where(eq(productOrders.id, orderId))
      .run();
    if (order.status === "confirmed") move(tx, actor, order, "delivering");
    audit(
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
export function confirmDelivery(actor: Actor, deliveryId: number) {
  authorize(actor, "product.receive");
  return writeTransaction((tx) => {
    const delivery = tx.select().from(deliveries).where(eq(deliveries.id, deliveryId)).get();
    if (!delivery) throw notFound("delivery.notFound");
    const { order, side } = loadOrder(tx, actor, delivery.orderId);
    if (side !== "buyer") throw notFound("delivery.notFound");
    if (delivery.confirmedAt) return delivery;
    const confirmed = tx
      .update(deliveries)
      .set({ confirmedAt: now(), confirmedByUserId: actor.userId })
      .where(eq(deliveries.id, deliveryId))
      .returning()
      .get();
    const placed = tx
      .select({
        divisionCode: projects.divisionCode,
        governmentInvested: projects.governmentInvested,
        productType: recycledProducts.productType,
        massPerUnitG: recycledProducts.massPerUnitG,
      })
      .from(projects)
      .innerJoin(recycledProducts, eq(recycledProducts.id, order.productId))
      .where(eq(projects.id, order.projectId))
      .get();
    if (placed) {
      addToDeliveredMonthly(
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
    audit(
      tx,
      actor,
      "delivery.confirmed",
      { type: "delivery", id: deliveryId },
      { orderId: order.id },
    );
    const unconfirmed = tx
      .select({ id: deliveries.id })
      .from(deliveries)
      .where(and(eq(deliveries.orderId, order.id), isNull(deliveries.confirmedAt)))
      .get();
    if (
      !unconfirmed &&
      order.deliveredMilli === order.quantityMilli &&
      order.status === "delivering"
    ) {
      const delivered = move(tx, actor, order, "delivered");
      completeIfPaid(tx, actor, delivered);
    }
    return confirmed;
  });
}

/** Paid in full by a payment that succeeded (less anything refunded). */
export function paidFen(tx: Tx | typeof db, orderId: number): number {
  return (
    tx
      .select({
        fen: sql<number>`coalesce(sum(${payments.amountFen} - ${payments.refundedFen}), 0)`,
      })
      .from(payments)
      .where(and(eq(payments.orderId, orderId), eq(payments.status, "succeeded")))
      .get()?.fen ?? 0
  );
}

/** A delivered order that is paid is completed; called after a delivery or a payment. */
export function completeIfPaid(tx: Tx, actor: Actor | null, order: ProductOrder) {
  if (order.status !== "delivered" || paidFen(tx, order.id) < order.amountFen) return order;
  assertTransition(productOrderTransitions, order.status, "completed");
  const completed = tx
    .update(productOrders)
    .set({ status: "completed", updatedAt: now() })
    .where(eq(productOrders.id, order.id))
    .returning()
    .get();
  audit(
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

function orderQuery() {
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

export function getProductOrder(actor: Actor, orderId: number) {
  authorize(actor, "product.orders.read");
  const row = orderQuery().where(eq(productOrders.id, orderId)).get();
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
    deliveries: db
      .select()
      .from(deliveries)
      .where(eq(deliveries.orderId, orderId))
      .orderBy(deliveries.id)
      .all(),
    payments: db
      .select()
      .from(payments)
      .where(eq(payments.orderId, orderId))
      .orderBy(desc(payments.id))
      .all(),
    paidFen: paidFen(db, orderId),
  };
}

export function listMyProductOrders(actor: Actor, limit = 100) {
  authorize(actor, "product.orders.read");
  return orderQuery()
    .where(
      or(eq(productOrders.buyerOrgId, actor.orgId), eq(productOrders.sellerOrgId, actor.orgId)),
    )
    .orderBy(desc(productOrders.id))
    .limit(limit)
    .all();
}
