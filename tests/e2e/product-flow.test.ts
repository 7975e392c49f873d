/**
 * Recycled products in a real browser: a recycler lists a product and records a batch with its
 * test report; a contractor finds it near a government-invested project, sees the delivered cost,
 * orders 30 t for the project and pays by bank transfer (the server has no Stripe keys; the Stripe
 * path runs against the emulation in the integration tests); the recycler confirms the transfer
 * and delivers in two parts, one from a phone; the contractor confirms both, the order completes,
 * the project's usage rate for aggregate moves by exactly 30 t of the 200 t it reported, and a
 * delivery traces back to the batch and the truck trips it was made from. Every page is looked at
 * on a phone and a desktop, in English and in Chinese.
 */
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { db } from "#db/client";
import { projects } from "#db/schema";
import { insertFacility, insertListing, insertManifest, insertOrder } from "#seed/factories";
import { shanghaiMonth } from "~/domain/clock";
import { createBatch, createProduct } from "~/domain/products/catalogue.server";
import { ProductInput } from "~/domain/products/schemas";
import { materialClasses, productTypes } from "~/domain/reference/products";
import { materials, wasteClasses } from "~/domain/reference/waste";
import { MaterialUseInput } from "~/domain/usage/schemas";
import { reportMaterialUse } from "~/domain/usage/usage.server";
import { en, type MessageKey, zh } from "~/i18n/messages";
import { type RunningServer, startServer } from "../support/server";
import { makeWorld, type World } from "../support/world";
import {
  BrowserSession,
  describeE2E,
  eventually,
  expectOfferedLinksOpen,
  logIn,
  open,
  parseTonnesToKg,
  phone,
  screenshotBothSizes,
  textOf,
} from "./browser";

const month = shanghaiMonth(new Date());
const tag = Math.random().toString(36).slice(2, 7);
const PRODUCT = `再生粗骨料 5–25 mm ${tag}`;
const FAR_PRODUCT = `绵阳再生粗骨料 ${tag}`;
const BATCH = `B-${tag}-01`;
const REPORTED_KG = 200_000;
const ORDERED_KG = 30_000;

/** A minimal valid one-page PDF (correct xref offsets), as a lab's test report would be. */
function minimalPdf(text: string): Buffer {
  const content = `BT /F1 18 Tf 72 760 Td (${text}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let pdf = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, "0")} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, "latin1");
}

/** A message with its {placeholders} filled in, as translate() does. */
function say(key: MessageKey, params: Record<string, string | number> = {}) {
  return en[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** English interface texts (messages and reference names) that differ from their Chinese. */
const englishOnly = [
  ...(Object.keys(en) as MessageKey[])
    .filter((key) => en[key] !== zh[key] && !en[key].includes("{"))
    .map((key) => en[key]),
  ...wasteClasses.map((c) => c.en),
  ...materials.map((m) => m.en),
  ...productTypes.map((p) => p.en),
  ...materialClasses.map((c) => c.en),
].filter(
  (text) => text.length >= 4 && !Object.values(zh).some((chinese) => chinese.includes(text)),
);

/** English left in the interface chrome of a Chinese page (not user data). */
async function englishLeftovers(page: Page) {
  const chrome = await page
    .locator(
      "h1, h2, label, dt, th, button, summary, .badge, .tag, .main-nav a, .field__hint, .field__error, .alert, .empty, .chain__step, .estimate, footer",
    )
    .allTextContents();
  return englishOnly.filter((text) => chrome.some((shown) => shown.includes(text)));
}

/**
 * Screenshots the page at both sizes in English, switches the person's language to Chinese with
 * the header button, checks nothing of the interface stayed English, screenshots again and
 * switches back.
 */
async function lookInBothLanguages(page: Page, name: string) {
  await screenshotBothSizes(page, `product-flow-${name}.en`);
  const path = new URL(page.url()).pathname;
  await page.getByRole("button", { name: "中文", exact: true }).click();
  await eventually(() => page.locator("html").getAttribute("lang")).toBe("zh-CN");
  await eventually(() => page.getByRole("button", { name: "English", exact: true }).count()).toBe(
    1,
  );
  expect(new URL(page.url()).pathname).toBe(path);
  expect(await englishLeftovers(page), `English left on ${path} in Chinese`).toEqual([]);
  await screenshotBothSizes(page, `product-flow-${name}.zh`);
  await page.getByRole("button", { name: "English", exact: true }).click();
  await eventually(() => page.locator("html").getAttribute("lang")).toBe("en");
  await eventually(() => page.getByRole("button", { name: "中文", exact: true }).count()).toBe(1);
}

/** The value next to a term in a page's definition list. */
function definition(page: Page, term: string) {
  return page.locator(".dl__row", { has: page.locator("dt", { hasText: term }) }).locator("dd");
}

function button(page: Page, name: string) {
  return page.getByRole("button", { name, exact: true });
}

const badge = (page: Page) => textOf(page.locator(".page-header .badge"));

type Usage = { deliveredKg: number; rateBp: number; compliance: string | null };

/** The aggregate row of the project's usage panel, as its data-usage attributes mark it. */
async function readUsage(page: Page): Promise<Usage> {
  const row = page.locator('#usage-title ~ * tr[data-class="aggregate"]');
  const rate = (await row.locator('[data-usage="rate"]').textContent())?.trim() ?? "";
  const match = /^(\d+)\.(\d)%$/.exec(rate);
  if (!match) throw new Error(`not a rate: ${JSON.stringify(rate)}`);
  return {
    deliveredKg: parseTonnesToKg(await row.locator('[data-usage="delivered"]').textContent()),
    rateBp: Number(match[1]) * 100 + Number(match[2]) * 10,
    compliance: await page.locator("[data-compliance]").getAttribute("data-compliance"),
  };
}

/** A received truckload of `netKg` at a facility, `daysAgo` days ago, from a listing's site. */
function receivedLoad(
  listing: { id: number; projectId: number; orgId: number; divisionCode: string },
  facility: { id: number; orgId: number },
  netKg: number,
  daysAgo: number,
) {
  const order = insertOrder(db, {
    listingId: listing.id,
    recyclerOrgId: facility.orgId,
    facilityId: facility.id,
    quantityKg: netKg,
    receivedKg: netKg,
    status: "completed",
  });
  const at = new Date(Date.now() - daysAgo * 86_400_000);
  return insertManifest(db, {
    manifestNo: `SC${tag.toUpperCase()}${order.id}`,
    orderId: order.id,
    listingId: listing.id,
    projectId: listing.projectId,
    producerOrgId: listing.orgId,
    divisionCode: listing.divisionCode,
    facilityId: facility.id,
    facilityType: "recycling_plant",
    recyclerOrgId: facility.orgId,
    wasteClass: "demolition_waste",
    vehiclePlate: "川A12345",
    driverName: "张伟",
    hauler: "成都渣土运输有限公司",
    estimatedKg: netKg,
    dispatchedAt: at,
    status: "received",
    weighbridgeTicket: `WB-${tag}-${order.id}`,
    grossKg: netKg + 15_000,
    tareKg: 15_000,
    netKg,
    receivedAt: at,
  });
}

describeE2E("a recycled product from the plant to the project's usage rate", () => {
  let world: World;
  let server: RunningServer;
  let session: BrowserSession;
  let recycler: Page;
  let contractor: Page;
  let loads: { older: string; newer: string };
  let usageBefore: Usage | undefined;
  let productId: number | undefined;
  let reportHref: string | undefined;
  let orderId: number | undefined;
  let deliveryIds: number[] = [];

  beforeAll(async () => {
    world = await makeWorld(tag);
    // The contractor's site is government-invested and reported 200 t of aggregate this month.
    db.update(projects)
      .set({ governmentInvested: true })
      .where(eq(projects.id, world.project.id))
      .run();
    await reportMaterialUse(
      world.people.contractorManager.actor(),
      MaterialUseInput.parse({
        projectId: String(world.project.id),
        materialClass: "aggregate",
        month,
        totalKg: String(REPORTED_KG / 1000),
        offPlatformRecycledKg: "0",
      }),
    );
    // Two weighed truckloads of demolition concrete at the recycler's plant to make a batch from.
    loads = {
      older: receivedLoad(world.listing, world.plant, 25_000, 6).manifestNo,
      newer: receivedLoad(world.listing, world.plant, 30_000, 2).manifestNo,
    };
    server = await startServer({ STRIPE_SECRET_KEY: "", STRIPE_WEBHOOK_SECRET: "" });
    session = await BrowserSession.launch(server.baseUrl);
  });
  afterAll(async () => {
    await session?.close();
    await server?.stop();
  });
  afterEach(() => session.expectNoErrors());

  it("(a) the recycler lists a product and records a batch with its test report", {
    timeout: 120_000,
  }, async () => {
    recycler = await session.newPage();
    await logIn(recycler, world.people.recyclerManager.email);
    await expectOfferedLinksOpen(recycler);

    await open(recycler, "/catalogue");
    await eventually(() => textOf(recycler.locator("h1"))).toBe(en["catalogue.title"]);
    await eventually(() => textOf(recycler.locator(".empty__title"))).toBe(en["catalogue.empty"]);
    await lookInBothLanguages(recycler, "catalogue-empty");

    await recycler.getByRole("link", { name: en["catalogue.new"], exact: true }).click();
    await recycler.waitForURL("**/catalogue/new");
    await lookInBothLanguages(recycler, "catalogue-new");
    const form = recycler.locator("main form");
    await form.locator('[name="facilityId"]').selectOption(String(world.plant.id));
    await form.locator('[name="productType"]').selectOption("recycled_coarse_aggregate");
    await form.locator('[name="name"]').fill(PRODUCT);
    await form.locator('[name="standard"]').fill("GB/T 25177-2010");
    await form.locator('[name="grade"]').fill("Ⅱ类");
    await form.locator('[name="unit"]').selectOption("t");
    // Sold by the tonne: the hint says the mass per unit is not needed, so it is left empty.
    await form.locator('[name="priceFenPerUnit"]').fill("45.50");
    await form.locator('[name="minOrder"]').fill("10");
    await form.locator('[name="recycledContentPct"]').fill("100");
    await form.locator('[name="description"]').fill("C30 拆除混凝土破碎筛分，含泥量 ≤ 1%。");
    await button(recycler, en["catalogue.create"]).click();
    await recycler.waitForURL(/\/products\/\d+$/);
    productId = Number(new URL(recycler.url()).pathname.split("/").pop());
    await eventually(() => textOf(recycler.locator("h1"))).toBe(PRODUCT);
    await eventually(() => textOf(definition(recycler, en["field.price"]))).toBe("¥45.50/t");
    await eventually(() => textOf(definition(recycler, en["field.stock"]))).toBe("0 t");
    await eventually(() => textOf(recycler.locator(".empty__title"))).toBe(en["batch.empty"]);
    await lookInBothLanguages(recycler, "product-no-batches");

    await recycler.getByRole("link", { name: en["batch.new"], exact: true }).click();
    await recycler.waitForURL(`**/products/${productId}/batches/new`);
    await eventually(() => textOf(definition(recycler, en["batch.intakeAvailable"]))).toBe("55 t");
    await lookInBothLanguages(recycler, "batch-new");
    const batchForm = recycler.locator("main form", {
      has: recycler.locator('[name="batchNo"]'),
    });
    await batchForm.locator('[name="batchNo"]').fill(BATCH);
    await batchForm.locator('[name="quantity"]').fill("40");
    await batchForm.locator('[name="inputKg"]').fill("42");
    await batchForm
      .locator('[name="testResults"]')
      .fill("压碎指标 12%；含泥量 0.8%；表观密度 2 450 kg/m³");
    await batchForm.locator('[name="testReport"]').setInputFiles({
      name: "test-report.pdf",
      mimeType: "application/pdf",
      buffer: minimalPdf(`Test report ${BATCH}`),
    });
    await button(recycler, en["batch.create"]).click();
    await recycler.waitForURL(`**/products/${productId}`);
    await eventually(() => textOf(definition(recycler, en["field.stock"]))).toBe("40 t");
    const batchRow = recycler.locator("tr", { hasText: BATCH });
    await eventually(() => textOf(batchRow.locator("td.num"))).toBe("40 t | 42 t");
    reportHref =
      (await batchRow
        .getByRole("link", { name: en["batch.openReport"], exact: true })
        .getAttribute("href")) ?? undefined;
    expect(reportHref).toMatch(/^\/files\/[0-9a-f-]{36}\.pdf$/);
    await lookInBothLanguages(recycler, "product-seller");

    await open(recycler, "/catalogue");
    const listed = recycler.locator(`.cards > li[data-product="${productId}"]`);
    await eventually(() => textOf(listed.locator("h2"))).toBe(PRODUCT);
    expect(await textOf(listed.locator(".badge"))).toBe(en["status.product_active"]);
    expect(await textOf(listed)).toContain(say("product.inStock", { stock: "40 t" }));
    await lookInBothLanguages(recycler, "catalogue");
  });

  it("(b) the contractor finds it near the project, sees the delivered cost and orders 30 t", {
    timeout: 120_000,
  }, async () => {
    expect(productId).toBeDefined();
    contractor = await session.newPage();
    await logIn(contractor, world.people.contractorManager.email);
    await expectOfferedLinksOpen(contractor);

    await open(contractor, `/projects/${world.project.id}`);
    usageBefore = await readUsage(contractor);
    expect(usageBefore).toEqual({ deliveredKg: 0, rateBp: 0, compliance: "false" });
    await eventually(() => textOf(contractor.locator("#nearby-title ~ ul a"))).toContain(PRODUCT);
    await lookInBothLanguages(contractor, "project-before");

    await open(contractor, "/product-orders");
    await eventually(() => textOf(contractor.locator(".empty__title"))).toBe(
      en["productOrders.empty"],
    );
    await lookInBothLanguages(contractor, "product-orders-empty");

    // Meanwhile a recycler in Mianyang, much farther from the site, lists aggregate too.
    const far = insertFacility(db, {
      orgId: world.orgs.recyclerS.id,
      name: `Mianyang plant ${tag}`,
      divisionCode: "510700",
      lat: 31.46,
      lon: 104.74,
    });
    const farListing = insertListing(db, {
      projectId: world.otherProject.id,
      orgId: world.orgs.contractorB.id,
      divisionCode: "510700",
      lat: 31.46,
      lon: 104.74,
    });
    receivedLoad(farListing, far, 20_000, 3);
    const seller = world.people.otherRecycler.actor();
    const farProduct = await createProduct(
      seller,
      ProductInput.parse({
        facilityId: String(far.id),
        productType: "recycled_coarse_aggregate",
        name: FAR_PRODUCT,
        standard: "GB/T 25177-2010",
        unit: "t",
        massPerUnitG: "1000",
        priceFenPerUnit: "38.00",
        minOrder: "0",
        recycledContentPct: "100",
      }),
    );
    await createBatch(seller, farProduct.id, {
      batchNo: `M-${tag}`,
      producedOn: "2026-01-10",
      quantityMilli: 15_000,
      inputKg: 16_000,
      testResults: "压碎指标 14%",
    });

    await open(contractor, "/products");
    await eventually(() => textOf(contractor.locator("h1"))).toBe(en["products.title"]);
    const cards = contractor.locator(".cards .card--link h2");
    // Newest first until a project is chosen.
    await eventually(() => textOf(cards)).toBe(`${FAR_PRODUCT} | ${PRODUCT}`);
    await lookInBothLanguages(contractor, "products");

    const filters = contractor.locator("form.filters");
    await filters
      .getByLabel(en["products.forProject"], { exact: true })
      .selectOption(String(world.project.id));
    await filters.getByLabel(en["field.sort"], { exact: true }).selectOption("distance");
    await button(contractor, en["common.filter"]).click();
    await contractor.waitForURL(
      (url) =>
        url.searchParams.get("project") === String(world.project.id) &&
        url.searchParams.get("sort") === "distance",
    );
    await eventually(() => textOf(cards)).toBe(`${PRODUCT} | ${FAR_PRODUCT}`);
    const card = contractor.locator(".cards .card--link", { hasText: PRODUCT });
    const estimate = await textOf(card.locator(".card__estimate"));
    const [, km, delivered] =
      /^≈ ([\d.]+) km by road · delivered ≈ (¥[\d,]+\.\d\d)\/t \(estimate\)$/.exec(estimate) ?? [];
    expect(km, estimate).toBeDefined();
    const farEstimate = await textOf(
      contractor.locator(".cards .card--link", { hasText: FAR_PRODUCT }).locator(".card__estimate"),
    );
    expect(Number(/≈ ([\d.]+) km/.exec(farEstimate)?.[1])).toBeGreaterThan(Number(km));
    await lookInBothLanguages(contractor, "products-for-project");

    // A filter nothing matches says so, with a way forward.
    await open(contractor, `/products?project=${world.project.id}&maxPriceYuan=1`);
    await eventually(() => textOf(contractor.locator(".empty__title"))).toBe(en["products.empty"]);
    await lookInBothLanguages(contractor, "products-empty");
    await contractor.goBack();
    await eventually(() => textOf(cards)).toBe(`${PRODUCT} | ${FAR_PRODUCT}`);

    await card.locator("a").click();
    await contractor.waitForURL(`**/products/${productId}?project=${world.project.id}`);
    await eventually(() => textOf(contractor.locator("h1"))).toBe(PRODUCT);
    const productEstimate = await textOf(contractor.locator(".estimate p").first());
    expect(productEstimate).toContain(`≈ ${km} km by road`);
    expect(productEstimate).toContain(`delivered ≈ ${delivered} per t`);
    expect(productEstimate).toContain(world.project.name);
    await eventually(() => textOf(contractor.locator("tr", { hasText: BATCH }))).toContain(
      en["batch.openReport"],
    );

    // The buyer can open the batch's test report: the PDF the recycler uploaded.
    const report = await contractor.request.get(reportHref ?? "");
    expect(report.status()).toBe(200);
    expect(report.headers()["content-type"]).toBe("application/pdf");
    expect((await report.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    await lookInBothLanguages(contractor, "product-buyer");

    const order = contractor.locator("main form", { has: contractor.locator('[name="quantity"]') });
    expect(await order.locator('[name="projectId"]').inputValue()).toBe(String(world.project.id));
    await order.locator('[name="quantity"]').fill("30");
    await order.locator('[name="note"]').fill("请于工作日 8:00–17:00 送达 3 号门。");
    await button(contractor, en["productOrder.place"]).click();
    await contractor.waitForURL(/\/product-orders\/\d+$/);
    orderId = Number(new URL(contractor.url()).pathname.split("/").pop());
    await eventually(() => badge(contractor)).toBe(en["status.placed"]);
    await eventually(() => textOf(definition(contractor, en["field.quantity"]))).toBe("30 t");
    await eventually(() => textOf(definition(contractor, en["field.amount"]))).toBe(
      "¥1,365.00 (¥45.50/t)",
    );
    await lookInBothLanguages(contractor, "order-placed");
  });

  it("(c) the recycler confirms, the contractor pays by bank transfer, the recycler confirms it", {
    timeout: 120_000,
  }, async () => {
    expect(orderId).toBeDefined();
    await open(recycler, "/product-orders");
    const listed = recycler.locator(`.cards > li[data-order="${orderId}"]`);
    await eventually(() => textOf(listed.locator("h2"))).toBe(PRODUCT);
    expect(await textOf(listed.locator(".badge"))).toBe(en["status.placed"]);
    expect(await textOf(listed)).toContain("30 t · ¥1,365.00");
    await lookInBothLanguages(recycler, "product-orders");
    await listed.locator("a").click();
    await recycler.waitForURL(`**/product-orders/${orderId}`);
    await button(recycler, en["productOrder.confirm"]).click();
    await eventually(() => badge(recycler)).toBe(en["status.confirmed"]);

    await contractor.reload();
    await eventually(() => badge(contractor)).toBe(en["status.confirmed"]);
    await button(contractor, say("payment.pay", { amount: "¥1,365.00" })).click();
    const payment = contractor.locator(".payment");
    await eventually(() => textOf(payment.locator(".badge"))).toBe(en["status.payment_pending"]);
    expect(await textOf(payment)).toContain(en["payment.bankTransfer"]);
    expect(await textOf(payment)).toContain(
      say("payment.bankInstructions", { order: orderId ?? 0, seller: world.orgs.recyclerR.name }),
    );
    expect(await button(contractor, say("payment.pay", { amount: "¥1,365.00" })).count()).toBe(0);
    await lookInBothLanguages(contractor, "order-payment-pending");

    await recycler.reload();
    await lookInBothLanguages(recycler, "order-confirmed-seller");
    const confirm = recycler.locator(".payment form");
    await confirm.getByLabel(en["field.bankReference"], { exact: true }).fill(`ICBC-${tag}-0001`);
    await button(recycler, en["payment.confirmTransfer"]).click();
    await eventually(() => textOf(recycler.locator(".payment .badge"))).toBe(
      en["status.payment_succeeded"],
    );
    await eventually(() => textOf(definition(recycler, en["productOrder.paid"]))).toBe("¥1,365.00");
    expect(await textOf(recycler.locator(".payment"))).toContain(`ICBC-${tag}-0001`);
    // Paid but not delivered: still confirmed, not completed.
    expect(await badge(recycler)).toBe(en["status.confirmed"]);
  });

  it("(d) the recycler delivers 18 t, then 12 t from a phone, naming the batch", {
    timeout: 120_000,
  }, async () => {
    expect(orderId).toBeDefined();
    const deliver = (page: Page) =>
      page.locator("main form", { has: page.locator('[name="vehiclePlate"]') });

    const first = deliver(recycler);
    await first.locator('[name="quantity"]').fill("18");
    await first.locator('[name="vehiclePlate"]').fill("川A88888");
    await first.locator('[name="batchId"]').selectOption({ label: BATCH });
    await button(recycler, en["delivery.submit"]).click();
    await eventually(() => badge(recycler)).toBe(en["status.delivering"]);
    await eventually(() => textOf(definition(recycler, en["productOrder.delivered"]))).toBe("18 t");
    await eventually(() => textOf(recycler.locator("#f-quantity-hint"))).toBe(
      say("delivery.remaining", { remaining: "12 t" }),
    );

    const onPhone = await session.samePersonOn(recycler, phone);
    await open(onPhone, `/product-orders/${orderId}`);
    await lookInBothLanguages(onPhone, "order-delivering-seller");
    const second = deliver(onPhone);
    await second.locator('[name="quantity"]').fill("12");
    await second.locator('[name="vehiclePlate"]').fill("川AD12345");
    await second.locator('[name="batchId"]').selectOption({ label: BATCH });
    await button(onPhone, en["delivery.submit"]).tap();
    await eventually(() => textOf(definition(onPhone, en["productOrder.delivered"]))).toBe("30 t");
    // Everything is on its way: no more delivery form.
    await eventually(() => deliver(onPhone).count()).toBe(0);
    const rows = onPhone.locator(".deliveries > li");
    await eventually(() => rows.count()).toBe(2);
    expect(await textOf(rows.locator(".delivery__quantity"))).toBe("18 t | 12 t");
    expect(await textOf(rows.locator(".badge"))).toBe(
      `${en["delivery.awaitingBadge"]} | ${en["delivery.awaitingBadge"]}`,
    );
    deliveryIds = await rows.evaluateAll((items) =>
      items.map((item) => Number(item.getAttribute("data-delivery"))),
    );
    expect(deliveryIds).toHaveLength(2);
    await screenshotBothSizes(onPhone, "product-flow-order-delivered-seller-phone");
  });

  it("(e) the contractor confirms both deliveries and the order is completed", {
    timeout: 120_000,
  }, async () => {
    expect(deliveryIds).toHaveLength(2);
    await contractor.reload();
    await eventually(() => badge(contractor)).toBe(en["status.delivering"]);
    const confirmButtons = contractor.getByRole("button", {
      name: en["delivery.confirm"],
      exact: true,
    });
    await eventually(() => confirmButtons.count()).toBe(2);
    await lookInBothLanguages(contractor, "order-delivering-buyer");
    await confirmButtons.first().click();
    await eventually(() => confirmButtons.count()).toBe(1);
    expect(await badge(contractor)).toBe(en["status.delivering"]);
    await confirmButtons.first().click();
    await eventually(() => confirmButtons.count()).toBe(0);
    expect(await textOf(contractor.locator(".deliveries .badge"))).toBe(
      `${en["delivery.receivedBadge"]} | ${en["delivery.receivedBadge"]}`,
    );
    await eventually(() => badge(contractor)).toBe(en["status.completed"]);
    await lookInBothLanguages(contractor, "order-completed");

    await open(contractor, "/product-orders");
    await eventually(() =>
      textOf(contractor.locator(`.cards > li[data-order="${orderId}"] .badge`)),
    ).toBe(en["status.completed"]);
    await lookInBothLanguages(contractor, "product-orders-buyer");
  });

  it("(f) the project's usage rate moved by exactly 30 t of 200 t, and a delivery traces back", {
    timeout: 120_000,
  }, async () => {
    expect(usageBefore).toBeDefined();
    await open(contractor, `/projects/${world.project.id}`);
    const after = await readUsage(contractor);
    expect(after.deliveredKg - (usageBefore?.deliveredKg ?? Number.NaN)).toBe(ORDERED_KG);
    expect(after.rateBp - (usageBefore?.rateBp ?? Number.NaN)).toBe(
      (ORDERED_KG * 10_000) / REPORTED_KG,
    );
    // 15 % ≥ 10 %: the government-invested project now complies for aggregate.
    expect(after.compliance).toBe("true");
    await lookInBothLanguages(contractor, "project-after");

    await open(contractor, `/product-orders/${orderId}`);
    await contractor
      .locator(`[data-delivery="${deliveryIds[0]}"]`)
      .getByRole("link", { name: en["delivery.trace"], exact: true })
      .click();
    await contractor.waitForURL(`**/deliveries/${deliveryIds[0]}/trace`);
    await eventually(() => textOf(contractor.locator("h1"))).toBe(en["trace.title"]);
    const step = (name: string) => contractor.locator(`ol.chain > li[data-step="${name}"]`);
    await eventually(() => textOf(step("project").locator(".chain__step"))).toBe(
      en["trace.project"],
    );
    expect(await textOf(step("project"))).toContain(world.project.name);
    expect(await textOf(step("delivery"))).toContain("18 t · 川A88888");
    expect(await textOf(step("order"))).toContain(`#${orderId} · ${PRODUCT}`);
    expect(await textOf(step("batch"))).toContain(BATCH);
    expect(await textOf(step("batch"))).toContain(say("trace.batchInput", { input: "42 t" }));
    expect(await step("batch").getByRole("link").getAttribute("href")).toBe(reportHref);
    expect(await textOf(step("facility"))).toContain(world.plant.name);
    // The batch drew 25 t from the older truckload and 17 t from the newer one.
    const sources = step("sources").locator("li[data-manifest]");
    expect(
      await sources.evaluateAll((items) => items.map((i) => i.getAttribute("data-manifest"))),
    ).toEqual([loads.older, loads.newer]);
    expect(await textOf(sources.locator(".chain__drawn"))).toBe("25 t | 17 t");
    expect(await textOf(sources.first())).toContain(
      say("trace.fromSite", { site: world.project.name, org: world.orgs.contractorA.name }),
    );
    await lookInBothLanguages(contractor, "trace");
    await expectOfferedLinksOpen(contractor);

    // The seller, who weighed those loads in, reads the same chain for the second truckload.
    await open(recycler, `/deliveries/${deliveryIds[1]}/trace`);
    const sellerStep = (name: string) => recycler.locator(`ol.chain > li[data-step="${name}"]`);
    await eventually(() => textOf(sellerStep("delivery"))).toContain("12 t · 川AD12345");
    expect(await textOf(sellerStep("batch"))).toContain(BATCH);
    await expectOfferedLinksOpen(recycler);
    await screenshotBothSizes(recycler, "product-flow-trace-seller");
  });
});
