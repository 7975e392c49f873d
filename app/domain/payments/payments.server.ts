import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { db, type Tx, writeTransaction } from "#db/client";
import { payments, productOrders, recycledProducts, stripeEvents } from "#db/schema";
import { type Actor, authorize } from "../accounts/actor";
import { audit } from "../audit/audit.server";
import { now } from "../clock";
import { conflict, DomainError, forbidden, notFound } from "../errors";
import { completeIfPaid, type ProductOrder, paidFen } from "../products/orders.server";
import { stripeClient, webhookSecret } from "./stripe.server";

export type Payment = typeof payments.$inferSelect;

/** Orders can be paid once the seller has confirmed them, until they are completed. */
const payableStatuses = new Set(["confirmed", "delivering", "delivered"]);

function buyersOrder(tx: Tx, actor: Actor, orderId: number): ProductOrder {
  const order = tx.select().from(productOrders).where(eq(productOrders.id, orderId)).get();
  if (!order || (order.buyerOrgId !== actor.orgId && order.sellerOrgId !== actor.orgId)) {
    throw notFound("productOrder.notFound");
  }
  if (order.buyerOrgId !== actor.orgId) throw forbidden();
  return order;
}

export type PaymentStart =
  | { kind: "stripe"; url: string }
  | { kind: "bank_transfer"; payment: Payment };

/**
 * The buyer pays what is still due. With Stripe keys: a Checkout Session (cards, Alipay, WeChat
 * Pay; CNY) created outside any transaction, with the payment row's id as its idempotency key.
 * Without: a bank transfer the seller confirms on receipt.
 */
export async function startPayment(
  actor: Actor,
  orderId: number,
  origin: string,
): Promise<PaymentStart> {
  authorize(actor, "payment.pay");
  const stripe = stripeClient();
  const pending = writeTransaction((tx) => {
    const order = buyersOrder(tx, actor, orderId);
    if (!payableStatuses.has(order.status)) throw conflict("payment.notPayable");
    const dueFen = order.amountFen - paidFen(tx, order.id);
    if (dueFen <= 0) throw conflict("payment.alreadyPaid");
    const at = now();
    const payment = tx
      .insert(payments)
      .values({
        orderId,
        provider: stripe ? "stripe" : "bank_transfer",
        amountFen: dueFen,
        status: "pending",
        createdAt: at,
        updatedAt: at,
      })
      .returning()
      .get();
    audit(
      tx,
      actor,
      "payment.started",
      { type: "payment", id: payment.id },
      {
        orderId,
        provider: payment.provider,
        amountFen: dueFen,
      },
    );
    const product = tx
      .select()
      .from(recycledProducts)
      .where(eq(recycledProducts.id, order.productId))
      .get();
    return { payment, productName: product?.name ?? `#${order.productId}` };
  });
  if (!stripe) return { kind: "bank_transfer", payment: pending.payment };

  let session: Stripe.Checkout.Session;
  try {
    session = await stripe.checkout.sessions.create(
      {
        mode: "payment",
        allowed_payment_method_types: ["card", "alipay", "wechat_pay"],
        payment_method_options: { wechat_pay: { client: "web" } },
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: "cny",
              unit_amount: pending.payment.amountFen,
              product_data: { name: `${pending.productName} · #${orderId}` },
            },
          },
        ],
        client_reference_id: String(pending.payment.id),
        metadata: { orderId: String(orderId), paymentId: String(pending.payment.id) },
        success_url: `${origin}/product-orders/${orderId}?paid=1`,
        cancel_url: `${origin}/product-orders/${orderId}`,
      },
      { idempotencyKey: `checkout-payment-${pending.payment.id}` },
    );
  } catch (error) {
    writeTransaction((tx) => {
      tx.update(payments)
        .set({ status: "failed", updatedAt: now() })
        .where(eq(payments.id, pending.payment.id))
        .run();
      audit(
        tx,
        actor,
        "payment.failed",
        { type: "payment", id: pending.payment.id },
        {
          reason: error instanceof Error ? error.message : String(error),
        },
      );
    });
    throw new DomainError(409, "payment.providerUnavailable");
  }
  writeTransaction((tx) => {
    tx.update(payments)
      .set({ checkoutSessionId: session.id, updatedAt: now() })
      .where(eq(payments.id, pending.payment.id))
      .run();
  });
  if (!session.url) throw new DomainError(409, "payment.providerUnavailable");
  return { kind: "stripe", url: session.url };
}

/** The seller confirms a bank transfer arrived, quoting the bank's reference. */
export function confirmBankTransfer(actor: Actor, paymentId: number, reference: string): Payment {
  authorize(actor, "payment.confirm");
  return writeTransaction((tx) => {
    const row = tx
      .select({ payment: payments, order: productOrders })
      .from(payments)
      .innerJoin(productOrders, eq(productOrders.id, payments.orderId))
      .where(and(eq(payments.id, paymentId), eq(productOrders.sellerOrgId, actor.orgId)))
      .get();
    if (!row) throw notFound("payment.notFound");
    if (row.payment.provider !== "bank_transfer") throw conflict("payment.notBankTransfer");
    if (row.payment.status === "succeeded" && row.payment.bankReference === reference)
      return row.payment;
    if (row.payment.status !== "pending") throw conflict("payment.notPending");
    const paid = tx
      .update(payments)
      .set({ status: "succeeded", bankReference: reference, updatedAt: now() })
      .where(eq(payments.id, paymentId))
      .returning()
      .get();
    audit(tx, actor, "payment.succeeded", { type: "payment", id: paymentId }, { reference });
    completeIfPaid(tx, actor, row.order);
    return paid;
  });
}

/**
 * After an order is cancelled: refunds what was paid. Stripe payments are refunded through Stripe
 * (outside any transaction, idempotent per payment) and their state synced from the refund;
 * a bank transfer is refunded by the seller, who records it with confirmBankRefund.
 */
export async function refundCancelledOrder(actor: Actor, orderId: number): Promise<void> {
  const order = db.select().from(productOrders).where(eq(productOrders.id, orderId)).get();
  if (!order || order.status !== "cancelled") return;
  if (order.buyerOrgId !== actor.orgId && order.sellerOrgId !== actor.orgId)
    throw notFound("productOrder.notFound");
  const stripe = stripeClient();
  const paid = db
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.orderId, orderId),
        eq(payments.status, "succeeded"),
        eq(payments.provider, "stripe"),
      ),
    )
    .all();
  for (const payment of paid) {
    if (!stripe || !payment.paymentIntentId) continue;
    const refund = await stripe.refunds.create(
      { payment_intent: payment.paymentIntentId, amount: payment.amountFen - payment.refundedFen },
      { idempotencyKey: `refund-payment-${payment.id}` },
    );
    writeTransaction((tx) => {
      if (refund.status === "succeeded" || refund.status === "pending") {
        tx.update(payments)
          .set({ refundedFen: payment.amountFen, status: "refunded", updatedAt: now() })
          .where(eq(payments.id, payment.id))
          .run();
      }
      audit(
        tx,
        actor,
        "payment.refund_requested",
        { type: "payment", id: payment.id },
        {
          refundId: refund.id,
          status: refund.status ?? "unknown",
        },
      );
    });
  }
}

/** The seller records that it paid a bank transfer back after a cancellation. */
export function confirmBankRefund(actor: Actor, paymentId: number, reference: string): Payment {
  authorize(actor, "payment.confirm");
  return writeTransaction((tx) => {
    const row = tx
      .select({ payment: payments, order: productOrders })
      .from(payments)
      .innerJoin(productOrders, eq(productOrders.id, payments.orderId))
      .where(and(eq(payments.id, paymentId), eq(productOrders.sellerOrgId, actor.orgId)))
      .get();
    if (!row) throw notFound("payment.notFound");
    if (
      row.order.status !== "cancelled" ||
      row.payment.status !== "succeeded" ||
      row.payment.provider !== "bank_transfer"
    ) {
      throw conflict("payment.notRefundable");
    }
    const refunded = tx
      .update(payments)
      .set({
        status: "refunded",
        refundedFen: row.payment.amountFen,
        bankReference: `${row.payment.bankReference ?? ""} / ${reference}`,
        updatedAt: now(),
      })
      .where(eq(payments.id, paymentId))
      .returning()
      .get();
    audit(tx, actor, "payment.refunded", { type: "payment", id: paymentId }, { reference });
    return refunded;
  });
}

export class WebhookError extends Error {
  constructor(
    readonly status: 400 | 500,
    message: string,
  ) {
    super(message);
  }
}

/** The payment's state as Stripe's own objects say it is now. */
type StripeState = {
  find: { checkoutSessionId: string } | { paymentIntentId: string };
  status?: Payment["status"];
  paymentIntentId?: string | null;
  refundedFen?: number;
};

async function currentState(stripe: Stripe, event: Stripe.Event): Promise<StripeState | null> {
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
    case "checkout.session.async_payment_failed":
    case "checkout.session.expired": {
      const session = await stripe.checkout.sessions.retrieve(event.data.object.id);
      const intent =
        typeof session.payment_intent === "string"
          ? session.payment_intent
          : (session.payment_intent?.id ?? null);
      const status: Payment["status"] =
        session.payment_status === "paid" || session.payment_status === "no_payment_required"
          ? "succeeded"
          : session.status === "expired"
            ? "cancelled"
            : event.type === "checkout.session.async_payment_failed"
              ? "failed"
              : "pending";
      return { find: { checkoutSessionId: session.id }, status, paymentIntentId: intent };
    }
    case "charge.refunded": {
      const charge = await stripe.charges.retrieve(event.data.object.id);
      const intent =
        typeof charge.payment_intent === "string"
          ? charge.payment_intent
          : charge.payment_intent?.id;
      if (!intent) return null;
      return {
        find: { paymentIntentId: intent },
        refundedFen: charge.amount_refunded,
        status: charge.amount_refunded >= charge.amount ? "refunded" : undefined,
      };
    }
    default:
      return null;
  }
}

/**
 * Applies a Stripe webhook exactly once: the signature is checked on the raw body, the event is
 * stored by id, and the payment is set from the current Stripe object (fetched before the
 * transaction), so duplicates and any delivery order end in the same state.
 */
export async function handleStripeWebhook(
  rawBody: string,
  signature: string | null,
): Promise<"applied" | "duplicate" | "ignored"> {
  const stripe = stripeClient();
  const secret = webhookSecret();
  if (!stripe || !secret) throw new WebhookError(400, "Stripe is not configured on this server");
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(rawBody, signature ?? "", secret);
  } catch {
    throw new WebhookError(400, "invalid signature");
  }
  const seen = db.select().from(stripeEvents).where(eq(stripeEvents.id, event.id)).get();
  if (seen?.processedAt) return "duplicate";
  let state: StripeState | null;
  try {
    state = await currentState(stripe, event);
  } catch (error) {
    // Stripe unreachable: answer 500 so Stripe delivers the event again later.
    throw new WebhookError(500, error instanceof Error ? error.message : "Stripe unavailable");
  }
  return writeTransaction((tx) => {
    const inserted = tx
      .insert(stripeEvents)
      .values({
        id: event.id,
        type: event.type,
        receivedAt: now(),
        payload: event as unknown as Record<string, unknown>,
      })
      .onConflictDoNothing()
      .returning({ id: stripeEvents.id })
      .get();
    const already =
      !inserted &&
      tx.select().from(stripeEvents).where(eq(stripeEvents.id, event.id)).get()?.processedAt;
    if (already) return "duplicate" as const;
    tx.update(stripeEvents).set({ processedAt: now() }).where(eq(stripeEvents.id, event.id)).run();
    if (!state) return "ignored" as const;
    const payment = tx
      .select()
      .from(payments)
      .where(
        "checkoutSessionId" in state.find
          ? eq(payments.checkoutSessionId, state.find.checkoutSessionId)
          : eq(payments.paymentIntentId, state.find.paymentIntentId),
      )
      .get();
    if (!payment) return "ignored" as const;
    const next = {
      status: state.status ?? payment.status,
      paymentIntentId: state.paymentIntentId ?? payment.paymentIntentId,
      refundedFen: state.refundedFen ?? payment.refundedFen,
    };
    // A later "pending" view never undoes a settled payment.
    if (payment.status !== "pending" && next.status === "pending") next.status = payment.status;
    tx.update(payments)
      .set({ ...next, updatedAt: now() })
      .where(eq(payments.id, payment.id))
      .run();
    audit(
      tx,
      null,
      "payment.synced",
      { type: "payment", id: payment.id },
      {
        event: event.id,
        type: event.type,
        status: next.status,
        refundedFen: next.refundedFen,
      },
    );
    const order = tx
      .select()
      .from(productOrders)
      .where(eq(productOrders.id, payment.orderId))
      .get();
    if (order && next.status === "succeeded") completeIfPaid(tx, null, order);
    return "applied" as const;
  });
}
