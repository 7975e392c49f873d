/**
 * Payments over HTTP against the real built server. With Stripe keys, the real `stripe` SDK talks
 * to a local emulation of Stripe's API (tests/support/stripe-emulator.ts) and webhooks are signed
 * with the SDK's own generateTestHeaderString; without keys, the offline bank-transfer path.
 */
import { and, eq } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client";
import {
  auditEvents,
  deliveries,
  payments,
  productOrders,
  recycledProducts,
  stripeEvents,
} from "#db/schema";
import { en } from "~/i18n/messages";
import { Client } from "../support/http";
import { type RunningServer, startServer } from "../support/server";
import { StripeEmulator } from "../support/stripe-emulator";
import { makeWorld, type World } from "../support/world";

const WEBHOOK_SECRET = `whsec_test_${Math.random().toString(36).slice(2)}`;
const PRICE_FEN = 4_550; // ¥45.50 per tonne
const ENGLISH = { "Accept-Language": "en" };

let world: World;
let emulator: StripeEmulator;
let server: RunningServer;
let offline: RunningServer;
let buyer: Client;
let seller: Client;
let offlineBuyer: Client;
let offlineSeller: Client;
let offlineSales: Client;
let productId: number;
// Only used to sign test webhooks; it never sends a request.
const signer = new Stripe("sk_test_signing_only");

beforeAll(async () => {
  world = await makeWorld();
  emulator = await StripeEmulator.start();
  [server, offline] = await Promise.all([
    startServer({
      STRIPE_SECRET_KEY: emulator.secretKey,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_API_BASE: emulator.url,
      STRIPE_TIMEOUT_MS: "1000",
    }),
    startServer({ STRIPE_SECRET_KEY: "", STRIPE_WEBHOOK_SECRET: "", STRIPE_API_BASE: "" }),
  ]);
  const login = (s: RunningServer, email: string) => new Client(s.baseUrl).logIn(email);
  [buyer, seller, offlineBuyer, offlineSeller, offlineSales] = await Promise.all([
    login(server, world.people.contractorManager.email),
    login(server, world.people.recyclerManager.email),
    login(offline, world.people.contractorManager.email),
    login(offline, world.people.recyclerManager.email),
    login(offline, world.people.recyclerSales.email),
  ]);
  productId = db
    .insert(recycledProducts)
    .values({
      orgId: world.orgs.recyclerR.id,
      facilityId: world.plant.id,
      productType: "recycled_coarse_aggregate",
      name: "再生粗骨料 5–25 mm",
      standard: "GB/T 25177-2010",
      unit: "t",
      massPerUnitG: 1_000_000,
      priceFenPerUnit: PRICE_FEN,
      stockMilli: 10_000_000,
      recycledContentPct: 100,
      divisionCode: "510100",
      lat: world.plant.lat,
      lon: world.plant.lon,
      createdAt: new Date(),
    })
    .returning()
    .get().id;
});
afterAll(async () => {
  await Promise.all([server?.stop(), offline?.stop()]);
  await emulator?.stop();
});

// ── Fixtures and reading the database ───────────────────────────────────────────────────────

/**
 * An order of the world's contractor as history left it: confirmed (stock already reserved), or
 * delivered in full and confirmed by the buyer, waiting only for its money.
 */
function orderIn(status: "confirmed" | "delivered", tonnes = 20) {
  const quantityMilli = tonnes * 1000;
  const at = new Date();
  const order = db
    .insert(productOrders)
    .values({
      productId,
      sellerOrgId: world.orgs.recyclerR.id,
      buyerOrgId: world.orgs.contractorA.id,
      projectId: world.project.id,
      quantityMilli,
      deliveredMilli: status === "delivered" ? quantityMilli : 0,
      unitPriceFen: PRICE_FEN,
      amountFen: Math.round((quantityMilli * PRICE_FEN) / 1000),
      status,
      createdAt: at,
      updatedAt: at,
    })
    .returning()
    .get();
  if (status === "delivered") {
    db.insert(deliveries)
      .values({
        orderId: order.id,
        quantityMilli,
        vehiclePlate: "川A12345",
        deliveredAt: at,
        confirmedAt: at,
        createdAt: at,
      })
      .run();
  }
  return order;
}

const orderNow = (id: number) =>
  db.select().from(productOrders).where(eq(productOrders.id, id)).get();
const paymentsOf = (orderId: number) =>
  db.select().from(payments).where(eq(payments.orderId, orderId)).orderBy(payments.id).all();
function onlyPayment(orderId: number) {
  const rows = paymentsOf(orderId);
  expect(rows).toHaveLength(1);
  return rows[0] as (typeof rows)[number];
}
const auditCount = (action: string, paymentId: number) =>
  db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.action, action),
        eq(auditEvents.entityType, "payment"),
        eq(auditEvents.entityId, String(paymentId)),
      ),
    )
    .all().length;
const storedEvent = (id: string) =>
  db.select().from(stripeEvents).where(eq(stripeEvents.id, id)).get();

/** The alert a refused form post shows. */
const formAlert = (body: string) =>
  /<div class="alert alert--error" role="alert">([^<]*)<\/div>/.exec(body)?.[1];

// ── Talking to the server and to "Stripe" ───────────────────────────────────────────────────

/** The buyer presses "Pay"; with Stripe it is sent to the Checkout session's page. */
async function pay(orderId: number, client = buyer) {
  return client.post(`/product-orders/${orderId}`, { intent: "pay" }, ENGLISH);
}

/** Pays through Checkout and returns the session the buyer was sent to. */
async function checkout(orderId: number) {
  const response = await pay(orderId);
  expect(response.status, response.body.slice(0, 300)).toBe(302);
  const sessionId = /\/c\/pay\/(cs_[\w]+)$/.exec(response.location ?? "")?.[1];
  expect(sessionId, response.location ?? "").toBeDefined();
  return emulator.session(sessionId as string);
}

/** Posts an event to the webhook, signed as Stripe signs it (or with what `header` says). */
async function deliver(event: Record<string, unknown>, header?: string | null) {
  const payload = JSON.stringify(event, null, 2);
  const signature =
    header === undefined
      ? signer.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET })
      : header;
  const response = await fetch(`${server.baseUrl}/webhooks/stripe`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      ...(signature === null ? {} : { "Stripe-Signature": signature }),
    },
    body: payload,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const eventId = (event: Record<string, unknown>) => event.id as string;

// ── Stripe Checkout ─────────────────────────────────────────────────────────────────────────

describe("paying by Stripe Checkout", () => {
  it("sends the buyer to a Checkout session for the amount due in fen, CNY, card/Alipay/WeChat Pay, with an idempotency key", async () => {
    const order = orderIn("confirmed", 12);
    const before = emulator.calls("POST", "/v1/checkout/sessions").length;
    const session = await checkout(order.id);

    const created = emulator.calls("POST", "/v1/checkout/sessions").slice(before);
    expect(created).toHaveLength(1);
    const request = created[0];
    const payment = onlyPayment(order.id);
    expect(request?.body).toMatchObject({
      mode: "payment",
      allowed_payment_method_types: ["card", "alipay", "wechat_pay"],
      line_items: [{ quantity: "1", price_data: { currency: "cny", unit_amount: "54600" } }],
      client_reference_id: String(payment.id),
      metadata: { orderId: String(order.id), paymentId: String(payment.id) },
    });
    expect(order.amountFen).toBe(54_600); // 12 t × ¥45.50
    expect(request?.body.success_url).toBe(`${server.baseUrl}/product-orders/${order.id}?paid=1`);
    expect(request?.idempotencyKey).toBe(`checkout-payment-${payment.id}`);
    expect(payment).toMatchObject({
      provider: "stripe",
      status: "pending",
      amountFen: 54_600,
      checkoutSessionId: session.id,
    });

    // Pressing "Pay" again sends the buyer back to the same open session.
    const again = await pay(order.id);
    expect(again.status).toBe(302);
    expect(again.location).toBe(session.url);
    expect(emulator.calls("POST", "/v1/checkout/sessions").slice(before)).toHaveLength(1);
    expect(paymentsOf(order.id)).toHaveLength(1);

    // Nobody but the buyer pays: the seller is refused, another contractor does not see it.
    const outsider = await new Client(server.baseUrl).logIn(world.people.otherContractor.email);
    expect((await pay(order.id, seller)).status).toBe(403);
    expect((await pay(order.id, outsider)).status).toBe(404);
    expect(paymentsOf(order.id)).toHaveLength(1);
  });

  it("applies checkout.session.completed once however often it comes, and completes a delivered order", async () => {
    const order = orderIn("delivered");
    const session = await checkout(order.id);
    emulator.completeSession(session.id);
    const completed = emulator.event("checkout.session.completed", session);

    const first = await deliver(completed);
    expect(first).toEqual({ status: 200, body: { received: true, outcome: "applied" } });
    const payment = onlyPayment(order.id);
    expect(payment).toMatchObject({
      status: "succeeded",
      paymentIntentId: session.payment_intent,
      refundedFen: 0,
    });
    expect(orderNow(order.id)?.status).toBe("completed");

    const reads = emulator.calls("GET", `/v1/checkout/sessions/${session.id}`).length;
    const again = await deliver(completed);
    expect(again).toEqual({ status: 200, body: { received: true, outcome: "duplicate" } });
    // Three more deliveries at once: still applied only once.
    const together = await Promise.all([
      deliver(completed),
      deliver(completed),
      deliver(completed),
    ]);
    expect(together.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(together.map((r) => r.body.outcome)).toEqual(["duplicate", "duplicate", "duplicate"]);
    expect(emulator.calls("GET", `/v1/checkout/sessions/${session.id}`)).toHaveLength(reads);
    expect(auditCount("payment.synced", payment.id)).toBe(1);
    expect(storedEvent(eventId(completed))?.processedAt).toBeInstanceOf(Date);

    // Paid in full: nothing more to pay.
    const more = await pay(order.id);
    expect(more.status).toBe(409);
    expect(formAlert(more.body)).toBe(en["payment.notPayable"]);
  });

  it("keeps a delayed payment pending until it settles, and marks it failed when the debit fails", async () => {
    const order = orderIn("confirmed");
    const session = await checkout(order.id);
    emulator.completeSession(session.id, { async: true });
    expect((await deliver(emulator.event("checkout.session.completed", session))).status).toBe(200);
    expect(onlyPayment(order.id).status).toBe("pending");
    // While the debit is on its way, paying again is refused rather than paying twice.
    const meanwhile = await pay(order.id);
    expect(meanwhile.status).toBe(409);
    expect(formAlert(meanwhile.body)).toBe(en["payment.processing"]);

    emulator.settleAsync(session.id, "failed");
    const failed = await deliver(emulator.event("checkout.session.async_payment_failed", session));
    expect(failed.body.outcome).toBe("applied");
    expect(onlyPayment(order.id).status).toBe("failed");
    expect(orderNow(order.id)?.status).toBe("confirmed");

    // The buyer can try again: a new attempt with a new session.
    const retry = await checkout(order.id);
    expect(retry.id).not.toBe(session.id);
    expect(paymentsOf(order.id).map((p) => p.status)).toEqual(["failed", "pending"]);
  });

  it("ends in the state Stripe holds when async_payment_succeeded comes before completed", async () => {
    const order = orderIn("delivered");
    const session = await checkout(order.id);
    emulator.completeSession(session.id, { async: true });
    const completed = emulator.event("checkout.session.completed", session);
    emulator.settleAsync(session.id, "succeeded");
    const succeeded = emulator.event("checkout.session.async_payment_succeeded", session);

    expect((await deliver(succeeded)).body.outcome).toBe("applied");
    expect(onlyPayment(order.id).status).toBe("succeeded");
    // The older event arrives late: its payload says "unpaid", Stripe says paid.
    expect((completed.data as { object: { payment_status: string } }).object.payment_status).toBe(
      "unpaid",
    );
    expect((await deliver(completed)).body.outcome).toBe("applied");
    expect(onlyPayment(order.id).status).toBe("succeeded");
    expect(orderNow(order.id)?.status).toBe("completed");
  });

  it("ends refunded when a refund's charge.refunded comes before the stale checkout.session.completed", async () => {
    const order = orderIn("confirmed");
    const session = await checkout(order.id);
    emulator.completeSession(session.id);
    const completed = emulator.event("checkout.session.completed", session);
    const charge = emulator.chargeOfSession(session.id);
    emulator.refundFromDashboard(charge.id);
    const refunded = emulator.event("charge.refunded", emulator.charge(charge.id));

    // The refund comes first: its payment is not yet known by its payment intent.
    expect((await deliver(refunded)).body.outcome).toBe("ignored");
    expect(storedEvent(eventId(refunded))?.processedAt).toBeInstanceOf(Date);
    // The stale "completed" says paid; Stripe's session, read now, says paid and refunded.
    expect((await deliver(completed)).body.outcome).toBe("applied");
    expect(onlyPayment(order.id)).toMatchObject({
      status: "refunded",
      refundedFen: order.amountFen,
    });

    // A stale success delivered after the refund does not undo it.
    const stale = emulator.event("checkout.session.async_payment_succeeded", session);
    expect((await deliver(stale)).body.outcome).toBe("applied");
    expect(onlyPayment(order.id)).toMatchObject({
      status: "refunded",
      refundedFen: order.amountFen,
    });
  });

  it("syncs a partial Dashboard refund, and an expired session cancels its attempt", async () => {
    const order = orderIn("confirmed");
    const session = await checkout(order.id);
    emulator.completeSession(session.id);
    await deliver(emulator.event("checkout.session.completed", session));
    const charge = emulator.chargeOfSession(session.id);
    emulator.refundFromDashboard(charge.id, 10_000);
    expect((await deliver(emulator.event("charge.refunded", charge))).body.outcome).toBe("applied");
    expect(onlyPayment(order.id)).toMatchObject({ status: "succeeded", refundedFen: 10_000 });

    const other = orderIn("confirmed");
    const abandoned = await checkout(other.id);
    emulator.expireSession(abandoned.id);
    expect((await deliver(emulator.event("checkout.session.expired", abandoned))).status).toBe(200);
    expect(onlyPayment(other.id).status).toBe("cancelled");
    const fresh = await checkout(other.id);
    expect(fresh.id).not.toBe(abandoned.id);
  });

  it("refunds a paid order on cancellation through POST /v1/refunds with an idempotency key", async () => {
    const order = orderIn("confirmed");
    const stockBefore = db
      .select()
      .from(recycledProducts)
      .where(eq(recycledProducts.id, productId))
      .get()?.stockMilli as number;
    const session = await checkout(order.id);
    emulator.completeSession(session.id);
    await deliver(emulator.event("checkout.session.completed", session));
    const payment = onlyPayment(order.id);
    expect(payment.status).toBe("succeeded");

    const before = emulator.calls("POST", "/v1/refunds").length;
    const cancelled = await buyer.post(`/product-orders/${order.id}`, { intent: "cancel" });
    expect(cancelled.status, cancelled.body.slice(0, 300)).toBe(302);
    const refunds = emulator.calls("POST", "/v1/refunds").slice(before);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]?.body).toMatchObject({
      payment_intent: session.payment_intent,
      amount: String(order.amountFen),
    });
    expect(refunds[0]?.idempotencyKey).toBe(`refund-payment-${payment.id}-0`);
    expect(orderNow(order.id)?.status).toBe("cancelled");
    expect(onlyPayment(order.id)).toMatchObject({
      status: "refunded",
      refundedFen: order.amountFen,
    });
    expect(
      db.select().from(recycledProducts).where(eq(recycledProducts.id, productId)).get()
        ?.stockMilli,
    ).toBe(stockBefore + order.quantityMilli);

    // Stripe's charge.refunded for that refund then changes nothing.
    const charge = emulator.chargeOfSession(session.id);
    expect(charge.amount_refunded).toBe(order.amountFen);
    expect((await deliver(emulator.event("charge.refunded", charge))).body.outcome).toBe("applied");
    expect(onlyPayment(order.id)).toMatchObject({
      status: "refunded",
      refundedFen: order.amountFen,
    });
    expect(emulator.calls("POST", "/v1/refunds").slice(before)).toHaveLength(1);
  });

  it("refunds only the rest after a partial refund, and retries a refund Stripe did not take", async () => {
    const order = orderIn("confirmed");
    const session = await checkout(order.id);
    emulator.completeSession(session.id);
    await deliver(emulator.event("checkout.session.completed", session));
    const charge = emulator.chargeOfSession(session.id);
    emulator.refundFromDashboard(charge.id, 30_000);
    await deliver(emulator.event("charge.refunded", charge));
    const payment = onlyPayment(order.id);
    expect(payment.refundedFen).toBe(30_000);

    emulator.fail("500");
    const before = emulator.requests.length;
    const cancelled = await seller.post(
      `/product-orders/${order.id}`,
      { intent: "cancel" },
      ENGLISH,
    );
    emulator.recover();
    expect(cancelled.status).toBe(409);
    expect(formAlert(cancelled.body)).toBe(en["payment.refundFailed"]);
    expect(orderNow(order.id)?.status).toBe("cancelled");
    expect(onlyPayment(order.id)).toMatchObject({ status: "succeeded", refundedFen: 30_000 });
    const tried = emulator.requests.slice(before).filter((r) => r.path === "/v1/refunds");
    expect(tried.length).toBeGreaterThan(0);
    expect(new Set(tried.map((r) => r.idempotencyKey))).toEqual(
      new Set([`refund-payment-${payment.id}-30000`]),
    );
    expect(cancelled.body).toContain('value="refund"');

    const retried = await seller.post(`/product-orders/${order.id}`, { intent: "refund" });
    expect(retried.status).toBe(302);
    const refunds = emulator
      .calls("POST", "/v1/refunds")
      .filter((r) => r.idempotencyKey === `refund-payment-${payment.id}-30000`);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]?.body.amount).toBe(String(order.amountFen - 30_000));
    expect(onlyPayment(order.id)).toMatchObject({
      status: "refunded",
      refundedFen: order.amountFen,
    });
  });

  it("opens one checkout however many times at once the buyer presses Pay", async () => {
    const order = orderIn("confirmed");
    const before = emulator.calls("POST", "/v1/checkout/sessions").length;
    const presses = await Promise.all([pay(order.id), pay(order.id), pay(order.id)]);
    expect(presses.map((r) => r.status)).toEqual([302, 302, 302]);
    expect(new Set(presses.map((r) => r.location)).size).toBe(1);
    const payment = onlyPayment(order.id);
    // Any second create carried the same key, and Stripe answered with the same session.
    const creates = emulator.calls("POST", "/v1/checkout/sessions").slice(before);
    expect(new Set(creates.map((r) => r.idempotencyKey))).toEqual(
      new Set([`checkout-payment-${payment.id}`]),
    );
    expect(emulator.session(payment.checkoutSessionId as string).url).toBe(presses[0]?.location);
  });

  it("finds the payment by client_reference_id when the session's id was never recorded", async () => {
    const order = orderIn("confirmed");
    const session = await checkout(order.id);
    // As if the answer to the create had been lost after Stripe made the session.
    db.update(payments)
      .set({ checkoutSessionId: null })
      .where(eq(payments.orderId, order.id))
      .run();
    emulator.completeSession(session.id);
    expect((await deliver(emulator.event("checkout.session.completed", session))).body).toEqual({
      received: true,
      outcome: "applied",
    });
    expect(onlyPayment(order.id)).toMatchObject({
      status: "succeeded",
      checkoutSessionId: session.id,
    });
  });

  it("refunds a checkout paid just before the order was cancelled, once", async () => {
    const order = orderIn("confirmed");
    const session = await checkout(order.id);
    // Paid at Stripe; the webhook has not arrived when the buyer cancels.
    emulator.completeSession(session.id);
    const late = emulator.event("checkout.session.completed", session);
    const before = emulator.calls("POST", "/v1/refunds").length;
    const cancelled = await buyer.post(`/product-orders/${order.id}`, { intent: "cancel" });
    expect(cancelled.status).toBe(302);
    expect(onlyPayment(order.id)).toMatchObject({
      status: "refunded",
      refundedFen: order.amountFen,
    });
    expect(emulator.calls("POST", "/v1/refunds").slice(before)).toHaveLength(1);
    expect((await deliver(late)).body.outcome).toBe("applied");
    expect(onlyPayment(order.id).status).toBe("refunded");
    expect(emulator.calls("POST", "/v1/refunds").slice(before)).toHaveLength(1);
  });

  it("sends back money that arrives for an order cancelled meanwhile", async () => {
    const order = orderIn("confirmed");
    const session = await checkout(order.id);
    // Cancelled on the other side of the world while the buyer was paying (history, not HTTP).
    db.update(productOrders)
      .set({ status: "cancelled" })
      .where(eq(productOrders.id, order.id))
      .run();
    emulator.completeSession(session.id);
    const before = emulator.calls("POST", "/v1/refunds").length;
    expect((await deliver(emulator.event("checkout.session.completed", session))).status).toBe(200);
    const refunds = emulator.calls("POST", "/v1/refunds").slice(before);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]?.body.amount).toBe(String(order.amountFen));
    expect(onlyPayment(order.id)).toMatchObject({
      status: "refunded",
      refundedFen: order.amountFen,
    });
  });

  it("closes an unpaid checkout when the order is cancelled", async () => {
    const order = orderIn("confirmed");
    const session = await checkout(order.id);
    const cancelled = await buyer.post(`/product-orders/${order.id}`, { intent: "cancel" });
    expect(cancelled.status).toBe(302);
    expect(emulator.calls("POST", `/v1/checkout/sessions/${session.id}/expire`)).toHaveLength(1);
    expect(emulator.session(session.id).status).toBe("expired");
    expect(onlyPayment(order.id).status).toBe("cancelled");
  });

  it("refuses a webhook whose signature does not match, and stores nothing", async () => {
    const order = orderIn("confirmed");
    const session = await checkout(order.id);
    emulator.completeSession(session.id);
    const event = emulator.event("checkout.session.completed", session);
    const payload = JSON.stringify(event);
    const forged = [
      signer.webhooks.generateTestHeaderString({ payload, secret: "whsec_someone_else" }),
      // Signed, then the body changed on the way.
      signer.webhooks.generateTestHeaderString({
        payload: payload.replace('"paid"', '"unpaid"'),
        secret: WEBHOOK_SECRET,
      }),
      // Signed long ago: a replay.
      signer.webhooks.generateTestHeaderString({
        payload: JSON.stringify(event, null, 2),
        secret: WEBHOOK_SECRET,
        timestamp: Math.floor(Date.now() / 1000) - 3600,
      }),
      "t=1,v1=deadbeef",
      null,
    ];
    for (const header of forged) {
      const response = await deliver(event, header);
      expect(response.status, String(header)).toBe(400);
    }
    expect(storedEvent(eventId(event))).toBeUndefined();
    expect(onlyPayment(order.id).status).toBe("pending");
    expect(emulator.calls("GET", `/v1/checkout/sessions/${session.id}`)).toHaveLength(0);
  });

  it("stores an event of a type it does not handle, answers 200 and changes nothing", async () => {
    const before = emulator.requests.length;
    const event = emulator.event("customer.created", { id: "cus_test_1", object: "customer" } as {
      id: string;
    });
    const response = await deliver(event);
    expect(response).toEqual({ status: 200, body: { received: true, outcome: "ignored" } });
    expect(storedEvent(eventId(event))).toMatchObject({ type: "customer.created" });
    expect(storedEvent(eventId(event))?.processedAt).toBeInstanceOf(Date);
    expect(emulator.requests.length).toBe(before);
  });

  it("answers 500 and keeps the event unprocessed while Stripe is unreachable; the retry applies it", async () => {
    const order = orderIn("delivered");
    const session = await checkout(order.id);
    emulator.completeSession(session.id);
    const event = emulator.event("checkout.session.completed", session);

    for (const mode of ["500", "reset"] as const) {
      emulator.fail(mode);
      const response = await deliver(event);
      emulator.recover();
      expect(response.status, mode).toBe(500);
      expect(storedEvent(eventId(event))?.processedAt).toBeNull();
      expect(onlyPayment(order.id).status).toBe("pending");
      expect(orderNow(order.id)?.status).toBe("delivered");
    }

    const retry = await deliver(event);
    expect(retry).toEqual({ status: 200, body: { received: true, outcome: "applied" } });
    expect(onlyPayment(order.id).status).toBe("succeeded");
    expect(orderNow(order.id)?.status).toBe("completed");
    expect(storedEvent(eventId(event))?.processedAt).toBeInstanceOf(Date);
  });

  it("tells the buyer the payment service did not answer, and lets it try again", async () => {
    const order = orderIn("confirmed");
    for (const mode of ["500", "hang"] as const) {
      emulator.fail(mode);
      const response = await pay(order.id);
      emulator.recover();
      expect(response.status, mode).toBe(409);
      expect(formAlert(response.body)).toBe(en["payment.providerUnavailable"]);
    }
    expect(paymentsOf(order.id).map((p) => p.status)).toEqual(["failed", "failed"]);
    expect(paymentsOf(order.id).every((p) => p.checkoutSessionId === null)).toBe(true);

    const session = await checkout(order.id);
    expect(paymentsOf(order.id).map((p) => p.status)).toEqual(["failed", "failed", "pending"]);
    expect(paymentsOf(order.id)[2]?.checkoutSessionId).toBe(session.id);
  });

  it("takes a payment above Stripe's limit by bank transfer", async () => {
    const order = orderIn("confirmed", 22_000); // 22,000 t × ¥45.50 = ¥1,001,000.00
    const before = emulator.requests.length;
    const response = await pay(order.id);
    expect(response.status).toBe(302);
    expect(response.location).toBe(`/product-orders/${order.id}`);
    expect(onlyPayment(order.id)).toMatchObject({
      provider: "bank_transfer",
      status: "pending",
      amountFen: 100_100_000,
    });
    expect(emulator.requests.length).toBe(before);
  });
});

describe("the Stripe emulation", () => {
  it("checks the secret key and answers a repeated idempotency key with the same object, as Stripe does", async () => {
    const base = new URL(emulator.url);
    const client = (key: string) =>
      new Stripe(key, {
        host: base.hostname,
        port: Number(base.port),
        protocol: "http",
        maxNetworkRetries: 0,
      });
    const params: Stripe.Checkout.SessionCreateParams = {
      mode: "payment",
      line_items: [
        {
          quantity: 2,
          price_data: { currency: "cny", unit_amount: 1_250, product_data: { name: "砖" } },
        },
      ],
      success_url: "http://example.test/ok",
    };
    await expect(client("sk_test_wrong").checkout.sessions.create(params)).rejects.toMatchObject({
      statusCode: 401,
    });
    const stripe = client(emulator.secretKey);
    const first = await stripe.checkout.sessions.create(params, { idempotencyKey: "k-1" });
    const again = await stripe.checkout.sessions.create(params, { idempotencyKey: "k-1" });
    expect(again.id).toBe(first.id);
    expect(first).toMatchObject({
      object: "checkout.session",
      amount_total: 2_500,
      currency: "cny",
    });
    await expect(
      stripe.checkout.sessions.create(
        { ...params, success_url: "http://example.test/other" },
        {
          idempotencyKey: "k-1",
        },
      ),
    ).rejects.toMatchObject({ type: "StripeIdempotencyError" });
    const other = await stripe.checkout.sessions.create(params, { idempotencyKey: "k-2" });
    expect(other.id).not.toBe(first.id);
    const read = await stripe.checkout.sessions.retrieve(first.id);
    expect(read.url).toBe(first.url);
    await expect(stripe.charges.retrieve("ch_missing")).rejects.toMatchObject({ statusCode: 404 });
  });
});

// ── Offline: bank transfer confirmed by the seller ──────────────────────────────────────────

describe("paying by bank transfer when the server has no Stripe keys", () => {
  it("records a pending transfer the seller confirms with the bank's reference", async () => {
    const order = orderIn("delivered");
    const before = emulator.requests.length;
    const started = await offlineBuyer.post(`/product-orders/${order.id}`, { intent: "pay" });
    expect(started.status).toBe(302);
    expect(started.location).toBe(`/product-orders/${order.id}`);
    // Pressing "Pay" again does not open a second transfer.
    expect((await offlineBuyer.post(`/product-orders/${order.id}`, { intent: "pay" })).status).toBe(
      302,
    );
    const payment = onlyPayment(order.id);
    expect(payment).toMatchObject({
      provider: "bank_transfer",
      status: "pending",
      amountFen: order.amountFen,
    });
    expect(emulator.requests.length).toBe(before);

    // Only the seller's manager confirms money arrived.
    const form = {
      intent: "confirm_transfer",
      paymentId: String(payment.id),
      reference: "ICBC-0001",
    };
    expect((await offlineBuyer.post(`/product-orders/${order.id}`, form)).status).toBe(403);
    expect((await offlineSales.post(`/product-orders/${order.id}`, form)).status).toBe(403);
    expect(onlyPayment(order.id).status).toBe("pending");
    const empty = await offlineSeller.post(`/product-orders/${order.id}`, {
      ...form,
      reference: " ",
    });
    expect(empty.status).toBe(400);
    expect(onlyPayment(order.id).status).toBe("pending");

    const confirmed = await offlineSeller.post(`/product-orders/${order.id}`, form);
    expect(confirmed.status).toBe(302);
    expect(onlyPayment(order.id)).toMatchObject({
      status: "succeeded",
      bankReference: "ICBC-0001",
    });
    expect(orderNow(order.id)?.status).toBe("completed");

    // The same confirmation again (a double click, a retry) changes nothing; another is refused.
    expect((await offlineSeller.post(`/product-orders/${order.id}`, form)).status).toBe(302);
    expect(auditCount("payment.succeeded", payment.id)).toBe(1);
    const different = await offlineSeller.post(
      `/product-orders/${order.id}`,
      { ...form, reference: "ICBC-0002" },
      ENGLISH,
    );
    expect(different.status).toBe(409);
    expect(formAlert(different.body)).toBe(en["payment.notPending"]);
    expect(onlyPayment(order.id).bankReference).toBe("ICBC-0001");
  });

  it("has no webhook without Stripe keys", async () => {
    const event = emulator.event("checkout.session.completed", { id: "cs_test_none" });
    const payload = JSON.stringify(event);
    const response = await fetch(`${offline.baseUrl}/webhooks/stripe`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "Stripe-Signature": signer.webhooks.generateTestHeaderString({
          payload,
          secret: WEBHOOK_SECRET,
        }),
      },
      body: payload,
    });
    expect(response.status).toBe(400);
    expect(storedEvent(eventId(event))).toBeUndefined();
  });
});
