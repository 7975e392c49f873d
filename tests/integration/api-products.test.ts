/**
 * The product side of the JSON API v1 against the real server: a recycler's and a contractor's
 * programs take recycled product from a weighed load to a project (product, batch, order,
 * deliveries, confirmation, trace, usage rate), organisations stay isolated, roles are enforced,
 * bad input changes nothing, and every response fits the server's own OpenAPI document. The web
 * forms, which now hand the same services milli-units, keep their messages.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client";
import {
  auditEvents,
  batchInputs,
  deliveries,
  materialUseReports,
  payments,
  productBatches,
  productOrders,
  projects,
  recycledProducts,
} from "#db/schema";
import { createApiToken } from "~/domain/api-tokens/api-tokens.server";
import { now, shanghaiDate, shanghaiMonth } from "~/domain/clock";
import { acceptOrder } from "~/domain/orders/orders.server";
import { recordMaterialUse } from "~/domain/usage/usage.server";
import { en, zh } from "~/i18n/messages";
import { type ApiResponse, apiRequest, OpenApiDocument } from "../support/api";
import { Client } from "../support/http";
import { type RunningServer, startServer } from "../support/server";
import { actorFor, makeWorld, type World } from "../support/world";

let server: RunningServer;
let world: World;
let openapi: OpenApiDocument;
const tokens = {
  recycler: "",
  sales: "",
  clerk: "",
  contractor: "",
  siteAgent: "",
  otherContractor: "",
  otherRecycler: "",
};

const today = shanghaiDate(now());
const month = shanghaiMonth(now());

async function issueToken(person: keyof World["people"], role: string) {
  return (
    await createApiToken(actorFor(world.people[person].id), { name: `${person} ${role}`, role })
  ).secret;
}

beforeAll(async () => {
  world = await makeWorld();
  server = await startServer();
  openapi = await OpenApiDocument.load(server.baseUrl);
  tokens.recycler = await issueToken("recyclerManager", "manager");
  tokens.sales = await issueToken("recyclerManager", "sales");
  tokens.clerk = await issueToken("recyclerManager", "weighbridge_clerk");
  tokens.contractor = await issueToken("contractorManager", "manager");
  tokens.siteAgent = await issueToken("contractorManager", "site_agent");
  tokens.otherContractor = await issueToken("otherContractor", "manager");
  tokens.otherRecycler = await issueToken("otherRecycler", "manager");
});
afterAll(() => server?.stop());

type Method = "GET" | "POST" | "PUT";

/** Calls a documented operation and checks the answer against the document. */
async function call(
  method: Method,
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

function expectProblem(response: ApiResponse, status: number, code?: string) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.contentType).toBe("application/problem+json");
  expect(response.body).toMatchObject({ type: "about:blank", status });
  if (code) expect(response.body.code).toBe(code);
}

function fieldErrors(response: ApiResponse): Record<string, string> {
  const errors: { field: string; message: string }[] = response.body.errors ?? [];
  return Object.fromEntries(errors.map((e) => [e.field, e.message]));
}

/** Every record the product side keeps, to show that a refusal changed nothing. */
function snapshot() {
  return {
    products: db.select().from(recycledProducts).all(),
    batches: db.select().from(productBatches).all(),
    inputs: db.select().from(batchInputs).all(),
    orders: db.select().from(productOrders).all(),
    deliveries: db.select().from(deliveries).all(),
    payments: db.select().from(payments).all(),
    reports: db.select().from(materialUseReports).all(),
    audit: db.select().from(auditEvents).all(),
  };
}

/**
 * A truckload from the contractor's site weighed in at the recycler's plant, all through the
 * waste API: listing, claim, (acceptance on the web), dispatch, weighbridge receipt.
 */
async function weighedLoad(grossKg = 31_500, tareKg = 15_000) {
  const listing = await call("POST", "/listings", {
    token: tokens.contractor,
    json: {
      projectId: world.project.id,
      wasteClass: "demolition_waste",
      material: "concrete",
      quantityKg: 40_000,
      availableFrom: today,
      availableUntil: shanghaiDate(new Date(now().getTime() + 30 * 86_400_000)),
      priceFenPerTonne: 2_000,
      payer: "recycler",
    },
  });
  expect(listing.status).toBe(201);
  const order = await call("POST", "/listings/{listingId}/claims", {
    token: tokens.sales,
    params: { listingId: listing.body.id },
    json: { facilityId: world.plant.id, quantityKg: 40_000 },
  });
  expect(order.status).toBe(201);
  await acceptOrder(actorFor(world.people.contractorManager.id), order.body.id);
  const manifest = await call("POST", "/orders/{orderId}/manifests", {
    token: tokens.siteAgent,
    params: { orderId: order.body.id },
    json: {
      vehiclePlate: "川A12345",
      driverName: "王师傅",
      hauler: "顺达运输",
      estimatedKg: grossKg - tareKg,
    },
  });
  expect(manifest.status).toBe(201);
  const received = await call("POST", "/manifests/{manifestId}/receipt", {
    token: tokens.clerk,
    params: { manifestId: manifest.body.id },
    json: {
      weighbridgeTicket: `WB-${manifest.body.id}`,
      grossKg,
      tareKg,
      decision: "accept",
    },
  });
  expect(received.body).toMatchObject({ status: "received", netKg: grossKg - tareKg });
  return received.body as { id: number; manifestNo: string; netKg: number };
}

function aggregateBody(overrides: Record<string, unknown> = {}) {
  return {
    facilityId: world.plant.id,
    productType: "recycled_coarse_aggregate",
    name: "再生粗骨料 5–25 mm",
    standard: "GB/T 25177-2010",
    grade: "Ⅱ类",
    unit: "t",
    priceFenPerUnit: 4_550,
    minOrderMilli: 1_000,
    recycledContentPct: 100,
    description: "水洗再生骨料",
    ...overrides,
  };
}

const brickBody = (overrides: Record<string, unknown> = {}) =>
  aggregateBody({
    productType: "recycled_solid_brick",
    name: "再生骨料实心砖 240×115×53",
    standard: "JG/T 505-2016",
    grade: "MU15",
    unit: "piece",
    massPerUnitG: 2_400,
    priceFenPerUnit: 45,
    minOrderMilli: 500_000,
    ...overrides,
  });

async function newProduct(body: Record<string, unknown> = aggregateBody()) {
  const product = await call("POST", "/products", { token: tokens.sales, json: body });
  expect(product.status, JSON.stringify(product.body)).toBe(201);
  return product.body as { id: number };
}

let batchCounter = 0;
function batchBody(overrides: Record<string, unknown> = {}) {
  batchCounter += 1;
  return {
    batchNo: `B-${batchCounter}`,
    producedOn: today,
    quantityMilli: 10_000,
    inputKg: 10_000,
    testResults: "压碎指标 12%；含泥量 0.8%",
    ...overrides,
  };
}

/** A product with stock, and an order of it for the contractor's project, confirmed. */
async function confirmedOrder(quantityMilli = 5_000) {
  await weighedLoad();
  const product = await newProduct();
  const batch = await call("POST", "/products/{productId}/batches", {
    token: tokens.sales,
    params: { productId: product.id },
    json: batchBody(),
  });
  expect(batch.status).toBe(201);
  const order = await call("POST", "/products/{productId}/orders", {
    token: tokens.contractor,
    params: { productId: product.id },
    json: { projectId: world.project.id, quantityMilli },
  });
  const confirmed = await call("POST", "/product-orders/{orderId}/confirm", {
    token: tokens.sales,
    params: { orderId: order.body.id },
  });
  expect(confirmed.body.status).toBe("confirmed");
  return { product, batch: batch.body, order: confirmed.body };
}

describe("the OpenAPI document", () => {
  it("documents the product operations in the same document, with milli-unit bodies", () => {
    const doc = openapi.document as {
      tags: { name: string }[];
      paths: Record<string, Record<string, { operationId: string; description: string }>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented).toEqual(
      expect.arrayContaining([
        "GET /products",
        "POST /products",
        "GET /products/{productId}",
        "POST /products/{productId}/batches",
        "POST /products/{productId}/orders",
        "GET /product-orders/{orderId}",
        "POST /product-orders/{orderId}/confirm",
        "POST /product-orders/{orderId}/reject",
        "POST /product-orders/{orderId}/cancel",
        "POST /product-orders/{orderId}/deliveries",
        "POST /deliveries/{deliveryId}/confirm",
        "GET /deliveries/{deliveryId}/trace",
        "PUT /projects/{projectId}/material-use",
        "GET /projects/{projectId}/usage",
        // The waste API is still there, in the same document.
        "POST /listings",
        "POST /manifests/{manifestId}/receipt",
      ]),
    );
    expect(doc.tags.map((t) => t.name)).toEqual(
      expect.arrayContaining(["listings", "products", "product-orders", "deliveries", "usage"]),
    );
    expect(doc.paths["/products/{productId}/batches"]?.post?.description).toMatch(/web form/);
    expect(doc.paths["/projects/{projectId}/material-use"]?.put?.description).toMatch(/evidence/);
    const order = openapi.resolve({ $ref: "#/components/schemas/ProductOrderBody" });
    expect(order.required).toEqual(expect.arrayContaining(["projectId", "quantityMilli"]));
    expect(order.properties).not.toHaveProperty("quantity");
    const usage = openapi.resolve({ $ref: "#/components/schemas/MaterialUseBody" });
    expect(usage.required).toEqual(expect.arrayContaining(["materialClass", "month", "totalKg"]));
    expect(usage.properties).not.toHaveProperty("projectId");
    const product = openapi.resolve({ $ref: "#/components/schemas/ProductCreateBody" });
    expect(product.required).not.toContain("massPerUnitG");
    expect(product.required).not.toContain("minOrderMilli");
  });
});

describe("the whole product flow over the API", () => {
  it("takes a weighed load to a project: product, batch, order, two deliveries, trace and usage", async () => {
    db.update(projects)
      .set({ governmentInvested: true })
      .where(eq(projects.id, world.project.id))
      .run();
    const load = await weighedLoad(31_500, 15_000); // 16 500 kg received

    // The recycler's sales program lists a product; a tonne weighs a tonne whatever is sent.
    const created = await call("POST", "/products", {
      token: tokens.sales,
      json: aggregateBody({ massPerUnitG: 5 }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("Location")).toBe(`/api/v1/products/${created.body.id}`);
    expect(created.body).toMatchObject({
      unit: "t",
      massPerUnitG: 1_000_000,
      stockMilli: 0,
      minOrderMilli: 1_000,
      priceFenPerUnit: 4_550,
      facilityId: world.plant.id,
      status: "active",
      batches: [],
    });
    const productId = created.body.id as number;

    // A batch of 15 t drawn from 16 t of the load, with test results as text.
    const batch = await call("POST", "/products/{productId}/batches", {
      token: tokens.recycler,
      params: { productId },
      json: batchBody({ batchNo: "2026-A-001", quantityMilli: 15_000, inputKg: 16_000 }),
    });
    expect(batch.status).toBe(201);
    expect(batch.headers.get("Location")).toBe(`/api/v1/products/${productId}`);
    expect(batch.body).toMatchObject({
      productId,
      batchNo: "2026-A-001",
      quantityMilli: 15_000,
      inputKg: 16_000,
      hasTestReport: false,
      testResults: "压碎指标 12%；含泥量 0.8%",
    });
    expect(
      db.select().from(batchInputs).where(eq(batchInputs.batchId, batch.body.id)).all(),
    ).toEqual([expect.objectContaining({ manifestId: load.id, kg: 16_000 })]);

    // The contractor finds it, reads it with its batch, and orders 12.345 t for its project.
    const found = await call("GET", "/products", {
      token: tokens.contractor,
      query: `?project=${world.project.id}&productType=recycled_coarse_aggregate&sort=price`,
    });
    expect(found.body.projectId).toBe(world.project.id);
    const row = found.body.items.find((p: { id: number }) => p.id === productId);
    expect(row).toMatchObject({ stockMilli: 15_000, sellerName: world.orgs.recyclerR.name });
    expect(row.distanceKm).toEqual(expect.any(Number));
    expect(row.deliveredFenPerUnit).toBe(4_550 + row.haulPerUnit.costFen);
    const read = await call("GET", "/products/{productId}", {
      token: tokens.siteAgent,
      params: { productId },
    });
    expect(read.body.batches).toEqual([batch.body]);

    const placed = await call("POST", "/products/{productId}/orders", {
      token: tokens.contractor,
      params: { productId },
      json: { projectId: world.project.id, quantityMilli: 12_345, note: "3 号楼地坪" },
    });
    expect(placed.status).toBe(201);
    const orderId = placed.body.id as number;
    expect(placed.headers.get("Location")).toBe(`/api/v1/product-orders/${orderId}`);
    expect(placed.body).toMatchObject({
      productId,
      side: "buyer",
      status: "placed",
      quantityMilli: 12_345,
      deliveredMilli: 0,
      unitPriceFen: 4_550,
      amountFen: 56_170, // 12.345 t × ¥45.50 = ¥561.6975 → ¥561.70
      paidFen: 0,
      projectId: world.project.id,
      note: "3 号楼地坪",
      deliveries: [],
      payments: [],
    });

    // The seller confirms, reserving stock.
    const confirmed = await call("POST", "/product-orders/{orderId}/confirm", {
      token: tokens.sales,
      params: { orderId },
    });
    expect(confirmed.body).toMatchObject({ status: "confirmed", side: "seller" });
    const stock = await call("GET", "/products/{productId}", {
      token: tokens.sales,
      params: { productId },
    });
    expect(stock.body.stockMilli).toBe(15_000 - 12_345);

    // The contractor reports the month's aggregate use before anything arrives.
    const reported = await call("PUT", "/projects/{projectId}/material-use", {
      token: tokens.contractor,
      params: { projectId: world.project.id },
      json: { materialClass: "aggregate", month, totalKg: 100_000, note: "主体结构" },
    });
    expect(reported.status).toBe(200);
    expect(reported.body).toMatchObject({
      projectId: world.project.id,
      materialClass: "aggregate",
      month,
      totalKg: 100_000,
      offPlatformRecycledKg: 0,
      hasEvidence: false,
    });
    const aggregateOf = async () => {
      const usage = await call("GET", "/projects/{projectId}/usage", {
        token: tokens.siteAgent,
        params: { projectId: world.project.id },
      });
      expect(usage.body).toMatchObject({ governmentInvested: true, targetPercent: 10 });
      return {
        usage: usage.body,
        aggregate: usage.body.classes.find(
          (c: { materialClass: string }) => c.materialClass === "aggregate",
        ),
      };
    };
    const before = await aggregateOf();
    expect(before.aggregate).toMatchObject({ deliveredGrams: 0, rateBp: 0, complies: false });
    expect(before.usage.complies).toBe(false);

    // Two truckloads, each confirmed by the buyer.
    const first = await call("POST", "/product-orders/{orderId}/deliveries", {
      token: tokens.sales,
      params: { orderId },
      json: { quantityMilli: 8_000, vehiclePlate: "川a·12345", batchId: batch.body.id },
    });
    expect(first.status).toBe(201);
    expect(first.headers.get("Location")).toBe(`/api/v1/deliveries/${first.body.id}/trace`);
    expect(first.body).toMatchObject({
      orderId,
      batchId: batch.body.id,
      quantityMilli: 8_000,
      vehiclePlate: "川A12345",
      confirmedAt: null,
    });
    const second = await call("POST", "/product-orders/{orderId}/deliveries", {
      token: tokens.recycler,
      params: { orderId },
      json: { quantityMilli: 4_345, vehiclePlate: "川A54321" },
    });
    expect(second.body).toMatchObject({ batchId: null, quantityMilli: 4_345 });

    const unconfirmed = await aggregateOf();
    expect(unconfirmed.aggregate.deliveredGrams).toBe(0);

    const firstConfirmed = await call("POST", "/deliveries/{deliveryId}/confirm", {
      token: tokens.siteAgent,
      params: { deliveryId: first.body.id },
    });
    expect(firstConfirmed.body.confirmedAt).toEqual(expect.any(String));
    const again = await call("POST", "/deliveries/{deliveryId}/confirm", {
      token: tokens.contractor,
      params: { deliveryId: first.body.id },
    });
    expect(again.body).toEqual(firstConfirmed.body);
    const half = await aggregateOf();
    expect(half.aggregate.deliveredGrams - before.aggregate.deliveredGrams).toBe(8_000_000);

    await call("POST", "/deliveries/{deliveryId}/confirm", {
      token: tokens.contractor,
      params: { deliveryId: second.body.id },
    });

    // The usage rate moved by exactly the 12.345 t delivered, and the project now complies.
    const after = await aggregateOf();
    expect(after.aggregate.deliveredGrams - before.aggregate.deliveredGrams).toBe(12_345_000);
    expect(after.aggregate).toMatchObject({
      totalKg: 100_000,
      offPlatformKg: 0,
      rateBp: 1_235, // 12.345 ÷ 100 = 12.345 %
      complies: true,
      missingGrams: 0,
    });
    expect(after.usage.complies).toBe(true);
    expect(after.usage.reports).toEqual([reported.body]);

    // Delivered (both deliveries confirmed), awaiting payment; both parties see the same order.
    for (const token of [tokens.contractor, tokens.sales]) {
      const order = await call("GET", "/product-orders/{orderId}", {
        token,
        params: { orderId },
      });
      expect(order.body).toMatchObject({
        status: "delivered",
        deliveredMilli: 12_345,
        paidFen: 0,
        payments: [],
      });
      expect(order.body.deliveries.map((d: { id: number }) => d.id)).toEqual([
        first.body.id,
        second.body.id,
      ]);
      expect(order.body.deliveries.every((d: { confirmedAt: unknown }) => d.confirmedAt)).toBe(
        true,
      );
    }

    // The first delivery traces back to the truck trip the batch was made from.
    for (const token of [tokens.siteAgent, tokens.sales]) {
      const trace = await call("GET", "/deliveries/{deliveryId}/trace", {
        token,
        params: { deliveryId: first.body.id },
      });
      expect(trace.body).toMatchObject({
        delivery: { id: first.body.id, quantityMilli: 8_000 },
        order: { id: orderId, status: "delivered" },
        product: { id: productId, standard: "GB/T 25177-2010", unit: "t" },
        project: { id: world.project.id, name: world.project.name },
        batch: { id: batch.body.id, batchNo: "2026-A-001", inputKg: 16_000 },
        facility: { id: world.plant.id, type: "recycling_plant" },
      });
      expect(trace.body.sources).toEqual([
        expect.objectContaining({
          manifestId: load.id,
          manifestNo: load.manifestNo,
          kg: 16_000,
          wasteClass: "demolition_waste",
          material: "concrete",
          producerName: world.orgs.contractorA.name,
          sourceProjectName: world.project.name,
        }),
      ]);
    }
    const noBatch = await call("GET", "/deliveries/{deliveryId}/trace", {
      token: tokens.contractor,
      params: { deliveryId: second.body.id },
    });
    expect(noBatch.body).toMatchObject({ batch: null, sources: [] });

    // Off-platform recycled product counts once its evidence is on file (uploaded on the web).
    const withoutEvidence = await call("PUT", "/projects/{projectId}/material-use", {
      token: tokens.contractor,
      params: { projectId: world.project.id },
      json: { materialClass: "masonry", month, totalKg: 50_000, offPlatformRecycledKg: 6_000 },
    });
    expectProblem(withoutEvidence, 422, "form.fixErrors");
    expect(fieldErrors(withoutEvidence)).toEqual({ evidence: en["usage.evidenceRequired"] });
    await recordMaterialUse(
      actorFor(world.people.contractorManager.id),
      {
        projectId: world.project.id,
        materialClass: "masonry",
        month,
        totalKg: 50_000,
        offPlatformRecycledKg: 5_000,
        note: "",
      },
      new File([new TextEncoder().encode("%PDF-1.4\n%…\n")], "invoice.pdf", {
        type: "application/pdf",
      }),
    );
    const withEvidence = await call("PUT", "/projects/{projectId}/material-use", {
      token: tokens.contractor,
      params: { projectId: world.project.id },
      json: { materialClass: "masonry", month, totalKg: 50_000, offPlatformRecycledKg: 6_000 },
    });
    expect(withEvidence.body).toMatchObject({ offPlatformRecycledKg: 6_000, hasEvidence: true });
    const masonry = (await aggregateOf()).usage.classes.find(
      (c: { materialClass: string }) => c.materialClass === "masonry",
    );
    expect(masonry).toMatchObject({ offPlatformKg: 6_000, rateBp: 1_200, complies: true });
  });

  it("lets the seller reject and either party cancel, releasing reserved stock", async () => {
    const { product, order } = await confirmedOrder(4_000);
    const stockOf = () =>
      db.select().from(recycledProducts).where(eq(recycledProducts.id, product.id)).get()
        ?.stockMilli;
    expect(stockOf()).toBe(6_000);
    const cancelled = await call("POST", "/product-orders/{orderId}/cancel", {
      token: tokens.contractor,
      params: { orderId: order.id },
    });
    expect(cancelled.body).toMatchObject({ status: "cancelled", side: "buyer" });
    expect(stockOf()).toBe(10_000);

    const placed = await call("POST", "/products/{productId}/orders", {
      token: tokens.contractor,
      params: { productId: product.id },
      json: { projectId: world.project.id, quantityMilli: 2_000 },
    });
    const rejected = await call("POST", "/product-orders/{orderId}/reject", {
      token: tokens.sales,
      params: { orderId: placed.body.id },
    });
    expect(rejected.body.status).toBe("rejected");
    expect(stockOf()).toBe(10_000);
    const late = await call("POST", "/product-orders/{orderId}/confirm", {
      token: tokens.sales,
      params: { orderId: placed.body.id },
    });
    expectProblem(late, 409, "error.badTransition");
  });
});

describe("organisations are isolated", () => {
  it("another organisation's token reads private records as not found and cannot act on them", async () => {
    const { product, batch, order } = await confirmedOrder();
    const delivery = await call("POST", "/product-orders/{orderId}/deliveries", {
      token: tokens.sales,
      params: { orderId: order.id },
      json: { quantityMilli: 1_000, vehiclePlate: "川A11111", batchId: batch.id },
    });
    const archived = await newProduct();
    db.update(recycledProducts)
      .set({ status: "archived" })
      .where(eq(recycledProducts.id, archived.id))
      .run();
    await call("PUT", "/projects/{projectId}/material-use", {
      token: tokens.contractor,
      params: { projectId: world.project.id },
      json: { materialClass: "road_base", month, totalKg: 1_000 },
    });
    const before = snapshot();

    const refusals: [string, ApiResponse][] = [
      [
        "archived product, other recycler",
        await call("GET", "/products/{productId}", {
          token: tokens.otherRecycler,
          params: { productId: archived.id },
        }),
      ],
      [
        "archived product, contractor",
        await call("GET", "/products/{productId}", {
          token: tokens.contractor,
          params: { productId: archived.id },
        }),
      ],
      [
        "order of an archived product",
        await call("POST", "/products/{productId}/orders", {
          token: tokens.contractor,
          params: { productId: archived.id },
          json: { projectId: world.project.id, quantityMilli: 1_000 },
        }),
      ],
      [
        "batch of another's product",
        await call("POST", "/products/{productId}/batches", {
          token: tokens.otherRecycler,
          params: { productId: product.id },
          json: batchBody(),
        }),
      ],
      [
        "order for another's project",
        await call("POST", "/products/{productId}/orders", {
          token: tokens.otherContractor,
          params: { productId: product.id },
          json: { projectId: world.project.id, quantityMilli: 1_000 },
        }),
      ],
      [
        "search near another's project",
        await call("GET", "/products", {
          token: tokens.otherContractor,
          query: `?project=${world.project.id}`,
        }),
      ],
      ...(await Promise.all(
        [tokens.otherContractor, tokens.otherRecycler].map(
          async (token) =>
            [
              "another's order",
              await call("GET", "/product-orders/{orderId}", {
                token,
                params: { orderId: order.id },
              }),
            ] as [string, ApiResponse],
        ),
      )),
      [
        "confirm another's order",
        await call("POST", "/product-orders/{orderId}/confirm", {
          token: tokens.otherRecycler,
          params: { orderId: order.id },
        }),
      ],
      [
        "reject another's order",
        await call("POST", "/product-orders/{orderId}/reject", {
          token: tokens.otherRecycler,
          params: { orderId: order.id },
        }),
      ],
      [
        "cancel another's order",
        await call("POST", "/product-orders/{orderId}/cancel", {
          token: tokens.otherContractor,
          params: { orderId: order.id },
        }),
      ],
      [
        "deliver on another's order",
        await call("POST", "/product-orders/{orderId}/deliveries", {
          token: tokens.otherRecycler,
          params: { orderId: order.id },
          json: { quantityMilli: 1_000, vehiclePlate: "川B12345" },
        }),
      ],
      [
        "confirm another's delivery",
        await call("POST", "/deliveries/{deliveryId}/confirm", {
          token: tokens.otherContractor,
          params: { deliveryId: delivery.body.id },
        }),
      ],
      ...(await Promise.all(
        [tokens.otherContractor, tokens.otherRecycler].map(
          async (token) =>
            [
              "another's trace",
              await call("GET", "/deliveries/{deliveryId}/trace", {
                token,
                params: { deliveryId: delivery.body.id },
              }),
            ] as [string, ApiResponse],
        ),
      )),
      [
        "another's usage",
        await call("GET", "/projects/{projectId}/usage", {
          token: tokens.otherContractor,
          params: { projectId: world.project.id },
        }),
      ],
      [
        "report on another's project",
        await call("PUT", "/projects/{projectId}/material-use", {
          token: tokens.otherContractor,
          params: { projectId: world.project.id },
          json: { materialClass: "road_base", month, totalKg: 9_000 },
        }),
      ],
    ];
    for (const [what, refusal] of refusals) {
      expect(refusal.status, what).toBe(404);
      expectProblem(refusal, 404);
    }

    // A product made at another organisation's facility names the field.
    const foreignFacility = await call("POST", "/products", {
      token: tokens.otherRecycler,
      json: aggregateBody(),
    });
    expectProblem(foreignFacility, 422);
    expect(fieldErrors(foreignFacility)).toEqual({ facilityId: en["facility.notFound"] });
    // Only a batch of the order's product can be named on a delivery.
    const otherBatch = await call("POST", "/product-orders/{orderId}/deliveries", {
      token: tokens.sales,
      params: { orderId: order.id },
      json: { quantityMilli: 1_000, vehiclePlate: "川A11111", batchId: 999_999 },
    });
    expect(fieldErrors(otherBatch)).toEqual({ batchId: en["product.batchNotOfProduct"] });
    expect(snapshot()).toEqual(before);

    // The seller still reads its archived product; buyers see active products only.
    const own = await call("GET", "/products/{productId}", {
      token: tokens.clerk,
      params: { productId: archived.id },
    });
    expect(own.body.status).toBe("archived");
    const listed = await call("GET", "/products", { token: tokens.otherContractor });
    expect(listed.body.items.map((p: { id: number }) => p.id)).not.toContain(archived.id);
  });
});

describe("permissions", () => {
  it("answer 403 problems for roles without the permission, and change nothing", async () => {
    const { product, order } = await confirmedOrder();
    const delivery = await call("POST", "/product-orders/{orderId}/deliveries", {
      token: tokens.sales,
      params: { orderId: order.id },
      json: { quantityMilli: 1_000, vehiclePlate: "川A11111" },
    });
    const before = snapshot();
    const denied: [string, ApiResponse][] = [
      [
        "contractor lists a product",
        await call("POST", "/products", {
          token: tokens.contractor,
          json: aggregateBody(),
        }),
      ],
      [
        "clerk lists a product",
        await call("POST", "/products", {
          token: tokens.clerk,
          json: aggregateBody(),
        }),
      ],
      ["clerk browses products", await call("GET", "/products", { token: tokens.clerk })],
      [
        "clerk records a batch",
        await call("POST", "/products/{productId}/batches", {
          token: tokens.clerk,
          params: { productId: product.id },
          json: batchBody(),
        }),
      ],
      [
        "site agent orders",
        await call("POST", "/products/{productId}/orders", {
          token: tokens.siteAgent,
          params: { productId: product.id },
          json: { projectId: world.project.id, quantityMilli: 1_000 },
        }),
      ],
      [
        "recycler orders",
        await call("POST", "/products/{productId}/orders", {
          token: tokens.otherRecycler,
          params: { productId: product.id },
          json: { projectId: world.project.id, quantityMilli: 1_000 },
        }),
      ],
      [
        "buyer confirms its own order",
        await call("POST", "/product-orders/{orderId}/confirm", {
          token: tokens.contractor,
          params: { orderId: order.id },
        }),
      ],
      [
        "buyer rejects",
        await call("POST", "/product-orders/{orderId}/reject", {
          token: tokens.contractor,
          params: { orderId: order.id },
        }),
      ],
      [
        "site agent cancels",
        await call("POST", "/product-orders/{orderId}/cancel", {
          token: tokens.siteAgent,
          params: { orderId: order.id },
        }),
      ],
      [
        "buyer records a delivery",
        await call("POST", "/product-orders/{orderId}/deliveries", {
          token: tokens.contractor,
          params: { orderId: order.id },
          json: { quantityMilli: 1_000, vehiclePlate: "川A11111" },
        }),
      ],
      [
        "clerk reads an order",
        await call("GET", "/product-orders/{orderId}", {
          token: tokens.clerk,
          params: { orderId: order.id },
        }),
      ],
      [
        "seller confirms receipt",
        await call("POST", "/deliveries/{deliveryId}/confirm", {
          token: tokens.sales,
          params: { deliveryId: delivery.body.id },
        }),
      ],
      [
        "site agent reports use",
        await call("PUT", "/projects/{projectId}/material-use", {
          token: tokens.siteAgent,
          params: { projectId: world.project.id },
          json: { materialClass: "aggregate", month, totalKg: 100_000 },
        }),
      ],
      [
        "recycler reads a project's usage",
        await call("GET", "/projects/{projectId}/usage", {
          token: tokens.sales,
          params: { projectId: world.project.id },
        }),
      ],
    ];
    for (const [what, refusal] of denied) {
      expect(refusal.status, what).toBe(403);
      expectProblem(refusal, 403, "error.forbidden");
      expect(refusal.body.detail).toBe(en["error.forbidden"]);
    }
    expect(snapshot()).toEqual(before);
  });
});

describe("bad input", () => {
  it("answers 4xx problems with field errors in the caller's language, and changes nothing", async () => {
    const { product, order } = await confirmedOrder(5_000);
    const bricks = await newProduct(brickBody());
    // Bricks have no stock yet: an order of them cannot be confirmed.
    const short = await call("POST", "/products/{productId}/orders", {
      token: tokens.contractor,
      params: { productId: bricks.id },
      json: { projectId: world.project.id, quantityMilli: 600_000 },
    });
    expect(short.status).toBe(201);
    const takenBatchNo = db
      .select()
      .from(productBatches)
      .where(eq(productBatches.productId, product.id))
      .get()?.batchNo;
    const before = snapshot();

    const empty = await call("POST", "/products", { token: tokens.sales, json: {} });
    expectProblem(empty, 422, "form.fixErrors");
    expect(fieldErrors(empty)).toMatchObject({
      facilityId: en["form.required"],
      productType: en["form.chooseOne"],
      name: en["form.required"],
      standard: en["form.required"],
      unit: en["form.chooseOne"],
      priceFenPerUnit: en["form.required"],
      recycledContentPct: en["form.required"],
    });
    expect(fieldErrors(empty)).not.toHaveProperty("minOrderMilli");

    // The form's cross-field rules, in JSON-native types.
    const rules = [
      [{ unit: "m3", massPerUnitG: 1_500_500 }, { massPerUnitG: "product.wholeKgPerUnit" }],
      [{ unit: "m2" }, { massPerUnitG: "form.required" }],
      [brickBody({ minOrderMilli: 1_500 }), { minOrderMilli: "product.wholePieces" }],
      [
        { priceFenPerUnit: 45.5, recycledContentPct: 101, minOrderMilli: "1" },
        {
          priceFenPerUnit: "form.wholeFen",
          recycledContentPct: "form.outOfRange",
          minOrderMilli: "form.wholeMilli",
        },
      ],
    ] as const;
    for (const [overrides, expected] of rules) {
      const refused = await call("POST", "/products", {
        token: tokens.sales,
        json: { ...aggregateBody(), ...overrides },
      });
      expectProblem(refused, 422);
      expect(fieldErrors(refused), JSON.stringify(overrides)).toEqual(
        Object.fromEntries(Object.entries(expected).map(([field, key]) => [field, en[key]])),
      );
    }

    // Quantities are whole milli-units within range; bricks come in whole pieces.
    const quantities = [
      [-5, "form.quantityTooSmall"],
      [0, "form.quantityTooSmall"],
      [1.5, "form.wholeMilli"],
      ["12", "form.wholeMilli"],
      [1e300, "form.quantityTooLarge"],
    ] as const;
    for (const [quantityMilli, key] of quantities) {
      const refused = await call("POST", "/products/{productId}/orders", {
        token: tokens.contractor,
        params: { productId: product.id },
        json: { projectId: world.project.id, quantityMilli },
      });
      expect(fieldErrors(refused), String(quantityMilli)).toEqual({ quantityMilli: en[key] });
    }
    const halfBrick = await call("POST", "/products/{productId}/orders", {
      token: tokens.contractor,
      params: { productId: bricks.id },
      json: { projectId: world.project.id, quantityMilli: 600_500 },
      language: "zh-CN,zh;q=0.9",
    });
    expectProblem(halfBrick, 422, "form.fixErrors");
    expect(halfBrick.body.title).toBe(zh["problem.unprocessable"]);
    expect(fieldErrors(halfBrick)).toEqual({ quantityMilli: zh["product.wholePieces"] });
    const belowMinimum = await call("POST", "/products/{productId}/orders", {
      token: tokens.contractor,
      params: { productId: product.id },
      json: { projectId: world.project.id, quantityMilli: 999 },
    });
    expectProblem(belowMinimum, 422, "product.belowMinimum");
    expect(belowMinimum.body.detail).toBe(en["product.belowMinimum"].replace("{minimum}", "1"));
    expect(fieldErrors(belowMinimum)).toEqual({ quantityMilli: en["product.belowMinimumField"] });

    // Batches: the facility's intake, the batch's own input, unique numbers, no future dates.
    const batchRefusals = [
      [{ quantityMilli: 20_000, inputKg: 10_000 }, { quantityMilli: "product.outputExceedsInput" }],
      [{ inputKg: 10_000_000 }, { inputKg: "product.intakeExhaustedField" }],
      [{ batchNo: takenBatchNo }, { batchNo: "product.batchNoTaken" }],
      [{ producedOn: "2999-01-01" }, { producedOn: "product.producedInFuture" }],
      [
        { batchNo: "", producedOn: "yesterday", quantityMilli: 1.5, testResults: 7 },
        {
          batchNo: "form.required",
          producedOn: "form.date",
          quantityMilli: "form.wholeMilli",
          testResults: "form.invalid",
        },
      ],
    ] as const;
    for (const [overrides, expected] of batchRefusals) {
      const refused = await call("POST", "/products/{productId}/batches", {
        token: tokens.sales,
        params: { productId: product.id },
        json: { ...batchBody({ inputKg: 1_000, quantityMilli: 1_000 }), ...overrides },
      });
      expectProblem(refused, 422);
      expect(fieldErrors(refused), JSON.stringify(overrides)).toEqual(
        Object.fromEntries(Object.entries(expected).map(([field, key]) => [field, en[key]])),
      );
    }

    // Deliveries: no more than remains, a valid plate, only on confirmed orders.
    const plate = await call("POST", "/product-orders/{orderId}/deliveries", {
      token: tokens.sales,
      params: { orderId: order.id },
      json: { quantityMilli: 5_001, vehiclePlate: "AB-1234" },
    });
    expectProblem(plate, 422);
    expect(fieldErrors(plate)).toEqual({ vehiclePlate: en["form.plate"] });
    const tooMuch = await call("POST", "/product-orders/{orderId}/deliveries", {
      token: tokens.sales,
      params: { orderId: order.id },
      json: { quantityMilli: 5_001, vehiclePlate: "川A12345" },
    });
    expectProblem(tooMuch, 422, "productOrder.overDelivery");
    expect(tooMuch.body.detail).toBe(en["productOrder.overDelivery"].replace("{remaining}", "5"));
    expect(fieldErrors(tooMuch)).toEqual({ quantityMilli: en["productOrder.overDeliveryField"] });
    const again = await call("POST", "/product-orders/{orderId}/confirm", {
      token: tokens.sales,
      params: { orderId: order.id },
    });
    expectProblem(again, 409, "error.badTransition");
    const noStock = await call("POST", "/product-orders/{orderId}/confirm", {
      token: tokens.sales,
      params: { orderId: short.body.id },
    });
    expectProblem(noStock, 409, "product.insufficientStock");
    const notConfirmed = await call("POST", "/product-orders/{orderId}/deliveries", {
      token: tokens.sales,
      params: { orderId: short.body.id },
      json: { quantityMilli: 1_000, vehiclePlate: "川A12345" },
    });
    expectProblem(notConfirmed, 409, "productOrder.notConfirmed");

    // Material use: the form's field rules and the domain's.
    const uses = [
      [
        { materialClass: "steel", month: "2026-13", totalKg: -1, offPlatformRecycledKg: 0.5 },
        {
          materialClass: "form.chooseOne",
          month: "form.month",
          totalKg: "form.quantityTooSmall",
          offPlatformRecycledKg: "form.wholeKg",
        },
      ],
      [
        { materialClass: "aggregate", month: "2999-01", totalKg: 1 },
        { month: "usage.futureMonth" },
      ],
      [
        { materialClass: "aggregate", month, totalKg: 1_000, offPlatformRecycledKg: 2_000 },
        { totalKg: "usage.recycledExceedsTotalField" },
      ],
    ] as const;
    for (const [json, expected] of uses) {
      const refused = await call("PUT", "/projects/{projectId}/material-use", {
        token: tokens.contractor,
        params: { projectId: world.project.id },
        json,
      });
      expectProblem(refused, 422);
      expect(fieldErrors(refused), JSON.stringify(json)).toEqual(
        Object.fromEntries(Object.entries(expected).map(([field, key]) => [field, en[key]])),
      );
    }

    // Malformed bodies and ids.
    for (const [raw, code] of [
      ["{", "api.malformedJson"],
      ["[]", "api.bodyNotObject"],
    ] as const) {
      const refused = await call("POST", "/products/{productId}/orders", {
        token: tokens.contractor,
        params: { productId: product.id },
        raw,
      });
      expectProblem(refused, 400, code);
    }
    for (const id of ["abc", "0", "1e3", "99999999"]) {
      expectProblem(
        await call("GET", "/product-orders/{orderId}", {
          token: tokens.contractor,
          params: { orderId: id },
        }),
        404,
      );
      expectProblem(
        await call("GET", "/products/{productId}", {
          token: tokens.contractor,
          params: { productId: id },
        }),
        404,
      );
    }
    expect(snapshot()).toEqual(before);
  });

  it("refuses wrong methods and unknown paths under the product API as problems", async () => {
    const wrong = [
      ["DELETE", `/products/${world.listing.id}`, "GET"],
      ["GET", `/product-orders/${world.listing.id}/confirm`, "POST"],
      ["POST", `/projects/${world.project.id}/material-use`, "PUT"],
      ["PUT", "/products", "GET, POST"],
    ] as const;
    for (const [method, path, allowed] of wrong) {
      const response = await apiRequest(server.baseUrl, { method, path, token: tokens.contractor });
      openapi.expectProblem(response, 405);
      expect(response.headers.get("Allow")).toBe(allowed);
    }
    for (const path of ["/product-orders", "/deliveries/1", `/projects/${world.project.id}`]) {
      const response = await apiRequest(server.baseUrl, { path, token: tokens.contractor });
      openapi.expectProblem(response, 404);
      expect(response.body.code).toBe("api.unknownPath");
    }
  });
});

describe("the web forms type quantities in the product's unit", () => {
  const fieldError = (body: string, field: string) =>
    new RegExp(`id="f-${field}-error" role="alert">([^<]*)</p>`).exec(body)?.[1];
  const english = { "Accept-Language": "en" };

  it("parse the text into milli-units and show the services' refusals on the quantity field", async () => {
    const { product, order } = await confirmedOrder(5_000);
    const bricks = await newProduct(brickBody());
    const contractor = await new Client(server.baseUrl).logIn(world.people.contractorManager.email);
    const seller = await new Client(server.baseUrl).logIn(world.people.recyclerSales.email);

    const typed = [
      ["abc", 400, "form.units"],
      ["", 400, "form.required"],
      ["0.5", 422, "product.belowMinimumField"],
    ] as const;
    for (const [quantity, status, key] of typed) {
      const refused = await contractor.post(
        `/products/${product.id}`,
        { projectId: String(world.project.id), quantity },
        english,
      );
      expect(refused.status, quantity).toBe(status);
      expect(fieldError(refused.body, "quantity"), quantity).toBe(en[key]);
    }
    const halfBrick = await contractor.post(
      `/products/${bricks.id}`,
      { projectId: String(world.project.id), quantity: "600.5" },
      english,
    );
    expect(fieldError(halfBrick.body, "quantity")).toBe(en["product.wholePieces"]);

    const placed = await contractor.post(
      `/products/${product.id}`,
      { projectId: String(world.project.id), quantity: "2.5" },
      english,
    );
    expect(placed.status).toBe(302);
    const orderId = Number(placed.location?.split("/").pop());
    expect(
      db.select().from(productOrders).where(eq(productOrders.id, orderId)).get()?.quantityMilli,
    ).toBe(2_500);

    const over = await seller.post(
      `/product-orders/${order.id}`,
      { intent: "deliver", quantity: "5.001", vehiclePlate: "川A12345" },
      english,
    );
    expect(over.status).toBe(422);
    expect(fieldError(over.body, "quantity")).toBe(en["productOrder.overDeliveryField"]);
    const delivered = await seller.post(
      `/product-orders/${order.id}`,
      { intent: "deliver", quantity: "1.25", vehiclePlate: "川A12345" },
      english,
    );
    expect(delivered.status).toBe(302);
    expect(db.select().from(deliveries).where(eq(deliveries.orderId, order.id)).all()).toEqual([
      expect.objectContaining({ quantityMilli: 1_250 }),
    ]);

    const batch = new FormData();
    for (const [name, value] of Object.entries({
      batchNo: "WEB-1",
      producedOn: today,
      quantity: "999",
      inputKg: "1",
    }))
      batch.set(name, value);
    // Sent without Accept-Language, so the page answers in Chinese.
    const heavy = await seller.postMultipart(`/products/${product.id}/batches/new`, batch);
    expect(heavy.status).toBe(422);
    expect(fieldError(heavy.body, "quantity")).toBe(zh["product.outputExceedsInput"]);
  });
});
