/**
 * A local stand-in for the parts of Stripe's HTTP API the app calls, so the real `stripe` SDK
 * (pointed here with STRIPE_API_BASE) can be exercised end to end without the network:
 *
 *   POST /v1/checkout/sessions             GET /v1/checkout/sessions/:id (expand[] of
 *   POST /v1/checkout/sessions/:id/expire      payment_intent and payment_intent.latest_charge)
 *   GET  /v1/charges/:id                   POST /v1/refunds
 *
 * Bodies are parsed the way Stripe does (form-encoded, nested keys such as
 * line_items[0][price_data][unit_amount]); the secret key is checked; every request is recorded
 * with its Idempotency-Key, and a key seen before replays the first answer (a different body under
 * the same key is refused, as Stripe does). Objects carry the fields the SDK's types declare for
 * them, with their `object` names. Tests move objects along (a customer pays, a bank debit fails,
 * someone refunds from the Dashboard) with the hooks below, and can make the API fail.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

type Json = Record<string, unknown>;
type FormValue = string | FormValue[] | { [key: string]: FormValue };

export type RecordedRequest = {
  method: string;
  path: string;
  query: Record<string, FormValue>;
  // Form bodies as Stripe reads them; tests compare their fields.
  // biome-ignore lint/suspicious/noExplicitAny: a parsed form body of any shape
  body: any;
  idempotencyKey: string | null;
  status: number;
};

/** How the emulated API fails: an error answer, a dropped connection, or no answer at all. */
export type Failure = "500" | "reset" | "hang";

export type EmulatedSession = {
  id: string;
  object: "checkout.session";
  allowed_payment_method_types: string[] | null;
  amount_subtotal: number;
  amount_total: number;
  cancel_url: string | null;
  client_reference_id: string | null;
  created: number;
  currency: string;
  expires_at: number;
  livemode: false;
  metadata: Record<string, string>;
  mode: string;
  payment_intent: string | null;
  payment_method_types: string[];
  payment_status: "paid" | "unpaid" | "no_payment_required";
  status: "open" | "complete" | "expired";
  success_url: string | null;
  url: string | null;
};

export type EmulatedPaymentIntent = {
  id: string;
  object: "payment_intent";
  amount: number;
  amount_received: number;
  currency: string;
  created: number;
  latest_charge: string | null;
  livemode: false;
  metadata: Record<string, string>;
  status: "processing" | "succeeded" | "requires_payment_method" | "canceled";
};

export type EmulatedCharge = {
  id: string;
  object: "charge";
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  captured: boolean;
  created: number;
  currency: string;
  livemode: false;
  paid: boolean;
  payment_intent: string;
  refunded: boolean;
  status: "succeeded";
};

export type EmulatedRefund = {
  id: string;
  object: "refund";
  amount: number;
  charge: string;
  created: number;
  currency: string;
  payment_intent: string;
  status: "succeeded" | "pending";
};

/**
 * Reads an application/x-www-form-urlencoded body into nested objects and arrays, as Stripe's
 * API does: `a[b][0][c]=1` → { a: { b: [{ c: "1" }] } }. Values stay strings.
 */
export function parseStripeForm(text: string): Record<string, FormValue> {
  const root: Record<string, FormValue> = {};
  if (!text) return root;
  for (const pair of text.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const decode = (s: string) => decodeURIComponent(s.replaceAll("+", " "));
    const rawKey = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = decode(eq === -1 ? "" : pair.slice(eq + 1));
    const head = /^[^[]+/.exec(rawKey)?.[0] ?? rawKey;
    const path = [
      head,
      ...[...rawKey.slice(head.length).matchAll(/\[([^\]]*)\]/g)].map((m) => m[1] ?? ""),
    ];
    let node: Record<string, FormValue> = root;
    for (let i = 0; i < path.length - 1; i++) {
      const key = path[i] as string;
      const child = node[key];
      if (typeof child !== "object" || child === null) node[key] = {};
      node = node[key] as Record<string, FormValue>;
    }
    node[path[path.length - 1] as string] = value;
  }
  return arraysFromIndexedObjects(root) as Record<string, FormValue>;
}

/** { "0": x, "1": y } → [x, y], recursively. */
function arraysFromIndexedObjects(value: FormValue): FormValue {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(arraysFromIndexedObjects);
  const keys = Object.keys(value);
  const converted = Object.fromEntries(
    keys.map((k) => [k, arraysFromIndexedObjects(value[k] as FormValue)]),
  );
  if (keys.length > 0 && keys.every((k, i) => k === String(i)))
    return keys.map((k) => converted[k] as FormValue);
  return converted;
}

const clone = <T>(value: T): T => structuredClone(value);
const nowSeconds = () => Math.floor(Date.now() / 1000);

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export class StripeEmulator {
  readonly secretKey = `sk_test_emulated_${randomBytes(6).toString("hex")}`;
  url = "";
  readonly requests: RecordedRequest[] = [];
  readonly sessions = new Map<string, EmulatedSession>();
  readonly paymentIntents = new Map<string, EmulatedPaymentIntent>();
  readonly charges = new Map<string, EmulatedCharge>();
  readonly refunds = new Map<string, EmulatedRefund>();
  /** The status new refunds are created with (card refunds usually succeed at once). */
  refundStatus: EmulatedRefund["status"] = "succeeded";

  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly idempotent = new Map<
    string,
    { fingerprint: string; status: number; body: Json }
  >();
  private failures: { mode: Failure; remaining: number } | null = null;
  private serial = 0;

  private constructor() {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  static async start(): Promise<StripeEmulator> {
    const emulator = new StripeEmulator();
    await new Promise<void>((resolve) => emulator.server.listen(0, "127.0.0.1", resolve));
    const address = emulator.server.address();
    if (!address || typeof address === "string") throw new Error("emulator has no port");
    emulator.url = `http://127.0.0.1:${address.port}`;
    return emulator;
  }

  stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  // ── Failure injection ────────────────────────────────────────────────────────────────────

  /** The next `count` requests (retries included) fail in the given way; Infinity until recover(). */
  fail(mode: Failure, count = Number.POSITIVE_INFINITY) {
    this.failures = { mode, remaining: count };
  }

  recover() {
    this.failures = null;
  }

  // ── What the app sent ────────────────────────────────────────────────────────────────────

  /** Answered requests to a method and path (prefix), oldest first. */
  calls(method: string, pathPrefix: string): RecordedRequest[] {
    return this.requests.filter(
      (r) =>
        r.method === method && r.path.startsWith(pathPrefix) && r.status >= 200 && r.status < 500,
    );
  }

  // ── Test hooks: what happens at Stripe between the app's calls ───────────────────────────

  session(id: string): EmulatedSession {
    const session = this.sessions.get(id);
    if (!session) throw new Error(`no emulated session ${id}`);
    return session;
  }

  charge(id: string): EmulatedCharge {
    const charge = this.charges.get(id);
    if (!charge) throw new Error(`no emulated charge ${id}`);
    return charge;
  }

  /** The charge that paid a session, once there is one. */
  chargeOfSession(sessionId: string): EmulatedCharge {
    const intent = this.paymentIntents.get(this.session(sessionId).payment_intent ?? "");
    if (!intent?.latest_charge) throw new Error(`session ${sessionId} has no charge`);
    return this.charge(intent.latest_charge);
  }

  /**
   * The customer completes Checkout. With a card (or Alipay, WeChat Pay) the money is captured at
   * once; with `async` (a bank debit) the session completes unpaid and the payment is processing.
   */
  completeSession(id: string, options: { async?: boolean } = {}): EmulatedSession {
    const session = this.session(id);
    if (session.status !== "open") throw new Error(`session ${id} is ${session.status}`);
    const intent: EmulatedPaymentIntent = {
      id: this.newId("pi"),
      object: "payment_intent",
      amount: session.amount_total,
      amount_received: 0,
      currency: session.currency,
      created: nowSeconds(),
      latest_charge: null,
      livemode: false,
      metadata: { ...session.metadata },
      status: "processing",
    };
    this.paymentIntents.set(intent.id, intent);
    session.status = "complete";
    session.payment_intent = intent.id;
    if (!options.async) this.capture(intent, session);
    return session;
  }

  /** A processing (async) payment settles: the money arrives, or the debit fails. */
  settleAsync(sessionId: string, outcome: "succeeded" | "failed"): EmulatedSession {
    const session = this.session(sessionId);
    const intent = this.paymentIntents.get(session.payment_intent ?? "");
    if (intent?.status !== "processing") throw new Error(`session ${sessionId} is not processing`);
    if (outcome === "succeeded") this.capture(intent, session);
    else intent.status = "requires_payment_method";
    return session;
  }

  /** The session times out (or is expired from the Dashboard) before anyone paid. */
  expireSession(id: string): EmulatedSession {
    const session = this.session(id);
    if (session.status !== "open") throw new Error(`session ${id} is ${session.status}`);
    session.status = "expired";
    session.url = null;
    return session;
  }

  /** Someone refunds from the Stripe Dashboard, outside the app. */
  refundFromDashboard(chargeId: string, amount?: number): EmulatedRefund {
    return this.refund(this.charge(chargeId), amount);
  }

  /**
   * A webhook event as Stripe would send it, carrying a snapshot of the object as it is now;
   * a snapshot taken earlier and delivered later is how a stale event looks.
   */
  event(type: string, object: { id: string }): Json {
    return {
      id: this.newId("evt"),
      object: "event",
      api_version: "2026-10-28.endive",
      created: nowSeconds(),
      data: { object: clone(object) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    };
  }

  // ── Inside ───────────────────────────────────────────────────────────────────────────────

  private newId(prefix: string) {
    this.serial++;
    return `${prefix}_test_${String(this.serial).padStart(6, "0")}${randomBytes(4).toString("hex")}`;
  }

  private capture(intent: EmulatedPaymentIntent, session: EmulatedSession) {
    const charge: EmulatedCharge = {
      id: this.newId("ch"),
      object: "charge",
      amount: intent.amount,
      amount_captured: intent.amount,
      amount_refunded: 0,
      captured: true,
      created: nowSeconds(),
      currency: intent.currency,
      livemode: false,
      paid: true,
      payment_intent: intent.id,
      refunded: false,
      status: "succeeded",
    };
    this.charges.set(charge.id, charge);
    intent.latest_charge = charge.id;
    intent.amount_received = intent.amount;
    intent.status = "succeeded";
    session.payment_status = "paid";
  }

  private refund(charge: EmulatedCharge, amount?: number): EmulatedRefund {
    const remaining = charge.amount - charge.amount_refunded;
    const value = amount ?? remaining;
    if (!Number.isInteger(value) || value <= 0)
      throw new ApiError(
        400,
        "invalid_request_error",
        "Invalid positive integer",
        "parameter_invalid_integer",
      );
    if (value > remaining) {
      throw new ApiError(
        400,
        "invalid_request_error",
        `Refund amount (${value}) is greater than unrefunded amount on charge (${remaining})`,
        "amount_too_large",
      );
    }
    if (remaining === 0)
      throw new ApiError(
        400,
        "invalid_request_error",
        `Charge ${charge.id} has already been refunded.`,
        "charge_already_refunded",
      );
    const refund: EmulatedRefund = {
      id: this.newId("re"),
      object: "refund",
      amount: value,
      charge: charge.id,
      created: nowSeconds(),
      currency: charge.currency,
      payment_intent: charge.payment_intent,
      status: this.refundStatus,
    };
    this.refunds.set(refund.id, refund);
    charge.amount_refunded += value;
    charge.refunded = charge.amount_refunded === charge.amount;
    return refund;
  }

  private sessionView(session: EmulatedSession, expand: string[]): Json {
    const view: Json = clone(session);
    if (
      session.payment_intent &&
      (expand.includes("payment_intent") || expand.includes("payment_intent.latest_charge"))
    ) {
      const intent: Json = clone(
        this.paymentIntents.get(session.payment_intent) as EmulatedPaymentIntent,
      );
      if (
        expand.includes("payment_intent.latest_charge") &&
        typeof intent.latest_charge === "string"
      )
        intent.latest_charge = clone(this.charges.get(intent.latest_charge));
      view.payment_intent = intent;
    }
    return view;
  }

  private createSession(body: Record<string, FormValue>): EmulatedSession {
    const items = body.line_items;
    if (!Array.isArray(items) || items.length === 0)
      throw new ApiError(
        400,
        "invalid_request_error",
        "Missing required param: line_items.",
        "parameter_missing",
      );
    let total = 0;
    let currency = "";
    for (const item of items as Json[]) {
      const price = item.price_data as Json | undefined;
      const unitAmount = Number(price?.unit_amount);
      const quantity = Number(item.quantity ?? 1);
      if (
        !price ||
        !/^\d+$/.test(String(price.unit_amount)) ||
        !Number.isInteger(quantity) ||
        quantity < 1
      )
        throw new ApiError(
          400,
          "invalid_request_error",
          "Invalid line_items.",
          "parameter_invalid_integer",
        );
      if (currency && price.currency !== currency)
        throw new ApiError(
          400,
          "invalid_request_error",
          "All line items must use the same currency.",
        );
      currency = String(price.currency);
      total += unitAmount * quantity;
    }
    if (total > 99_999_999)
      throw new ApiError(
        400,
        "invalid_request_error",
        "Amount must be no more than ¥999,999.99",
        "amount_too_large",
      );
    for (const key of ["success_url", "mode"])
      if (typeof body[key] !== "string")
        throw new ApiError(
          400,
          "invalid_request_error",
          `Missing required param: ${key}.`,
          "parameter_missing",
        );
    const methods = Array.isArray(body.allowed_payment_method_types)
      ? (body.allowed_payment_method_types as string[])
      : null;
    const id = this.newId("cs");
    const session: EmulatedSession = {
      id,
      object: "checkout.session",
      allowed_payment_method_types: methods,
      amount_subtotal: total,
      amount_total: total,
      cancel_url: typeof body.cancel_url === "string" ? body.cancel_url : null,
      client_reference_id:
        typeof body.client_reference_id === "string" ? body.client_reference_id : null,
      created: nowSeconds(),
      currency,
      expires_at: nowSeconds() + 24 * 3600,
      livemode: false,
      metadata: (body.metadata ?? {}) as Record<string, string>,
      mode: String(body.mode),
      payment_intent: null,
      payment_method_types: methods ?? ["card"],
      payment_status: "unpaid",
      status: "open",
      success_url: String(body.success_url),
      url: `${this.url}/c/pay/${id}`,
    };
    this.sessions.set(id, session);
    return session;
  }

  private route(
    method: string,
    path: string,
    query: Record<string, FormValue>,
    body: Record<string, FormValue>,
  ): Json {
    const expand = Array.isArray(query.expand) ? (query.expand as string[]) : [];
    const missing = (kind: string, id: string) =>
      new ApiError(404, "invalid_request_error", `No such ${kind}: '${id}'`, "resource_missing");
    const idIn = (pattern: RegExp) => pattern.exec(path)?.[1];
    if (method === "POST" && path === "/v1/checkout/sessions")
      return clone(this.createSession(body));
    const sessionId = idIn(/^\/v1\/checkout\/sessions\/([^/]+)$/);
    if (method === "GET" && sessionId) {
      const session = this.sessions.get(sessionId);
      if (!session) throw missing("checkout.session", sessionId);
      return this.sessionView(session, expand);
    }
    const expiring = idIn(/^\/v1\/checkout\/sessions\/([^/]+)\/expire$/);
    if (method === "POST" && expiring) {
      const session = this.sessions.get(expiring);
      if (!session) throw missing("checkout.session", expiring);
      if (session.status !== "open")
        throw new ApiError(
          400,
          "invalid_request_error",
          `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`,
        );
      session.status = "expired";
      session.url = null;
      return clone(session);
    }
    const chargeId = idIn(/^\/v1\/charges\/([^/]+)$/);
    if (method === "GET" && chargeId) {
      const charge = this.charges.get(chargeId);
      if (!charge) throw missing("charge", chargeId);
      return clone(charge);
    }
    if (method === "POST" && path === "/v1/refunds") {
      let charge: EmulatedCharge | undefined;
      if (typeof body.charge === "string") charge = this.charges.get(body.charge);
      else if (typeof body.payment_intent === "string") {
        const intent = this.paymentIntents.get(body.payment_intent);
        if (!intent) throw missing("payment_intent", body.payment_intent);
        charge = intent.latest_charge ? this.charges.get(intent.latest_charge) : undefined;
        if (!charge)
          throw new ApiError(
            400,
            "invalid_request_error",
            "This PaymentIntent does not have a successful charge to refund.",
          );
      }
      if (!charge)
        throw new ApiError(
          400,
          "invalid_request_error",
          "One of charge or payment_intent is required.",
          "parameter_missing",
        );
      const amount = body.amount === undefined ? undefined : Number(body.amount);
      return clone(this.refund(charge, amount));
    }
    throw new ApiError(
      404,
      "invalid_request_error",
      `Unrecognized request URL (${method}: ${path}).`,
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", this.url);
    const method = req.method ?? "GET";
    const idempotencyKey = (req.headers["idempotency-key"] as string | undefined) ?? null;
    const query = parseStripeForm(url.search.slice(1));
    const body = parseStripeForm(text);
    const record = (status: number) =>
      this.requests.push({ method, path: url.pathname, query, body, idempotencyKey, status });
    const send = (status: number, json: Json, headers: Record<string, string> = {}) => {
      record(status);
      res.writeHead(status, {
        "Content-Type": "application/json",
        "Request-Id": `req_${randomBytes(6).toString("hex")}`,
        "Stripe-Version": String(req.headers["stripe-version"] ?? ""),
        ...(idempotencyKey ? { "Idempotency-Key": idempotencyKey } : {}),
        ...headers,
      });
      res.end(JSON.stringify(json));
    };

    if (this.failures && this.failures.remaining > 0) {
      this.failures.remaining--;
      const { mode } = this.failures;
      if (this.failures.remaining === 0) this.failures = null;
      if (mode === "500") {
        return send(500, { error: { type: "api_error", message: "Emulated outage." } });
      }
      record(0);
      if (mode === "reset") return req.socket.destroy();
      return; // hang: never answer; stop() closes the socket
    }

    if (req.headers.authorization !== `Bearer ${this.secretKey}`) {
      return send(401, {
        error: {
          type: "invalid_request_error",
          message: "Invalid API Key provided.",
        },
      });
    }

    const fingerprint = `${method} ${url.pathname} ${text}`;
    if (method === "POST" && idempotencyKey) {
      const seen = this.idempotent.get(idempotencyKey);
      if (seen && seen.fingerprint !== fingerprint) {
        return send(400, {
          error: {
            type: "idempotency_error",
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
          },
        });
      }
      if (seen) return send(seen.status, clone(seen.body), { "Idempotent-Replayed": "true" });
    }

    let status = 200;
    let answer: Json;
    try {
      answer = this.route(method, url.pathname, query, body);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      status = error.status;
      answer = {
        error: {
          type: error.type,
          message: error.message,
          ...(error.code ? { code: error.code } : {}),
        },
      };
    }
    // Stripe keeps the result of an idempotent POST that ran; refused requests can be retried.
    if (method === "POST" && idempotencyKey && status === 200)
      this.idempotent.set(idempotencyKey, { fingerprint, status, body: clone(answer) });
    return send(status, answer);
  }
}
