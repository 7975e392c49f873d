/**
 * The JSON API v1 against the real server: tokens from the settings page to revocation, the whole
 * waste flow by three programs of two organisations, isolation between organisations, permission
 * and input refusals that change nothing, rate limits, and every response checked against the
 * server's own OpenAPI document.
 */
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client";
import {
  apiTokens,
  auditEvents,
  emailOutbox,
  manifests,
  notifications,
  wasteListings,
  wasteOrders,
} from "#db/schema";
import { createApiToken } from "~/domain/api-tokens/api-tokens.server";
import { now, shanghaiDate } from "~/domain/clock";
import { acceptOrder } from "~/domain/orders/orders.server";
import { en, zh } from "~/i18n/messages";
import { operations } from "~/lib/api/operations";
import { type ApiResponse, apiRequest, OpenApiDocument } from "../support/api";
import { Client } from "../support/http";
import { type RunningServer, startServer } from "../support/server";
import { actorFor, makeWorld, type World } from "../support/world";

let server: RunningServer;
let limited: RunningServer;
let world: World;
let openapi: OpenApiDocument;
const tokens = {
  contractor: "",
  siteAgent: "",
  recyclerSales: "",
  clerk: "",
  otherContractor: "",
  otherRecycler: "",
};

const today = shanghaiDate(now());
const inDays = (days: number) => shanghaiDate(new Date(now().getTime() + days * 86_400_000));

async function issueToken(person: keyof World["people"], role: string, name = `${person} program`) {
  return (await createApiToken(actorFor(world.people[person].id), { name, role })).secret;
}

beforeAll(async () => {
  world = await makeWorld();
  [server, limited] = await Promise.all([
    startServer(),
    startServer({ API_RATE_LIMIT_BURST: "3", API_RATE_LIMIT_PER_MINUTE: "1" }),
  ]);
  openapi = await OpenApiDocument.load(server.baseUrl);
  tokens.contractor = await issueToken("contractorManager", "manager");
  tokens.siteAgent = await issueToken("contractorManager", "site_agent", "Site tablet");
  tokens.recyclerSales = await issueToken("recyclerManager", "sales", "Sales ERP");
  tokens.clerk = await issueToken("recyclerManager", "weighbridge_clerk", "Weighbridge 1");
  tokens.otherContractor = await issueToken("otherContractor", "manager");
  tokens.otherRecycler = await issueToken("otherRecycler", "manager");
});
afterAll(() => Promise.all([server?.stop(), limited?.stop()]));

/**
 * Calls a documented operation and checks the answer against the document. `template` is the
 * documented path; `{name}` placeholders are filled from `params`.
 */
async function call(
  method: "GET" | "POST",
  template: string,
  options: {
    token?: string;
    params?: Record<string, number | string>;
    json?: unknown;
    raw?: string;
    query?: string;
    language?: string;
  } = {},
): Promise<ApiResponse> {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) =>
    String(options.params?.[name] ?? `missing-${name}`),
  );
  const response = await apiRequest(server.baseUrl, {
    method,
    path: `${path}${options.query ?? ""}`,
    token: options.token,
    json: options.json,
    raw: options.raw,
    language: options.language,
  });
  openapi.expectDocumented(method, template, response);
  return response;
}

function listingBody(overrides: Record<string, unknown> = {}) {
  return {
    projectId: world.project.id,
    wasteClass: "demolition_waste",
    material: "concrete",
    quantityKg: 60_000,
    availableFrom: today,
    availableUntil: inDays(30),
    priceFenPerTonne: 2_550,
    payer: "recycler",
    description: "Crushed slab from block C",
    ...overrides,
  };
}

const receipt = (ticket: string) => ({
  weighbridgeTicket: ticket,
  grossKg: 31_500,
  tareKg: 15_000,
  decision: "accept",
});

/** A manifest in transit from contractor A to recycler R, made through the API. */
async function manifestInTransit() {
  const listing = await call("POST", "/listings", {
    token: tokens.contractor,
    json: listingBody(),
  });
  const order = await call("POST", "/listings/{listingId}/claims", {
    token: tokens.recyclerSales,
    params: { listingId: listing.body.id },
    json: { facilityId: world.plant.id, quantityKg: 20_000 },
  });
  await acceptOrder(actorFor(world.people.contractorManager.id), order.body.id);
  const manifest = await call("POST", "/orders/{orderId}/manifests", {
    token: tokens.siteAgent,
    params: { orderId: order.body.id },
    json: {
      vehiclePlate: "川A12345",
      driverName: "王师傅",
      hauler: "顺达运输",
      estimatedKg: 16_000,
    },
  });
  expect(manifest.status).toBe(201);
  return { listing: listing.body, order: order.body, manifest: manifest.body };
}

/** Every table an API call could change (token last-use times aside): refusals leave it all. */
function snapshot() {
  return {
    listings: db.select().from(wasteListings).all(),
    orders: db.select().from(wasteOrders).all(),
    manifests: db.select().from(manifests).all(),
    audit: db.select().from(auditEvents).all(),
    notifications: db.select().from(notifications).all(),
    emails: db.select().from(emailOutbox).all(),
  };
}

function expectProblem(response: ApiResponse, status: number, code?: string) {
  expect(response.status).toBe(status);
  expect(response.contentType).toBe("application/problem+json");
  expect(response.body).toMatchObject({ type: "about:blank", status });
  if (code) expect(response.body.code).toBe(code);
}

/** The problem's field errors as { field: message }. */
function fieldErrors(response: ApiResponse): Record<string, string> {
  const errors: { field: string; message: string }[] = response.body.errors ?? [];
  return Object.fromEntries(errors.map((e) => [e.field, e.message]));
}

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 with every operation, bearer security and problem responses", async () => {
    const doc = openapi.document as {
      openapi: string;
      paths: Record<string, Record<string, { operationId: string }>>;
      components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({
      type: "http",
      scheme: "bearer",
    });
    for (const operation of Object.values(operations)) {
      const documented = openapi.operation(operation.method, operation.path);
      expect(documented.operationId).toBe(operation.operationId);
      const responses = documented.responses as Record<string, unknown>;
      expect(Object.keys(responses)).toEqual(
        expect.arrayContaining([String(operation.response.status), "401", "429"]),
      );
    }
    // Request bodies are what clients send (defaults optional); responses what the server sends.
    const body = openapi.resolve({ $ref: "#/components/schemas/ListingCreateBody" });
    expect(body.required).toEqual(expect.arrayContaining(["projectId", "quantityKg"]));
    expect(body.required).not.toContain("publish");
    const listing = openapi.resolve({ $ref: "#/components/schemas/ListingResource" });
    expect(listing.additionalProperties).toBe(false);
  });
});

describe("API tokens", () => {
  it("are created on the settings page, shown once, stored hashed, used, shown as used, revoked", async () => {
    const manager = await new Client(server.baseUrl).logIn(world.people.recyclerManager.email);
    const page = await manager.get("/settings/api-tokens");
    expect(page.status).toBe(200);
    expect(page.body).toContain('href="/settings/api-tokens"');

    const created = await manager.post("/settings/api-tokens", {
      intent: "create",
      name: "Gate 2 weighbridge",
      role: "weighbridge_clerk",
    });
    expect(created.status).toBe(200);
    expect(created.headers.get("Cache-Control")).toBe("no-store");
    const secret = /rx_[A-Za-z0-9_-]{43}/.exec(created.body)?.[0] ?? "";
    expect(secret).not.toBe("");

    const row = db
      .select()
      .from(apiTokens)
      .where(eq(apiTokens.prefix, secret.slice(0, 10)))
      .get();
    expect(row).toMatchObject({
      orgId: world.orgs.recyclerR.id,
      role: "weighbridge_clerk",
      name: "Gate 2 weighbridge",
      tokenHash: createHash("sha256").update(secret).digest("hex"),
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(JSON.stringify(db.select().from(apiTokens).all())).not.toContain(secret);
    const cardOf = (html: string) =>
      html.split("<li").find((card) => card.includes("Gate 2 weighbridge")) ?? "";
    const listed = await manager.get("/settings/api-tokens");
    expect(listed.body).not.toContain(secret);
    expect(cardOf(listed.body)).toContain(zh["apiTokens.never"]);

    // The clerk's token reaches the clerk's records, not the market.
    const manifest = await call("GET", "/manifests/{manifestId}", {
      token: secret,
      params: { manifestId: (await manifestInTransit()).manifest.id },
    });
    expect(manifest.status).toBe(200);
    expectProblem(await call("GET", "/listings", { token: secret }), 403, "error.forbidden");
    const used = db
      .select()
      .from(apiTokens)
      .where(eq(apiTokens.id, row?.id ?? 0))
      .get();
    expect(used?.lastUsedAt).toBeInstanceOf(Date);
    expect(cardOf((await manager.get("/settings/api-tokens")).body)).not.toContain(
      zh["apiTokens.never"],
    );

    const revoked = await manager.post("/settings/api-tokens", {
      intent: "revoke",
      tokenId: String(row?.id),
    });
    expect(revoked.status).toBe(302);
    expect(cardOf((await manager.get("/settings/api-tokens")).body)).toContain(
      zh["status.revoked"],
    );
    const refused = await call("GET", "/manifests/{manifestId}", {
      token: secret,
      params: { manifestId: manifest.body.id },
    });
    expectProblem(refused, 401, "api.tokenInvalid");
    expect(refused.headers.get("WWW-Authenticate")).toContain("invalid_token");

    const trail = db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.entityType, "api_token"), eq(auditEvents.entityId, String(row?.id))),
      )
      .all()
      .map((e) => e.action);
    expect(trail).toEqual(["api_token.created", "api_token.revoked"]);
  });

  it("are managed only by managers, with the roles of their own kind of organisation", async () => {
    const agent = await new Client(server.baseUrl).logIn(world.people.siteAgent.email);
    expect((await agent.get("/settings/api-tokens")).status).toBe(403);
    expect((await agent.get("/projects")).body).not.toContain('href="/settings/api-tokens"');
    const before = db.select().from(apiTokens).all();
    const refused = await agent.post("/settings/api-tokens", {
      intent: "create",
      name: "Mine",
      role: "site_agent",
    });
    expect(refused.status).toBe(403);

    const manager = await new Client(server.baseUrl).logIn(world.people.contractorManager.email);
    const foreignRole = await manager.post(
      "/settings/api-tokens",
      { intent: "create", name: "Clerk?", role: "weighbridge_clerk" },
      { "Accept-Language": "en" },
    );
    expect(foreignRole.status).toBe(422);
    const unnamed = await manager.post("/settings/api-tokens", {
      intent: "create",
      role: "manager",
    });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body).toContain(zh["form.required"]);
    // Another organisation's token cannot be revoked: it reads as not found.
    const othersToken = db
      .select()
      .from(apiTokens)
      .where(eq(apiTokens.orgId, world.orgs.contractorB.id))
      .get();
    const foreign = await manager.post("/settings/api-tokens", {
      intent: "revoke",
      tokenId: String(othersToken?.id),
    });
    expect(foreign.status).toBe(404);
    expect(db.select().from(apiTokens).all()).toEqual(before);
  });
});

describe("the waste flow over the API", () => {
  it("lists, claims, dispatches and receives, with the same rules as the web", async () => {
    const created = await call("POST", "/listings", {
      token: tokens.contractor,
      json: listingBody(),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("Location")).toBe(`/api/v1/listings/${created.body.id}`);
    expect(created.body).toMatchObject({
      projectId: world.project.id,
      quantityKg: 60_000,
      allocatedKg: 0,
      availableKg: 60_000,
      priceFenPerTonne: 2_550,
      status: "open",
    });
    const audited = db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, "listing.created"),
          eq(auditEvents.entityId, String(created.body.id)),
        ),
      )
      .get();
    expect(audited?.actorUserId).toBe(world.people.contractorManager.id);
    expect(audited?.data).toMatchObject({ apiTokenId: expect.any(Number) });

    const market = await call("GET", "/listings", {
      token: tokens.recyclerSales,
      query: "?wasteClass=demolition_waste&page=1",
    });
    expect(market.status).toBe(200);
    expect(market.body.items.map((l: { id: number }) => l.id)).toContain(created.body.id);
    const read = await call("GET", "/listings/{listingId}", {
      token: tokens.recyclerSales,
      params: { listingId: created.body.id },
    });
    expect(read.body).toEqual(created.body);

    const order = await call("POST", "/listings/{listingId}/claims", {
      token: tokens.recyclerSales,
      params: { listingId: created.body.id },
      json: { facilityId: world.plant.id, quantityKg: 25_000, note: "Two trucks on Monday" },
    });
    expect(order.status).toBe(201);
    expect(order.headers.get("Location")).toBe(`/api/v1/orders/${order.body.id}`);
    expect(order.body).toMatchObject({
      listingId: created.body.id,
      status: "requested",
      quantityKg: 25_000,
      facilityId: world.plant.id,
      manifests: [],
    });
    const notified = db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.orgId, world.orgs.contractorA.id),
          eq(notifications.kind, "claim_requested"),
          eq(notifications.entityId, String(order.body.id)),
        ),
      )
      .get();
    expect(notified).toBeDefined();
    // The claim cannot be dispatched against before the producer accepts it.
    const early = await call("POST", "/orders/{orderId}/manifests", {
      token: tokens.contractor,
      params: { orderId: order.body.id },
      json: {
        vehiclePlate: "川A12345",
        driverName: "王师傅",
        hauler: "顺达运输",
        estimatedKg: 16_000,
      },
    });
    expectProblem(early, 409, "manifest.orderNotAccepted");

    await acceptOrder(actorFor(world.people.contractorManager.id), order.body.id);

    const dispatched = await call("POST", "/orders/{orderId}/manifests", {
      token: tokens.contractor,
      params: { orderId: order.body.id },
      json: {
        vehiclePlate: "川a·d12345",
        driverName: "王师傅",
        hauler: "顺达运输",
        estimatedKg: 16_000,
      },
    });
    expect(dispatched.status).toBe(201);
    expect(dispatched.body).toMatchObject({
      orderId: order.body.id,
      status: "dispatched",
      vehiclePlate: "川AD12345",
      estimatedKg: 16_000,
      netKg: null,
      receivedAt: null,
    });

    const first = await call("POST", "/manifests/{manifestId}/receipt", {
      token: tokens.clerk,
      params: { manifestId: dispatched.body.id },
      json: receipt("WB-0001"),
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      status: "received",
      netKg: 16_500,
      weighbridgeTicket: "WB-0001",
    });
    const retried = await call("POST", "/manifests/{manifestId}/receipt", {
      token: tokens.clerk,
      params: { manifestId: dispatched.body.id },
      json: receipt("WB-0001"),
    });
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual(first.body);
    const receipts = db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, "manifest.received"),
          eq(auditEvents.entityId, String(dispatched.body.id)),
        ),
      )
      .all();
    expect(receipts).toHaveLength(1);
    expect(
      db.select().from(wasteOrders).where(eq(wasteOrders.id, order.body.id)).get()?.receivedKg,
    ).toBe(16_500);

    for (const token of [tokens.contractor, tokens.recyclerSales, tokens.clerk]) {
      const seen = await call("GET", "/orders/{orderId}", {
        token,
        params: { orderId: order.body.id },
      });
      expect(seen.body).toMatchObject({ status: "in_progress", receivedKg: 16_500 });
      expect(seen.body.manifests).toEqual([
        expect.objectContaining({ id: dispatched.body.id, status: "received", netKg: 16_500 }),
      ]);
      const trip = await call("GET", "/manifests/{manifestId}", {
        token,
        params: { manifestId: dispatched.body.id },
      });
      expect(trip.body).toEqual(first.body);
    }
  });

  it("keeps a listing as a draft when asked, visible to its producer only", async () => {
    const draft = await call("POST", "/listings", {
      token: tokens.contractor,
      json: listingBody({ publish: false }),
    });
    expect(draft.body.status).toBe("draft");
    const own = await call("GET", "/listings/{listingId}", {
      token: tokens.siteAgent,
      params: { listingId: draft.body.id },
    });
    expect(own.status).toBe(200);
    const other = await call("GET", "/listings/{listingId}", {
      token: tokens.recyclerSales,
      params: { listingId: draft.body.id },
    });
    expectProblem(other, 404, "listing.notFound");
  });
});

describe("organisations are isolated", () => {
  it("another organisation's token reads private records as not found and cannot act on them", async () => {
    const { listing, order, manifest } = await manifestInTransit();
    const draft = await call("POST", "/listings", {
      token: tokens.contractor,
      json: listingBody({ publish: false }),
    });
    const before = snapshot();
    const refusals = [
      await call("GET", "/listings/{listingId}", {
        token: tokens.otherContractor,
        params: { listingId: draft.body.id },
      }),
      await call("GET", "/orders/{orderId}", {
        token: tokens.otherContractor,
        params: { orderId: order.id },
      }),
      await call("GET", "/orders/{orderId}", {
        token: tokens.otherRecycler,
        params: { orderId: order.id },
      }),
      await call("GET", "/manifests/{manifestId}", {
        token: tokens.otherContractor,
        params: { manifestId: manifest.id },
      }),
      await call("GET", "/manifests/{manifestId}", {
        token: tokens.otherRecycler,
        params: { manifestId: manifest.id },
      }),
      await call("POST", "/orders/{orderId}/manifests", {
        token: tokens.otherContractor,
        params: { orderId: order.id },
        json: {
          vehiclePlate: "川B12345",
          driverName: "李师傅",
          hauler: "绵运",
          estimatedKg: 10_000,
        },
      }),
      await call("POST", "/manifests/{manifestId}/receipt", {
        token: tokens.otherRecycler,
        params: { manifestId: manifest.id },
        json: receipt("S-0001"),
      }),
      await call("POST", "/listings", {
        token: tokens.otherContractor,
        json: listingBody(),
      }),
    ];
    for (const refusal of refusals) expectProblem(refusal, 404);

    // A claim for a facility of another organisation names the field.
    const claim = await call("POST", "/listings/{listingId}/claims", {
      token: tokens.otherRecycler,
      params: { listingId: listing.id },
      json: { facilityId: world.plant.id, quantityKg: 1_000 },
    });
    expectProblem(claim, 422);
    expect(fieldErrors(claim)).toEqual({ facilityId: en["facility.notFound"] });
    expect(snapshot()).toEqual(before);
  });
});

describe("permissions", () => {
  it("answer 403 problems for roles without the permission, and change nothing", async () => {
    const { listing, order, manifest } = await manifestInTransit();
    const before = snapshot();
    const denied = [
      await call("POST", "/listings", { token: tokens.siteAgent, json: listingBody() }),
      await call("POST", "/listings", { token: tokens.clerk, json: listingBody() }),
      await call("GET", "/listings", { token: tokens.clerk }),
      await call("POST", "/listings/{listingId}/claims", {
        token: tokens.contractor,
        params: { listingId: listing.id },
        json: { facilityId: world.plant.id, quantityKg: 1_000 },
      }),
      await call("POST", "/listings/{listingId}/claims", {
        token: tokens.clerk,
        params: { listingId: listing.id },
        json: { facilityId: world.plant.id, quantityKg: 1_000 },
      }),
      await call("POST", "/orders/{orderId}/manifests", {
        token: tokens.recyclerSales,
        params: { orderId: order.id },
        json: {
          vehiclePlate: "川A12345",
          driverName: "王师傅",
          hauler: "顺达运输",
          estimatedKg: 16_000,
        },
      }),
      await call("POST", "/manifests/{manifestId}/receipt", {
        token: tokens.recyclerSales,
        params: { manifestId: manifest.id },
        json: receipt("WB-9001"),
      }),
      await call("POST", "/manifests/{manifestId}/receipt", {
        token: tokens.contractor,
        params: { manifestId: manifest.id },
        json: receipt("WB-9001"),
      }),
    ];
    for (const refusal of denied) {
      expectProblem(refusal, 403, "error.forbidden");
      expect(refusal.body.detail).toBe(en["error.forbidden"]);
    }
    expect(snapshot()).toEqual(before);
  });
});

describe("bad input", () => {
  it("answers 4xx problems with field errors in the caller's language, and changes nothing", async () => {
    const { manifest } = await manifestInTransit();
    const before = snapshot();

    const empty = await call("POST", "/listings", { token: tokens.contractor, json: {} });
    expectProblem(empty, 422, "form.fixErrors");
    expect(fieldErrors(empty)).toMatchObject({
      projectId: en["form.required"],
      wasteClass: en["form.chooseOne"],
      quantityKg: en["form.required"],
      availableFrom: en["form.required"],
      priceFenPerTonne: en["form.required"],
    });
    expect(fieldErrors(empty)).not.toHaveProperty("publish");

    const wrongTypes = await call("POST", "/listings", {
      token: tokens.contractor,
      json: listingBody({
        projectId: String(world.project.id),
        quantityKg: "60",
        priceFenPerTonne: 25.5,
        publish: "yes",
        description: 42,
      }),
    });
    expectProblem(wrongTypes, 422);
    expect(fieldErrors(wrongTypes)).toEqual({
      projectId: en["form.invalid"],
      quantityKg: en["form.wholeKg"],
      priceFenPerTonne: en["form.wholeFen"],
      publish: en["form.invalid"],
      description: en["form.invalid"],
    });

    const quantities = [
      [-5, "form.quantityTooSmall"],
      [0, "form.quantityTooSmall"],
      [1.5, "form.wholeKg"],
      [2_000_000_000, "form.quantityTooLarge"],
      [1e300, "form.quantityTooLarge"],
    ] as const;
    for (const [quantityKg, key] of quantities) {
      const refused = await call("POST", "/listings", {
        token: tokens.contractor,
        json: listingBody({ quantityKg }),
      });
      expect(fieldErrors(refused), String(quantityKg)).toEqual({ quantityKg: en[key] });
    }

    // The cross-field rules are the web form's own.
    const rules = await call("POST", "/listings", {
      token: tokens.contractor,
      json: listingBody({ material: "mud", availableUntil: inDays(-400), availableFrom: today }),
      language: "zh-CN,zh;q=0.9",
    });
    expectProblem(rules, 422);
    expect(rules.body.title).toBe(zh["problem.unprocessable"]);
    expect(rules.body.detail).toBe(zh["form.fixErrors"]);
    expect(fieldErrors(rules)).toEqual({
      availableUntil: zh["form.endBeforeStart"],
      material: zh["listing.materialNotInClass"],
    });

    const plate = await call("POST", "/orders/{orderId}/manifests", {
      token: tokens.contractor,
      params: { orderId: manifest.orderId },
      json: { vehiclePlate: "AB-1234", driverName: "", hauler: "顺达运输", estimatedKg: 50 },
    });
    expect(fieldErrors(plate)).toEqual({
      vehiclePlate: en["form.plate"],
      driverName: en["form.required"],
      estimatedKg: en["form.quantityTooSmall"],
    });

    const weights = await call("POST", "/manifests/{manifestId}/receipt", {
      token: tokens.clerk,
      params: { manifestId: manifest.id },
      json: { ...receipt("WB-0002"), tareKg: 40_000, decision: "reject" },
    });
    expect(fieldErrors(weights)).toEqual({
      tareKg: en["manifest.tareNotBelowGross"],
      rejectReason: en["manifest.rejectReasonRequired"],
    });

    const over = await call("POST", "/listings/{listingId}/claims", {
      token: tokens.recyclerSales,
      params: { listingId: manifest.listingId },
      json: { facilityId: world.plant.id, quantityKg: 50_000 },
    });
    expectProblem(over, 409, "order.overClaim");
    expect(over.body.detail).toBe(en["order.overClaim"].replace("{available}", "40"));

    const malformed = [
      ["{", "api.malformedJson"],
      ["", "api.malformedJson"],
      ["[1, 2]", "api.bodyNotObject"],
      ['"text"', "api.bodyNotObject"],
      ["null", "api.bodyNotObject"],
    ] as const;
    for (const [raw, code] of malformed) {
      const refused = await call("POST", "/listings", { token: tokens.contractor, raw });
      expectProblem(refused, 400, code);
    }
    const huge = await call("POST", "/manifests/{manifestId}/receipt", {
      token: tokens.clerk,
      params: { manifestId: manifest.id },
      json: { ...receipt("WB-0003"), rejectReason: "x".repeat(100_000) },
    });
    expectProblem(huge, 413, "api.bodyTooLarge");

    for (const id of ["abc", "0", "1e3", "99999999"]) {
      const refused = await call("GET", "/manifests/{manifestId}", {
        token: tokens.clerk,
        params: { manifestId: id },
      });
      expectProblem(refused, 404);
    }
    expect(snapshot()).toEqual(before);
  });

  it("refuses requests without a live token, unknown paths and wrong methods as problems", async () => {
    const missing = await call("GET", "/listings");
    expectProblem(missing, 401, "api.tokenMissing");
    expect(missing.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
    for (const token of ["rx_not-a-token", `rx_${"A".repeat(43)}`]) {
      expectProblem(await call("GET", "/listings", { token }), 401, "api.tokenInvalid");
    }

    for (const path of ["", "/", "/nothing-here", "/listings/1/photos", "/orders"]) {
      const response = await apiRequest(server.baseUrl, { path, token: tokens.contractor });
      openapi.expectProblem(response, 404);
      expect(response.body.code).toBe("api.unknownPath");
    }
    const wrong = [
      ["DELETE", "/listings", "GET, POST"],
      ["PUT", `/manifests/${world.listing.id}`, "GET"],
      ["GET", `/listings/${world.listing.id}/claims`, "POST"],
      ["PATCH", "/openapi.json", "GET"],
    ] as const;
    for (const [method, path, allowed] of wrong) {
      const response = await apiRequest(server.baseUrl, { method, path, token: tokens.contractor });
      openapi.expectProblem(response, 405);
      expect(response.headers.get("Allow")).toBe(allowed);
    }
  });
});

describe("rate limiting", () => {
  it("gives each token its own bucket and answers 429 with Retry-After when it is empty", async () => {
    const busy = await issueToken("recyclerManager", "sales", "Busy integration");
    const calm = await issueToken("recyclerManager", "sales", "Calm integration");
    const statuses: number[] = [];
    let last: ApiResponse | undefined;
    for (let i = 0; i < 4; i++) {
      last = await apiRequest(limited.baseUrl, { path: "/listings", token: busy });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    if (!last) throw new Error("no response");
    openapi.expectDocumented("GET", "/listings", last);
    expectProblem(last, 429, "api.rateLimited");
    const retryAfter = Number(last.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await apiRequest(limited.baseUrl, { path: "/listings", token: calm })).status).toBe(
      200,
    );
    // The limit is per server process: the other server has not seen this token's burst.
    expect((await apiRequest(server.baseUrl, { path: "/listings", token: busy })).status).toBe(200);
  });
});
