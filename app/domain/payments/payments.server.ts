import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import type Stripe from "stripe";
import { payments, productOrders, recycledProducts, stripeEvents } from "#db/schema";
import { read, returnedRow, type Tx, write } from "#db/store";
import { type Actor, authorize } from "../access";
import { audit } from "../audit";
import { now } from "../clock";
import { conflict, DomainError, forbidden, notFound } from "../errors";
import { completeIfPaid, type ProductOrder, paidFen } from "../products";
import { stripeClient, webhookSecret } from "./stripe.server";

export type Payment = typeof payments.$inferSelect;

/** Orders can be paid once the seller has confirmed them, until they are completed. */
const payableStatuses = new Set(["confirmed", "delivering", "delivered"]);

/**
 * Stripe takes at most eight digits of minor units in one payment (¥999,999.99); a larger amount
 * is paid by bank transfer even when the server has Stripe keys.
 */
export const STRIPE_MAX_FEN = 99_999_999;

async function buyersOrder(tx: Tx, actor: Actor, orderId: number): Promise<ProductOrder> {
  const order = (
    await tx.select().from(productOrders).where(eq(productOrders.id, orderId)).limit(1)
  )[0];
  if (!order || (order.buyerOrgId !== actor.orgId && order.sellerOrgId !== actor.orgId)) {
    throw notFound("productOrder.notFound");
  }
  if (order.buyerOrgId !== actor.orgId) throw forbidden();
  return order;
}

export type PaymentStart =
  | { kind: "stripe"; url: string }
  | { kind: "bank_transfer"; payment: Payment }
  /** An earlier checkout for this order turned out to be paid already: nothing more to pay. */
  | { kind: "settled" };

/**
 * The payment attempt for what is still due, in one transaction: an unfinished attempt for the
 * same amount is reused, so pressing "Pay" twice never opens a second way to pay the same money.
 */
async function openAttempt(actor: Actor, orderId: number, stripeAvailable: boolean) {
  return write(async (tx) => {
    const order = await buyersOrder(tx, actor, orderId);
    if (!payableStatuses.has(order.status)) throw conflict("payment.notPayable");
    const dueFen = order.amountFen - (await paidFen(tx, order.id));
    if (dueFen <= 0) throw conflict("payment.alreadyPaid");
    const provider: Payment["provider"] =
      stripeAvailable && dueFen <= STRIPE_MAX_FEN ? "stripe" : "bank_transfer";
    const product = (
      await tx
        .select({ name: recycledProducts.name })
        .from(recycledProducts)
        .where(eq(recycledProducts.id, order.productId))
        .limit(1)
    )[0];
    const productName = product?.name ?? `#${order.productId}`;
    const open = (
      await tx
        .select()
        .from(payments)
        .where(
          and(
            eq(payments.orderId, orderId),
            eq(payments.provider, provider),
            eq(payments.status, "pending"),
          ),
        )
        .orderBy(desc(payments.id))
        .limit(1)
    )[0];
    if (open?.amountFen === dueFen) return { payment: open, productName };
    const at = now();
    const payment = returnedRow(
      await tx
        .insert(payments)
        .values({
          orderId,
          provider,
          amountFen: dueFen,
          status: "pending",
          createdAt: at,
          updatedAt: at,
        })
        .returning(),
    );
    await audit(
      tx,
      actor,
      "payment.started",
      { type: "payment", id: payment.id },
      { orderId, provider, amountFen: dueFen },
    );
    return { payment, productName };
  });
}

async function markFailed(actor: Actor, paymentId: number, error: unknown) {
  await write(async (tx) => {
    await tx
      .update(payments)
      .set({ status: "failed", updatedAt: now() })
      .where(and(eq(payments.id, paymentId), eq(payments.status, "pending")));
    await audit(
      tx,
      actor,
      "payment.failed",
      { type: "payment", id: paymentId },
      { reason: error instanceof Error ? error.message : String(error) },
    );
  });
}

/**
 * The buyer pays what is still due. With Stripe keys: a Checkout Session (cards, Alipay, WeChat
 * Pay; CNY, integer fen) created outside any transaction, with the payment row's id in its
 * idempotency key; an attempt whose session is still open sends the buyer back to it. Without
 * keys (or above Stripe's limit): a bank transfer the seller confirms on receipt.
 */
export async function startPayment(
  actor: Actor,
  orderId: number,
  origin: string,
): Promise<PaymentStart> {
  authorize(actor, "payment.pay");
  const stripe = stripeClient();
  let attempt = await openAttempt(actor, orderId, stripe !== null);
  if (!stripe || attempt.payment.provider === "bank_transfer") {
    return { kind: "bank_transfer", payment: attempt.payment };
  }

  const sessionId = attempt.payment.checkoutSessionId;
  if (sessionId) {
    let session: Stripe.Checkout.Session;
    try {
      session = await stripe.checkout.sessions.retrieve(sessionId, { expand: EXPAND });
    } catch {
      throw new DomainError(409, "payment.providerUnavailable");
    }
    await applyView(actor, sessionView(session), { source: "checkout" });
    if (session.status === "open" && session.url) return { kind: "stripe", url: session.url };
    const view = sessionView(session);
    if (view.captured) return { kind: "settled" };
    // A delayed payment (bank debit) is on its way: wait for it rather than pay twice.
    if (!view.failed && !view.expired) throw conflict("payment.processing");
    // That checkout is over (expired, or its payment failed): start afresh.
    attempt = await openAttempt(actor, orderId, true);
  }

  const { payment, productName } = attempt;
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
              unit_amount: payment.amountFen,
              product_data: { name: `${productName} · #${orderId}` },
            },
          },
        ],
        client_reference_id: String(payment.id),
        metadata: { orderId: String(orderId), paymentId: String(payment.id) },
        success_url: `${origin}/product-orders/${orderId}?paid=1`,
        cancel_url: `${origin}/product-orders/${orderId}`,
      },
      { idempotencyKey: `checkout-payment-${payment.id}` },
    );
  } catch (error) {
    await markFailed(actor, payment.id, error);
    throw new DomainError(409, "payment.providerUnavailable");
  }
  await write(async (tx) => {
    await tx
      .update(payments)
      .set({ checkoutSessionId: session.id, updatedAt: now() })
      .where(eq(payments.id, payment.id));
  });
  if (!session.url) throw new DomainError(409, "payment.providerUnavailable");
  return { kind: "stripe", url: session.url };
}

/** The seller confirms a bank transfer arrived, quoting the bank's reference. */
export async function confirmBankTransfer(
  actor: Actor,
  paymentId: number,
  reference: string,
): Promise<Payment> {
  authorize(actor, "payment.confirm");
  return write(async (tx) => {
    const row = await loadSellersPayment(tx, actor, paymentId);
    if (row.payment.provider !== "bank_transfer") throw conflict("payment.notBankTransfer");
    if (row.payment.status === "succeeded" && row.payment.bankReference === reference)
      return row.payment;
    if (row.payment.status !== "pending") throw conflict("payment.notPending");
    const paid = returnedRow(
      await tx
        .update(payments)
        .set({ status: "succeeded", bankReference: reference, updatedAt: now() })
        .where(eq(payments.id, paymentId))
        .returning(),
    );
    await audit(tx, actor, "payment.succeeded", { type: "payment", id: paymentId }, { reference });
    await completeIfPaid(tx, actor, row.order);
    return paid;
  });
}

/** A payment on one of the seller's orders; anyone else's reads as not found. */
async function loadSellersPayment(tx: Tx, actor: Actor, paymentId: number) {
  const [row] = await tx
    .select({ payment: payments, order: productOrders })
    .from(payments)
    .innerJoin(productOrders, eq(productOrders.id, payments.orderId))
    .where(and(eq(payments.id, paymentId), eq(productOrders.sellerOrgId, actor.orgId)))
    .limit(1);
  if (!row) throw notFound("payment.notFound");
  return row;
}

/** The seller records that it paid a bank transfer back after a cancellation. */
export async function confirmBankRefund(
  actor: Actor,
  paymentId: number,
  reference: string,
): Promise<Payment> {
  authorize(actor, "payment.confirm");
  return write(async (tx) => {
    const row = await loadSellersPayment(tx, actor, paymentId);
    if (
      row.order.status !== "cancelled" ||
      row.payment.status !== "succeeded" ||
      row.payment.provider !== "bank_transfer"
    ) {
      throw conflict("payment.notRefundable");
    }
    const refunded = returnedRow(
      await tx
        .update(payments)
        .set({
          status: "refunded",
          refundedFen: row.payment.amountFen,
          bankReference: `${row.payment.bankReference ?? ""} / ${reference}`,
          updatedAt: now(),
        })
        .where(eq(payments.id, paymentId))
        .returning(),
    );
    await audit(tx, actor, "payment.refunded", { type: "payment", id: paymentId }, { reference });
    return refunded;
  });
}

// ── Stripe state ─────────────────────────────────────────────────────────────────────────────

/** A session read with its payment intent and that intent's charge: the whole state in one read. */
const EXPAND = ["payment_intent.latest_charge"];

/**
 * What Stripe's own objects say about one payment, read before any transaction. Event payloads
 * are never trusted for state: they may be stale, duplicated or out of order.
 */
type StripeView = {
  sessionId: string | null;
  /** Our payment id, sent as the session's client_reference_id. */
  clientReferenceId: string | null;
  amountFen: number | null;
  paymentIntentId: string | null;
  captured: boolean;
  failed: boolean;
  expired: boolean;
  /** From the charge; null when the read did not include it. */
  refundedFen: number | null;
};

function sessionView(session: Stripe.Checkout.Session): StripeView {
  const intent = typeof session.payment_intent === "object" ? session.payment_intent : null;
  const charge =
    intent && typeof intent.latest_charge === "object" ? (intent.latest_charge ?? null) : null;
  const captured = session.payment_status === "paid";
  return {
    sessionId: session.id,
    clientReferenceId: session.client_reference_id,
    amountFen: session.amount_total,
    paymentIntentId:
      typeof session.payment_intent === "string"
        ? session.payment_intent
        : (session.payment_intent?.id ?? null),
    captured,
    // A delayed payment (bank debit) that failed leaves the session complete but unpaid, and its
    // payment intent waiting for another payment method.
    failed:
      !captured &&
      session.status === "complete" &&
      (intent?.status === "requires_payment_method" || intent?.status === "canceled"),
    expired: session.status === "expired",
    refundedFen: charge ? charge.amount_refunded : null,
  };
}

function chargeView(charge: Stripe.Charge): StripeView {
  return {
    sessionId: null,
    clientReferenceId: null,
    amountFen: null,
    paymentIntentId:
      typeof charge.payment_intent === "string"
        ? charge.payment_intent
        : (charge.payment_intent?.id ?? null),
    captured: charge.paid && charge.status === "succeeded",
    failed: false,
    expired: false,
    refundedFen: charge.amount_refunded,
  };
}

/** A payment only moves forward: views read at different moments may be applied in any order. */
const rank: Record<Payment["status"], number> = {
  pending: 0,
  failed: 1,
  cancelled: 1,
  succeeded: 2,
  refunded: 3,
};

async function findStripePayment(tx: Tx, view: StripeView): Promise<Payment | undefined> {
  if (view.sessionId) {
    const bySession = (
      await tx
        .select()
        .from(payments)
        .where(eq(payments.checkoutSessionId, view.sessionId))
        .limit(1)
    )[0];
    if (bySession) return bySession;
    // The session was created but its id not yet recorded (the answer was lost on the way back).
    const ref = Number(view.clientReferenceId);
    if (Number.isSafeInteger(ref) && ref > 0) {
      const byRef = (
        await tx
          .select()
          .from(payments)
          .where(
            and(
              eq(payments.id, ref),
              eq(payments.provider, "stripe"),
              isNull(payments.checkoutSessionId),
            ),
          )
          .limit(1)
      )[0];
      if (byRef && byRef.amountFen === view.amountFen) return byRef;
    }
  }
  if (view.paymentIntentId) {
    return (
      await tx
        .select()
        .from(payments)
        .where(
          and(eq(payments.provider, "stripe"), eq(payments.paymentIntentId, view.paymentIntentId)),
        )
        .limit(1)
    )[0];
  }
  return undefined;
}

type Synced = { payment: Payment; order: ProductOrder | undefined; refundDue: boolean };

/**
 * Sets a Stripe payment from a view of Stripe's objects, inside the caller's transaction, and
 * completes the order when that makes it paid in full. Idempotent: the same view twice changes
 * nothing the second time.
 */
async function syncPayment(
  tx: Tx,
  actor: Actor | null,
  payment: Payment,
  view: StripeView,
  context: Record<string, unknown>,
): Promise<Synced> {
  const refundedFen = Math.min(
    payment.amountFen,
    Math.max(payment.refundedFen, view.refundedFen ?? 0),
  );
  let status: Payment["status"] = view.captured
    ? "succeeded"
    : view.failed
      ? "failed"
      : view.expired
        ? "cancelled"
        : "pending";
  if (rank[status] < rank[payment.status]) status = payment.status;
  if (status === "succeeded" && refundedFen >= payment.amountFen) status = "refunded";
  const updated = returnedRow(
    await tx
      .update(payments)
      .set({
        status,
        refundedFen,
        paymentIntentId: view.paymentIntentId ?? payment.paymentIntentId,
        checkoutSessionId: view.sessionId ?? payment.checkoutSessionId,
        updatedAt: now(),
      })
      .where(eq(payments.id, payment.id))
      .returning(),
  );
  await audit(
    tx,
    actor,
    "payment.synced",
    { type: "payment", id: payment.id },
    { ...context, from: payment.status, status, refundedFen },
  );
  let order = (
    await tx.select().from(productOrders).where(eq(productOrders.id, payment.orderId)).limit(1)
  )[0];
  if (order && status === "succeeded") order = await completeIfPaid(tx, actor, order);
  return {
    payment: updated,
    order,
    // Money that arrived for an order cancelled meanwhile goes back.
    refundDue:
      order?.status === "cancelled" &&
      updated.status === "succeeded" &&
      updated.refundedFen < updated.amountFen,
  };
}

async function applyView(actor: Actor | null, view: StripeView, context: Record<string, unknown>) {
  return write(async (tx) => {
    const payment = await findStripePayment(tx, view);
    return payment ? await syncPayment(tx, actor, payment, view, context) : null;
  });
}

/**
 * Sends back what is left of a Stripe payment (outside any transaction; idempotent per payment
 * and amount already refunded), then syncs the payment from the refunded charge. When Stripe
 * refuses because the money already went back (a Dashboard refund), the session tells.
 */
async function refundStripePayment(stripe: Stripe, actor: Actor | null, payment: Payment) {
  const dueBackFen = payment.amountFen - payment.refundedFen;
  if (!payment.paymentIntentId || dueBackFen <= 0) return;
  let refund: Stripe.Refund;
  try {
    refund = await stripe.refunds.create(
      {
        payment_intent: payment.paymentIntentId,
        amount: dueBackFen,
        metadata: { paymentId: String(payment.id), orderId: String(payment.orderId) },
      },
      { idempotencyKey: `refund-payment-${payment.id}-${payment.refundedFen}` },
    );
  } catch (error) {
    if (payment.checkoutSessionId) {
      const session = await stripe.checkout.sessions.retrieve(payment.checkoutSessionId, {
        expand: EXPAND,
      });
      const synced = await applyView(actor, sessionView(session), { source: "refund" });
      if (synced && synced.payment.refundedFen >= synced.payment.amountFen) return;
    }
    throw error;
  }
  const chargeId = typeof refund.charge === "string" ? refund.charge : refund.charge?.id;
  let view: StripeView | null = null;
  if (chargeId) {
    try {
      view = chargeView(await stripe.charges.retrieve(chargeId));
    } catch {
      // The charge.refunded webhook syncs the payment when this read fails.
    }
  }
  await write(async (tx) => {
    await audit(
      tx,
      actor,
      "payment.refund_requested",
      { type: "payment", id: payment.id },
      { refundId: refund.id, amountFen: refund.amount, status: refund.status ?? "unknown" },
    );
    const current = (
      await tx.select().from(payments).where(eq(payments.id, payment.id)).limit(1)
    )[0];
    if (current && view) await syncPayment(tx, actor, current, view, { source: "refund" });
  });
}

/**
 * An unfinished checkout of a cancelled order is closed at Stripe (expired), so nobody can pay
 * it any more; if it was paid meanwhile, the payment is synced as paid (and is then refunded).
 */
async function closeCheckout(stripe: Stripe, actor: Actor, payment: Payment) {
  if (!payment.checkoutSessionId) {
    await write(async (tx) => {
      await tx
        .update(payments)
        .set({ status: "cancelled", updatedAt: now() })
        .where(and(eq(payments.id, payment.id), eq(payments.status, "pending")));
      await audit(tx, actor, "payment.cancelled", { type: "payment", id: payment.id });
    });
    return;
  }
  let session = await stripe.checkout.sessions.retrieve(payment.checkoutSessionId, {
    expand: EXPAND,
  });
  if (session.status === "open") {
    try {
      await stripe.checkout.sessions.expire(session.id);
    } catch {
      // Completed meanwhile: the read below says how.
    }
    session = await stripe.checkout.sessions.retrieve(session.id, { expand: EXPAND });
  }
  await applyView(actor, sessionView(session), { source: "cancel" });
}

/**
 * After an order is cancelled: unfinished Stripe checkouts are closed and what Stripe captured is
 * refunded; the payments are synced from Stripe's objects. A bank transfer is paid back by the
 * seller, who records it with confirmBankRefund. Safe to run again (the "retry refund" button).
 */
export async function refundCancelledOrder(actor: Actor, orderId: number): Promise<void> {
  authorize(actor, "product.cancel");
  // Stripe is called between these reads and the writes they lead to: no read stays open across it.
  const order = await read(
    async (db) =>
      (await db.select().from(productOrders).where(eq(productOrders.id, orderId)).limit(1))[0],
  );
  if (!order || (order.buyerOrgId !== actor.orgId && order.sellerOrgId !== actor.orgId))
    throw notFound("productOrder.notFound");
  if (order.status !== "cancelled") throw conflict("payment.orderNotCancelled");
  const open = await read((db) =>
    db
      .select()
      .from(payments)
      .where(
        and(
          eq(payments.orderId, orderId),
          eq(payments.provider, "stripe"),
          inArray(payments.status, ["pending", "succeeded"]),
        ),
      ),
  );
  if (open.length === 0) return;
  const stripe = stripeClient();
  if (!stripe) throw new DomainError(409, "payment.refundFailed");
  let failed = false;
  for (const payment of open) {
    try {
      if (payment.status === "pending") await closeCheckout(stripe, actor, payment);
      const current = await read(
        async (db) =>
          (await db.select().from(payments).where(eq(payments.id, payment.id)).limit(1))[0],
      );
      if (current?.status === "succeeded") await refundStripePayment(stripe, actor, current);
    } catch (error) {
      failed = true;
      console.error(`refund of payment ${payment.id} failed:`, error);
    }
  }
  if (failed) throw new DomainError(409, "payment.refundFailed");
}

// ── Webhooks ─────────────────────────────────────────────────────────────────────────────────

export class WebhookError extends Error {
  constructor(
    readonly status: 400 | 500,
    message: string,
  ) {
    super(message);
  }
}

/** Reads what the event is about, as it is now at Stripe; null for events this app ignores. */
async function currentView(stripe: Stripe, event: Stripe.Event): Promise<StripeView | null> {
  // A webhook is answered quickly and Stripe delivers it again later, so no retries here.
  const options = { maxNetworkRetries: 0 };
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
    case "checkout.session.async_payment_failed":
    case "checkout.session.expired":
      return sessionView(
        await stripe.checkout.sessions.retrieve(event.data.object.id, { expand: EXPAND }, options),
      );
    case "charge.refunded":
      return chargeView(await stripe.charges.retrieve(event.data.object.id, {}, options));
    default:
      return null;
  }
}

/**
 * Applies a Stripe webhook exactly once: the signature is checked on the raw body, the event is
 * stored by id, and the payment is set from the current Stripe object (read between two
 * transactions, never inside one), so duplicates and any delivery order end in the state Stripe
 * holds. If Stripe cannot be read, the event stays unprocessed and the 500 makes Stripe retry.
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
  const stored = await write(async (tx) => {
    await tx
      .insert(stripeEvents)
      .values({
        id: event.id,
        type: event.type,
        receivedAt: now(),
        payload: event as unknown as Record<string, unknown>,
      })
      .onConflictDoNothing();
    return (await tx.select().from(stripeEvents).where(eq(stripeEvents.id, event.id)).limit(1))[0];
  });
  if (stored?.processedAt) return "duplicate";

  let view: StripeView | null;
  try {
    view = await currentView(stripe, event);
  } catch (error) {
    throw new WebhookError(500, error instanceof Error ? error.message : "Stripe unavailable");
  }

  const result = await write(async (tx) => {
    const row = (
      await tx.select().from(stripeEvents).where(eq(stripeEvents.id, event.id)).limit(1)
    )[0];
    if (row?.processedAt) return { outcome: "duplicate" as const, synced: null };
    await tx.update(stripeEvents).set({ processedAt: now() }).where(eq(stripeEvents.id, event.id));
    const payment = view ? await findStripePayment(tx, view) : undefined;
    if (!view || !payment) return { outcome: "ignored" as const, synced: null };
    return {
      outcome: "applied" as const,
      synced: await syncPayment(tx, null, payment, view, { event: event.id, type: event.type }),
    };
  });

  if (result.synced?.refundDue) {
    try {
      await refundStripePayment(stripe, null, result.synced.payment);
    } catch (error) {
      // The order page offers "retry refund"; the event itself is applied.
      console.error(`refund of payment ${result.synced.payment.id} failed:`, error);
    }
  }
  return result.outcome;
}
