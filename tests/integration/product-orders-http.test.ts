/**
 * Product orders over HTTP, against two processes of the real built server on one database:
 * stock reserved by concurrent confirmations never goes below zero, who may do what to an order
 * or a product, and bad input refused with a 4xx that changes nothing.
 */
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { databasePath, db } from "#db/client";
import {
  auditEvents,
  batchInputs,
  deliveries,
  productBatches,
  productOrders,
  recycledProducts,
} from "#db/schema";
import { insertOrder } from "#seed/factories";
import { en, type MessageKey, zh } from "~/i18n/messages";
import { Client, type HttpResult } from "../support/http";
import { type RunningServer, startServer } from "../support/server";
import { insertTrip, makeWorld, type World, weighedIn } from "../support/world";

const ENGLISH = { "Accept-Language": "en" };

let servers: RunningServer[] = [];
let world: World;

beforeAll(async () => {
  world = await makeWorld();
  // Two server processes on one database file: the IMMEDIATE write lock must hold across them.
  servers = await Promise.all([startServer(), startServer()]);
});
afterAll(() => Promise.all(servers.map((s) => s.stop())));

const as = (person: { email: string }, server = servers[0] as RunningServer) =>
  new Client(server.baseUrl).logIn(person.email);

/** Text as React writes it into HTML. */
const html = (text: string) =>
  text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#x27;");
const say = (
  key: MessageKey,
  params: Record<string, string | number> = {},
  dict: Record<MessageKey, string> = en,
) => html(dict[key].replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole)));
/** Multipart posts send no Accept-Language: the server answers in Chinese. */
const sayZh = (key: MessageKey) => say(key, {}, zh);
const formAlert = (body: string) =>
  /<div class="alert alert--error" role="alert">([^<]*)<\/div>/.exec(body)?.[1];
const fieldError = (body: string, field: string) =>
  new RegExp(`id="f-${field}-error" role="alert">([^<]*)</p>`).exec(body)?.[1];

// ── Fixtures ────────────────────────────────────────────────────────────────────────────────

function product(values: {
  unit: "t" | "piece";
  stockMilli: number;
  priceFenPerUnit?: number;
  minOrderMilli?: number;
}) {
  const brick = values.unit === "piece";
  return db
    .insert(recycledProducts)
    .values({
      orgId: world.orgs.recyclerR.id,
      facilityId: world.plant.id,
      productType: brick ? "recycled_solid_brick" : "recycled_coarse_aggregate",
      name: brick ? "再生骨料实心砖 240×115×53" : "再生粗骨料 5–25 mm",
      standard: brick ? "JG/T 505-2016" : "GB/T 25177-2010",
      unit: values.unit,
      massPerUnitG: brick ? 2_400 : 1_000_000,
      priceFenPerUnit: values.priceFenPerUnit ?? (brick ? 45 : 4_550),
      stockMilli: values.stockMilli,
      minOrderMilli: values.minOrderMilli ?? 0,
      recycledContentPct: brick ? 70 : 100,
      divisionCode: "510100",
      lat: world.plant.lat,
      lon: world.plant.lon,
      createdAt: new Date(),
    })
    .returning()
    .get();
}

/** An order as history left it (placed, or already confirmed with its stock reserved). */
function order(productId: number, quantityMilli: number, status: "placed" | "confirmed") {
  const p = db.select().from(recycledProducts).where(eq(recycledProducts.id, productId)).get();
  if (!p) throw new Error("no product");
  if (status === "confirmed") {
    db.update(recycledProducts)
      .set({ stockMilli: p.stockMilli - quantityMilli })
      .where(eq(recycledProducts.id, productId))
      .run();
  }
  const at = new Date();
  return db
    .insert(productOrders)
    .values({
      productId,
      sellerOrgId: p.orgId,
      buyerOrgId: world.orgs.contractorA.id,
      projectId: world.project.id,
      quantityMilli,
      unitPriceFen: p.priceFenPerUnit,
      amountFen: Math.round((quantityMilli * p.priceFenPerUnit) / 1000),
      status,
      createdAt: at,
      updatedAt: at,
    })
    .returning()
    .get();
}

/** A load of `netKg` weighed in at the world's plant: what batches draw on. */
function receivedLoad(netKg: number) {
  const wasteOrder = insertOrder(db, {
    listingId: world.listing.id,
    recyclerOrgId: world.orgs.recyclerR.id,
    facilityId: world.plant.id,
    quantityKg: netKg,
    receivedKg: netKg,
    status: "completed",
  });
  const at = new Date(Date.now() - 86_400_000);
  return insertTrip(world, {
    orderId: wasteOrder.id,
    estimatedKg: netKg,
    dispatchedAt: at,
    ...weighedIn(at, netKg, `W-${wasteOrder.id}`),
  });
}

const stockOf = (productId: number) =>
  db.select().from(recycledProducts).where(eq(recycledProducts.id, productId)).get()
    ?.stockMilli as number;
const statusOf = (orderId: number) =>
  db.select().from(productOrders).where(eq(productOrders.id, orderId)).get()?.status;

/** Everything a refused request must leave as it was. */
function snapshot() {
  return {
    products: db.select().from(recycledProducts).all(),
    orders: db.select().from(productOrders).all(),
    deliveries: db.select().from(deliveries).all(),
    batches: db.select().from(productBatches).all(),
    batchInputs: db.select().from(batchInputs).all(),
    audit: db
      .select()
      .from(auditEvents)
      .where(
        inArray(auditEvents.entityType, ["product", "product_order", "product_batch", "delivery"]),
      )
      .all().length,
  };
}

function expectRefused(result: HttpResult, status: number | number[], context: string) {
  const allowed = Array.isArray(status) ? status : [status];
  expect(allowed, `${context} → ${result.status}: ${result.body.slice(0, 200)}`).toContain(
    result.status,
  );
}

// ── Concurrency ─────────────────────────────────────────────────────────────────────────────

describe("confirming orders concurrently", () => {
  it("never reserves more stock than there is, across two server processes", async () => {
    const stocked = product({ unit: "t", stockMilli: 100_000 });
    const orders = Array.from({ length: 30 }, () => order(stocked.id, 7_000, "placed"));
    const clients = await Promise.all(
      [world.people.recyclerManager, world.people.recyclerSales].flatMap((person) =>
        servers.map((server) => as(person, server)),
      ),
    );
    const client = (i: number) => clients[i % clients.length] as Client;

    const results = await Promise.all(
      orders.map((o, i) =>
        client(i).post(`/product-orders/${o.id}`, { intent: "confirm" }, ENGLISH),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.every((s) => s === 302 || s === 409)).toBe(true);
    expect(statuses.filter((s) => s === 302)).toHaveLength(14); // 14 × 7 t = 98 t ≤ 100 t < 15 × 7 t
    for (const refused of results.filter((r) => r.status === 409)) {
      expect(formAlert(refused.body)).toBe(say("product.insufficientStock"));
    }
    const confirmed = orders.filter((o) => statusOf(o.id) === "confirmed");
    expect(confirmed).toHaveLength(14);
    expect(orders.filter((o) => statusOf(o.id) === "placed")).toHaveLength(16);
    expect(stockOf(stocked.id)).toBe(2_000);

    // Confirming again (a double click, a second clerk) reserves nothing more, while cancellations
    // release stock that other confirmations take at the same moment.
    const waiting = orders.filter((o) => statusOf(o.id) === "placed").slice(0, 8);
    const buyer = await as(world.people.contractorManager, servers[1]);
    const mixed = await Promise.all([
      ...confirmed.map((o, i) =>
        client(i).post(`/product-orders/${o.id}`, { intent: "confirm" }, ENGLISH),
      ),
      ...confirmed
        .slice(0, 5)
        .map((o) => buyer.post(`/product-orders/${o.id}`, { intent: "cancel" }, ENGLISH)),
      ...waiting.map((o, i) =>
        client(i + 1).post(`/product-orders/${o.id}`, { intent: "confirm" }, ENGLISH),
      ),
    ]);
    const repeats = mixed.slice(0, confirmed.length);
    expect(repeats.every((r) => r.status === 409)).toBe(true);
    for (const repeat of repeats) {
      expect([
        say("error.badTransition", { from: "confirmed" }),
        say("error.badTransition", { from: "cancelled" }),
      ]).toContain(formAlert(repeat.body));
    }
    for (const cancel of mixed.slice(confirmed.length, confirmed.length + 5)) {
      expect(cancel.status).toBe(302);
    }
    const reserved = db
      .select()
      .from(productOrders)
      .where(eq(productOrders.productId, stocked.id))
      .all()
      .filter((o) => o.status === "confirmed")
      .reduce((sum, o) => sum + o.quantityMilli, 0);
    const stock = stockOf(stocked.id);
    expect(stock).toBeGreaterThanOrEqual(0);
    expect(reserved).toBeLessThanOrEqual(100_000);
    expect(stock + reserved).toBe(100_000);
  });
});

// ── Who may do what ─────────────────────────────────────────────────────────────────────────

describe("authorization of product actions", () => {
  it("lets only a contractor's manager order, and only for its own project", async () => {
    const stocked = product({ unit: "t", stockMilli: 50_000 });
    const form = { projectId: String(world.project.id), quantity: "10", note: "" };
    const before = snapshot();
    for (const [person, status] of [
      [world.people.siteAgent, 403],
      [world.people.recyclerManager, 403],
      [world.people.recyclerSales, 403],
      [world.people.provinceOfficer, 403],
      [world.people.admin, 403],
    ] as const) {
      const client = await as(person);
      expectRefused(await client.post(`/products/${stocked.id}`, form), status, person.email);
    }
    const manager = await as(world.people.contractorManager);
    expectRefused(
      await manager.post(`/products/${stocked.id}`, {
        ...form,
        projectId: String(world.otherProject.id),
      }),
      404,
      "someone else's project",
    );
    expectRefused(
      await manager.post(`/products/${stocked.id + 100_000}`, form),
      404,
      "no such product",
    );
    expect(snapshot()).toEqual(before);

    const placed = await manager.post(`/products/${stocked.id}`, form);
    expect(placed.status).toBe(302);
    const id = Number(/\/product-orders\/(\d+)$/.exec(placed.location ?? "")?.[1]);
    expect(db.select().from(productOrders).where(eq(productOrders.id, id)).get()).toMatchObject({
      productId: stocked.id,
      buyerOrgId: world.orgs.contractorA.id,
      projectId: world.project.id,
      quantityMilli: 10_000,
      amountFen: 45_500,
      status: "placed",
    });
  });

  it("lets only the seller's manager or sales confirm, reject and deliver, and only the buyer confirm receipt", async () => {
    const stocked = product({ unit: "t", stockMilli: 50_000 });
    const placed = order(stocked.id, 10_000, "placed");
    const toReject = order(stocked.id, 5_000, "placed");
    const people = world.people;
    const clients = {
      buyer: await as(people.contractorManager),
      siteAgent: await as(people.siteAgent),
      otherContractor: await as(people.otherContractor),
      seller: await as(people.recyclerManager),
      sales: await as(people.recyclerSales),
      clerk: await as(people.clerk),
      otherRecycler: await as(people.otherRecycler),
      officer: await as(people.provinceOfficer),
    };
    const post = (client: Client, orderId: number, form: Record<string, string>) =>
      client.post(`/product-orders/${orderId}`, form);

    // Someone else's order is not there at all; people without the right are refused.
    for (const [name, status] of [
      ["otherContractor", 404],
      ["otherRecycler", 404],
      ["clerk", 403],
      ["officer", 403],
    ] as const) {
      expectRefused(await clients[name].get(`/product-orders/${placed.id}`), status, name);
    }
    expect((await clients.siteAgent.get(`/product-orders/${placed.id}`)).status).toBe(200);

    let before = snapshot();
    for (const intent of ["confirm", "reject"]) {
      for (const [name, status] of [
        ["buyer", 403],
        ["siteAgent", 403],
        ["clerk", 403],
        ["officer", 403],
        ["otherRecycler", 404],
        ["otherContractor", 403],
      ] as const) {
        expectRefused(
          await post(clients[name], placed.id, { intent }),
          status,
          `${intent} ${name}`,
        );
      }
    }
    expect(snapshot()).toEqual(before);
    expect((await post(clients.sales, placed.id, { intent: "confirm" })).status).toBe(302);
    expect((await post(clients.seller, toReject.id, { intent: "reject" })).status).toBe(302);
    expect(statusOf(placed.id)).toBe("confirmed");
    expect(statusOf(toReject.id)).toBe("rejected");
    expect(stockOf(stocked.id)).toBe(40_000);

    const delivery = { intent: "deliver", quantity: "4", vehiclePlate: "川A88888", batchId: "" };
    before = snapshot();
    for (const [name, status] of [
      ["buyer", 403],
      ["siteAgent", 403],
      ["clerk", 403],
      ["otherRecycler", 404],
    ] as const) {
      expectRefused(await post(clients[name], placed.id, delivery), status, `deliver ${name}`);
    }
    expect(snapshot()).toEqual(before);
    expect((await post(clients.seller, placed.id, delivery)).status).toBe(302);
    expect((await post(clients.sales, placed.id, { ...delivery, quantity: "6" })).status).toBe(302);
    const made = db.select().from(deliveries).where(eq(deliveries.orderId, placed.id)).all();
    expect(made.map((d) => d.quantityMilli)).toEqual([4_000, 6_000]);
    expect(statusOf(placed.id)).toBe("delivering");

    // Receipt is confirmed by the buyer only, one delivery at a time.
    const [first, second] = made as [(typeof made)[number], (typeof made)[number]];
    before = snapshot();
    for (const [name, status] of [
      ["seller", 403],
      ["sales", 403],
      ["otherContractor", 404],
      ["officer", 403],
    ] as const) {
      expectRefused(
        await post(clients[name], placed.id, {
          intent: "confirm_delivery",
          deliveryId: String(first.id),
        }),
        status,
        `confirm delivery ${name}`,
      );
    }
    expect(snapshot()).toEqual(before);
    const confirm = (client: Client, deliveryId: number) =>
      post(client, placed.id, { intent: "confirm_delivery", deliveryId: String(deliveryId) });
    expect((await confirm(clients.siteAgent, first.id)).status).toBe(302);
    expect(statusOf(placed.id)).toBe("delivering");
    expect((await confirm(clients.buyer, second.id)).status).toBe(302);
    expect((await confirm(clients.buyer, second.id)).status).toBe(302);
    expect(statusOf(placed.id)).toBe("delivered");
    expect(
      db
        .select()
        .from(deliveries)
        .where(eq(deliveries.orderId, placed.id))
        .all()
        .every((d) => d.confirmedAt !== null),
    ).toBe(true);
  });

  it("lets only the product's own recycler record batches", async () => {
    receivedLoad(50_000);
    const stocked = product({ unit: "t", stockMilli: 0 });
    const batch = () => {
      const form = new FormData();
      form.set("batchNo", `B-${Math.random().toString(36).slice(2, 8)}`);
      form.set("producedOn", "2026-01-15");
      form.set("quantity", "10");
      form.set("inputKg", "12");
      form.set("testResults", "压碎指标 12%");
      return form;
    };
    const before = snapshot();
    for (const [person, status] of [
      [world.people.otherRecycler, 404],
      [world.people.contractorManager, 403],
      [world.people.clerk, 403],
      [world.people.provinceOfficer, 403],
    ] as const) {
      const client = await as(person);
      expectRefused(
        await client.get(`/products/${stocked.id}/batches/new`),
        status,
        `form ${person.email}`,
      );
      expectRefused(
        await client.postMultipart(`/products/${stocked.id}/batches/new`, batch()),
        status,
        `post ${person.email}`,
      );
    }
    expect(snapshot()).toEqual(before);
    const sales = await as(world.people.recyclerSales);
    const made = await sales.postMultipart(`/products/${stocked.id}/batches/new`, batch());
    expect(made.status, made.body.slice(0, 300)).toBe(302);
    expect(stockOf(stocked.id)).toBe(10_000);
  });
});

// ── Bad input ───────────────────────────────────────────────────────────────────────────────

describe("bad input on product forms", () => {
  let manager: Client;
  let seller: Client;
  beforeEach(async () => {
    manager = await as(world.people.contractorManager);
    seller = await as(world.people.recyclerManager);
  });

  it("refuses unusable order quantities, fractional bricks and orders below the minimum", async () => {
    const aggregate = product({ unit: "t", stockMilli: 50_000, minOrderMilli: 5_000 });
    const bricks = product({ unit: "piece", stockMilli: 100_000_000 });
    const before = snapshot();
    const place = (productId: number, quantity: string) =>
      manager.post(
        `/products/${productId}`,
        { projectId: String(world.project.id), quantity, note: "" },
        ENGLISH,
      );
    for (const quantity of [
      "",
      "abc",
      "-5",
      "0",
      "1e3",
      "0x10",
      "12.3456",
      "99999999999",
      "999999999", // a billion tonnes
      "1".repeat(400),
      "Infinity",
    ]) {
      const result = await place(aggregate.id, quantity);
      expectRefused(result, [400, 422], `quantity "${quantity.slice(0, 20)}"`);
      expect(fieldError(result.body, "quantity"), quantity.slice(0, 20)).toBeDefined();
    }
    const fractional = await place(bricks.id, "100.5");
    expectRefused(fractional, [400, 422], "100.5 bricks");
    expect(fieldError(fractional.body, "quantity")).toBe(say("product.wholePieces"));
    const small = await place(aggregate.id, "4.999");
    expectRefused(small, 422, "below the minimum");
    expect(formAlert(small.body)).toBe(say("product.belowMinimum", { minimum: "5" }));
    // No such project, or not a number at all.
    for (const projectId of ["abc", "-1", "999999999"]) {
      const result = await manager.post(`/products/${aggregate.id}`, {
        projectId,
        quantity: "10",
      });
      expectRefused(result, [400, 404], `project ${projectId}`);
    }
    expect(snapshot()).toEqual(before);
    // A whole number of bricks is fine.
    expect((await place(bricks.id, "2000")).status).toBe(302);
  });

  it("refuses over-delivery, fractional bricks and bad plates on a delivery", async () => {
    const bricks = product({ unit: "piece", stockMilli: 10_000_000 });
    const confirmed = order(bricks.id, 3_000_000, "confirmed"); // 3,000 bricks
    const deliver = (quantity: string, vehiclePlate = "川A12345") =>
      seller.post(
        `/product-orders/${confirmed.id}`,
        { intent: "deliver", quantity, vehiclePlate, batchId: "" },
        ENGLISH,
      );
    expect((await deliver("1000")).status).toBe(302);
    const before = snapshot();
    const over = await deliver("2001");
    expectRefused(over, 422, "over-delivery");
    expect(formAlert(over.body)).toBe(say("productOrder.overDelivery", { remaining: "2000" }));
    expect(fieldError(over.body, "quantity")).toBe(say("productOrder.overDeliveryField"));
    for (const quantity of ["10.5", "-1", "0", "abc", ""]) {
      expectRefused(await deliver(quantity), [400, 422], `deliver "${quantity}"`);
    }
    for (const plate of ["", "ABC123", "川I12345", "川A1234567"]) {
      const result = await deliver("10", plate);
      expectRefused(result, 400, `plate "${plate}"`);
      expect(fieldError(result.body, "vehiclePlate")).toBeDefined();
    }
    for (const batchId of ["abc", "999999"]) {
      const result = await seller.post(
        `/product-orders/${confirmed.id}`,
        { intent: "deliver", quantity: "10", vehiclePlate: "川A12345", batchId },
        ENGLISH,
      );
      expectRefused(result, [400, 422], `batch ${batchId}`);
    }
    expectRefused(
      await seller.post(`/product-orders/${confirmed.id}`, { intent: "explode" }),
      400,
      "unknown intent",
    );
    expectRefused(await seller.get("/product-orders/abc"), 404, "non-numeric order id");
    expectRefused(
      await seller.post(`/product-orders/${confirmed.id + 100_000}`, { intent: "confirm" }),
      404,
      "no such order",
    );
    expect(snapshot()).toEqual(before);
    expect((await deliver("2000")).status).toBe(302);
    expect(stockOf(bricks.id)).toBe(7_000_000);
  });

  it("refuses a batch heavier than its input, and a test report that is neither a PDF nor an image", async () => {
    receivedLoad(100_000);
    const bricks = product({ unit: "piece", stockMilli: 0 });
    const uploads = join(dirname(databasePath), "uploads");
    const files = () => (existsSync(uploads) ? readdirSync(uploads).length : 0);
    const batch = (fields: Record<string, string>, report?: File) => {
      const form = new FormData();
      const values = {
        batchNo: `BR-${Math.random().toString(36).slice(2, 8)}`,
        producedOn: "2026-01-20",
        quantity: "5000",
        inputKg: "15",
        testResults: "抗压强度 MU10",
        ...fields,
      };
      for (const [k, v] of Object.entries(values)) form.set(k, v);
      if (report) form.set("testReport", report);
      return seller.postMultipart(`/products/${bricks.id}/batches/new`, form);
    };
    const before = snapshot();
    const filesBefore = files();

    // 10,000 bricks × 2.4 kg = 24 t out of 20 t in.
    const heavy = await batch({ quantity: "10000", inputKg: "20" });
    expectRefused(heavy, 422, "output heavier than input");
    expect(fieldError(heavy.body, "quantity")).toBe(sayZh("product.outputExceedsInput"));
    const text = new File(["not a pdf at all"], "report.pdf", { type: "application/pdf" });
    const html = new File(["<html><script>alert(1)</script></html>"], "report.png", {
      type: "image/png",
    });
    for (const report of [text, html]) {
      const refused = await batch({}, report);
      expectRefused(refused, 422, `report ${report.name}`);
      expect(fieldError(refused.body, "testReport")).toBe(sayZh("batch.reportType"));
    }
    const badBatches: Record<string, string>[] = [
      { quantity: "2.5" },
      { quantity: "-10" },
      { inputKg: "abc" },
      { inputKg: "-3" },
      { inputKg: "100000000000" },
      { producedOn: "2026-02-30" },
      { producedOn: "2999-01-01" },
      { batchNo: "" },
      // More than the plant ever took in.
      { quantity: "1000", inputKg: "200" },
    ];
    for (const fields of badBatches) {
      expectRefused(await batch(fields), [400, 409, 422], JSON.stringify(fields));
    }
    expect(snapshot()).toEqual(before);
    expect(files()).toBe(filesBefore);

    const pdf = new File(["%PDF-1.4\n%âãÏÓ\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"], "r.pdf", {
      type: "application/pdf",
    });
    const made = await batch({}, pdf);
    expect(made.status, made.body.slice(0, 300)).toBe(302);
    expect(files()).toBe(filesBefore + 1);
    expect(stockOf(bricks.id)).toBe(5_000_000);
  });
});
