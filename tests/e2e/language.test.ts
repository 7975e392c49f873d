/**
 * The flow's pages in the other language: an English browser gets English, the header button
 * switches to Chinese and every key page follows (texts looked up in app/i18n/messages.ts), form
 * errors come back in the chosen language, and the forms work in a browser without JavaScript.
 */
import { and, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { db } from "#db/client";
import { wasteOrders } from "#db/schema";
import { shanghaiMonth } from "~/domain/clock";
import { materials, wasteClasses } from "~/domain/reference/waste";
import { en, type MessageKey, zh } from "~/i18n/messages";
import { Client } from "../support/http";
import { type RunningServer, startServer } from "../support/server";
import { makeWorld, type World } from "../support/world";
import {
  BrowserSession,
  describeE2E,
  eventually,
  logIn,
  open,
  screenshotBothSizes,
  textOf,
} from "./browser";

const month = shanghaiMonth(new Date());

/** A message with its {placeholders} filled in, as translate() does. */
function say(
  dictionary: Record<MessageKey, string>,
  key: MessageKey,
  params: Record<string, string | number> = {},
) {
  return dictionary[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
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
].filter(
  (text) => text.length >= 4 && !Object.values(zh).some((chinese) => chinese.includes(text)),
);

/**
 * English left in the interface of a Chinese page: labels, headings, buttons, badges, hints and
 * navigation (not user data such as organisation names, which the tests wrote in English).
 */
async function englishLeftovers(page: Page) {
  const chrome = await page
    .locator(
      "h1, h2, label, dt, th, button, .badge, .main-nav a, .field__hint, .field__error, .alert, .stat__label, .stat__hint, .empty, .org__user, footer",
    )
    .allTextContents();
  return englishOnly.filter((text) => chrome.some((shown) => shown.includes(text)));
}

async function expectChinesePage(page: Page, heading: string) {
  await eventually(() => textOf(page.locator("h1"))).toBe(heading);
  expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
  expect(await englishLeftovers(page)).toEqual([]);
}

describeE2E("the interface in English and Chinese", () => {
  let world: World;
  let server: RunningServer;
  let session: BrowserSession;
  let orderId: number;
  let manifestId: number;

  beforeAll(async () => {
    world = await makeWorld();
    server = await startServer();
    session = await BrowserSession.launch(server.baseUrl);

    // An accepted order with a truck on its way, made over HTTP: this file is about the pages.
    const recycler = await new Client(server.baseUrl).logIn(world.people.recyclerManager.email);
    const contractor = await new Client(server.baseUrl).logIn(world.people.contractorManager.email);
    const claimed = await recycler.post(`/listings/${world.listing.id}`, {
      facilityId: String(world.plant.id),
      quantityKg: "10",
    });
    orderId = Number(claimed.location?.split("/").pop());
    await contractor.post(`/orders/${orderId}`, { intent: "accept" });
    const dispatched = await contractor.post(`/orders/${orderId}`, {
      intent: "dispatch",
      vehiclePlate: "川A54321",
      driverName: "李娜",
      hauler: "成都渣土运输有限公司",
      estimatedKg: "10",
    });
    manifestId = Number(dispatched.location?.split("/").pop());
    expect(orderId).toBeGreaterThan(0);
    expect(manifestId).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await session?.close();
    await server?.stop();
  });
  afterEach(() => session.expectNoErrors());

  it("an English browser switches to 中文 and the flow's pages follow", {
    timeout: 60_000,
  }, async () => {
    const page = await session.newPage({ locale: "en-US" });
    await open(page, "/login");
    await eventually(() => textOf(page.locator("h1"))).toBe(en["login.title"]);
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await page.title()).toBe(`${en["login.title"]} · ${en["app.name"]}`);

    await logIn(page, world.people.recyclerManager.email);
    await open(page, "/market");
    await eventually(() => textOf(page.locator("h1"))).toBe(en["market.title"]);
    expect(await textOf(page.locator(".main-nav a"))).toContain(en["nav.market"]);

    // The header button posts to /locale and comes back to the same page, now in Chinese.
    await page.getByRole("button", { name: "中文", exact: true }).click();
    await expectChinesePage(page, zh["market.title"]);
    expect(new URL(page.url()).pathname).toBe("/market");
    expect(await textOf(page.locator(".page-header__subtitle"))).toMatch(
      new RegExp(`^${say(zh, "market.subtitle", { count: "\\d+" })}$`),
    );
    expect(await page.title()).toBe(`${zh["market.title"]} · ${zh["app.name"]}`);
    expect(await textOf(page.getByRole("button", { name: "English", exact: true }))).toBe(
      "English",
    );
    await screenshotBothSizes(page, "zh-market");

    await open(page, `/listings/${world.listing.id}`);
    const demolition = wasteClasses.find((c) => c.key === "demolition_waste")?.zh;
    const concrete = materials.find((m) => m.key === "concrete")?.zh;
    await expectChinesePage(page, `${demolition} · ${concrete}`);
    expect(await textOf(page.locator("h2"))).toContain(zh["claim.title"]);
    expect(await textOf(page.locator("dt"))).toContain(zh["listing.available"]);
    await screenshotBothSizes(page, "zh-listing");

    // A claim without a quantity comes back with the error in Chinese, next to the field.
    session.tolerateConsoleErrors(/status of 400/);
    const claim = page.locator("form", { has: page.locator('[name="quantityKg"]') });
    await claim.locator('[name="facilityId"]').selectOption(String(world.plant.id));
    await page.getByRole("button", { name: zh["claim.submit"], exact: true }).click();
    await eventually(() => textOf(page.locator("#f-quantityKg-error"))).toBe(zh["form.required"]);
    expect(await textOf(claim.locator(".alert"))).toBe(zh["form.fixErrors"]);
    expect(await claim.locator('[name="quantityKg"]').getAttribute("aria-invalid")).toBe("true");
    expect(new URL(page.url()).pathname).toBe(`/listings/${world.listing.id}`);
    expect(await englishLeftovers(page)).toEqual([]);
    await screenshotBothSizes(page, "zh-listing-error");

    await open(page, `/orders/${orderId}`);
    await expectChinesePage(page, say(zh, "order.heading", { id: orderId }));
    expect(await textOf(page.locator(".page-header .badge"))).toBe(zh["status.in_progress"]);
    expect(await textOf(page.locator("dt"))).toContain(zh["field.producer"]);
    expect(await textOf(page.locator("h2"))).toContain(zh["manifests.title"]);
    await screenshotBothSizes(page, "zh-order");

    await open(page, `/manifests/${manifestId}`);
    await eventually(() => textOf(page.locator("h1"))).toMatch(
      new RegExp(`^${zh["manifest.title"]} SC\\d+$`),
    );
    expect(await englishLeftovers(page)).toEqual([]);
    expect(await textOf(page.locator(".page-header .badge"))).toBe(zh["status.dispatched"]);
    expect(await textOf(page.locator("h2"))).toContain(zh["manifest.trip"]);
    expect(await textOf(page.locator("h2"))).toContain(zh["receipt.title"]);
    expect(await textOf(page.locator("label"))).toContain(zh["field.grossKg"]);
    await screenshotBothSizes(page, "zh-manifest");

    // The choice is a cookie: it outlives the session, so the officer who logs in next gets it.
    await page.getByRole("button", { name: zh["nav.logout"], exact: true }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await open(page, "/login");
    await expectChinesePage(page, zh["login.title"]);
    await screenshotBothSizes(page, "zh-login");
    await logIn(page, world.people.chengduOfficer.email);
    await open(page, `/department?from=${month}&to=${month}`);
    await expectChinesePage(page, zh["department.title"]);
    expect(await textOf(page.locator(".stat__label"))).toContain(zh["department.generated"]);
    expect(await textOf(page.locator(".page-header__subtitle"))).toBe(
      say(zh, "department.scope", { jurisdiction: "成都市" }),
    );
    await screenshotBothSizes(page, "zh-department");
  });

  it("forms work in a browser without JavaScript", { timeout: 60_000 }, async () => {
    const page = await session.newPage({ locale: "en-US", javaScriptEnabled: false });
    await logIn(page, world.people.recyclerSales.email);
    expect(new URL(page.url()).pathname).toBe("/");
    await eventually(() => textOf(page.locator("h1"))).toBe(en["home.recyclerTitle"]);

    // Invalid: the server answers the native post with the page and the error in it.
    session.tolerateConsoleErrors(/status of 400/);
    await open(page, `/listings/${world.listing.id}`);
    const claim = page.locator("form", { has: page.locator('[name="quantityKg"]') });
    await claim.locator('[name="facilityId"]').selectOption(String(world.plant.id));
    await claim.locator('[name="quantityKg"]').fill("");
    await page.getByRole("button", { name: en["claim.submit"], exact: true }).click();
    await eventually(() => textOf(page.locator("#f-quantityKg-error"))).toBe(en["form.required"]);
    expect(await textOf(page.locator(".alert"))).toBe(en["form.fixErrors"]);

    // Valid: the post redirects to the new order.
    await claim.locator('[name="quantityKg"]').fill("5");
    await claim.locator('[name="note"]').fill("no-script claim");
    await page.getByRole("button", { name: en["claim.submit"], exact: true }).click();
    await page.waitForURL(/\/orders\/\d+$/);
    const newOrderId = Number(new URL(page.url()).pathname.split("/").pop());
    await eventually(() => textOf(page.locator("h1"))).toBe(
      say(en, "order.heading", { id: newOrderId }),
    );
    expect(await textOf(page.locator(".page-header .badge"))).toBe(en["status.requested"]);
    const order = db
      .select()
      .from(wasteOrders)
      .where(and(eq(wasteOrders.id, newOrderId), eq(wasteOrders.facilityId, world.plant.id)))
      .get();
    expect(order).toMatchObject({
      quantityKg: 5_000,
      status: "requested",
      note: "no-script claim",
    });

    // The language button is a plain form too.
    await page.getByRole("button", { name: "中文", exact: true }).click();
    await page.waitForURL(/\/orders\/\d+$/);
    await expectChinesePage(page, say(zh, "order.heading", { id: newOrderId }));
    await screenshotBothSizes(page, "nojs-zh-order");
  });
});
