/**
 * Trucks and their manifests on phones: the contractor's site agent dispatches from a 390×844
 * screen and opens the printable manifest; the weighbridge clerk opens it from the address its QR
 * code carries and weighs the truck in. A second truck never arrives and a third weighs far more
 * than its estimate. Then the server restarts seven hours later (the test clock, not a sleep) and
 * the unclosed-manifest alert is there for the contractor, the recycler and the city department,
 * next to the weight discrepancy, with both parties told in their notification centres.
 */
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { acceptOrder, claimListing } from "~/domain/orders/orders.server";
import { en } from "~/i18n/messages";
import { type RunningServer, startServer } from "../support/server";
import { makeWorld, type World } from "../support/world";
import {
  BrowserSession,
  describeE2E,
  eventually,
  expectOfferedLinksOpen,
  logIn,
  open,
  phone,
  screenshot,
  screenshotBothSizes,
  textOf,
} from "./browser";

const SEVEN_HOURS_MS = 7 * 60 * 60 * 1000;

function definition(page: Page, term: string) {
  return page.locator(".dl__row", { has: page.locator("dt", { hasText: term }) }).locator("dd");
}

function button(page: Page, name: string) {
  return page.getByRole("button", { name, exact: true });
}

/** Dispatches one truck from the order page and returns its manifest's id. */
async function dispatch(page: Page, orderId: number, plate: string) {
  await open(page, `/orders/${orderId}`);
  const form = page.locator("form", { has: page.locator('[name="vehiclePlate"]') });
  await form.locator('[name="vehiclePlate"]').fill(plate);
  await form.locator('[name="driverName"]').fill("张伟");
  await form.locator('[name="hauler"]').fill("成都渣土运输有限公司");
  await form.locator('[name="estimatedKg"]').fill("30");
  await button(page, en["dispatch.submit"]).tap();
  await page.waitForURL(/\/manifests\/\d+$/);
  await eventually(() => textOf(page.locator(".page-header .badge"))).toBe(en["status.dispatched"]);
  return Number(new URL(page.url()).pathname.split("/").pop());
}

/** Weighs a truck in from the manifest page the clerk has open. */
async function weighIn(page: Page, ticket: string, grossKg: string, tareKg: string) {
  const receipt = page.locator("form", { has: page.locator('[name="grossKg"]') });
  await receipt.locator('[name="weighbridgeTicket"]').fill(ticket);
  await receipt.locator('[name="grossKg"]').fill(grossKg);
  await receipt.locator('[name="tareKg"]').fill(tareKg);
  await receipt.locator('[name="decision"]').selectOption("accept");
  await button(page, en["receipt.submit"]).tap();
  await eventually(() => textOf(page.locator(".page-header .badge"))).toBe(en["status.received"]);
}

describeE2E("manifests on phones, and the alerts time brings", () => {
  let world: World;
  let server: RunningServer;
  let session: BrowserSession;
  let orderId: number;
  const tag = Math.random().toString(36).slice(2, 6).toUpperCase();
  const trips: Record<"received" | "inTransit" | "heavy", number | undefined> = {
    received: undefined,
    inTransit: undefined,
    heavy: undefined,
  };
  const numbers: Record<number, string> = {};

  beforeAll(async () => {
    world = await makeWorld();
    const order = await claimListing(world.people.recyclerManager.actor(), world.listing.id, {
      facilityId: world.plant.id,
      quantityKg: 90_000,
      note: "",
    });
    await acceptOrder(world.people.contractorManager.actor(), order.id);
    orderId = order.id;
    // The production server, with the test clock allowed but not yet moved.
    server = await startServer({ ENABLE_TEST_CLOCK: "1" });
    session = await BrowserSession.launch(server.baseUrl);
  });
  afterAll(async () => {
    await session?.close();
    await server?.stop();
  });
  afterEach(() => session.expectNoErrors());

  it("(a) the site agent dispatches from a phone and opens the printable manifest", {
    timeout: 60_000,
  }, async () => {
    const agent = await session.newPage(phone);
    await logIn(agent, world.people.siteAgent.email);
    const id = await dispatch(agent, orderId, `川A${tag.replace(/[IO]/g, "1").slice(0, 2)}001`);
    trips.received = id;
    numbers[id] = (await textOf(agent.locator("h1"))).replace(`${en["manifest.title"]} `, "");
    await eventually(() => agent.getByText(en["manifest.awaitingReceipt"]).isVisible()).toBe(true);
    await eventually(() => agent.getByRole("heading", { name: en["void.title"] }).isVisible()).toBe(
      true,
    );
    await screenshotBothSizes(agent, "phone-manifest-dispatched");

    await agent.getByRole("link", { name: en["manifest.print"] }).tap();
    await agent.waitForURL(`**/manifests/${id}/print`);
    await eventually(() => textOf(agent.locator("h1"))).toBe(en["manifest.printTitle"]);
    const qr = agent.getByRole("img", { name: `QR code that opens manifest ${numbers[id]}` });
    await eventually(() => qr.isVisible()).toBe(true);
    expect(await qr.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    const target = await agent.locator(".print-doc__qr a").getAttribute("href");
    expect(target).toBe(`${server.baseUrl}/manifests/${id}`);
    await eventually(() => textOf(agent.locator(".print-doc__url"))).toBe(target);
    for (const [term, value] of [
      [en["field.vehiclePlate"], `川A${tag.replace(/[IO]/g, "1").slice(0, 2)}001`],
      [en["field.approvalNo"], world.plant.approvalNo],
      [en["field.permitNo"], world.project.permitNo],
      [en["field.estimated"], "30 t"],
    ] as const) {
      await eventually(() => textOf(definition(agent, term))).toBe(value);
    }
    await screenshotBothSizes(agent, "phone-manifest-print");
    await agent.emulateMedia({ media: "print" });
    await eventually(() => agent.locator(".site-header").isVisible()).toBe(false);
    await screenshot(agent, "phone-manifest-print.paper");
    // On paper the whole manifest fits one A4 sheet.
    const pdf = await agent.pdf({ format: "A4", printBackground: true });
    expect(pdf.toString("latin1").match(/\/Type\s*\/Page\b/g)).toHaveLength(1);
    await agent.emulateMedia({ media: "screen" });
    await agent.getByRole("button", { name: "中文" }).tap();
    await eventually(() => textOf(agent.locator("h1"))).toBe("建筑垃圾运输电子联单");
    await screenshotBothSizes(agent, "phone-manifest-print.zh");
    await agent.getByRole("button", { name: "English" }).tap();
    await eventually(() => textOf(agent.locator("h1"))).toBe(en["manifest.printTitle"]);
  });

  it("(b) the weighbridge clerk opens the manifest from its QR address and weighs it in", {
    timeout: 60_000,
  }, async () => {
    const id = trips.received;
    expect(id).toBeDefined();
    const clerk = await session.newPage(phone);
    await logIn(clerk, world.people.clerk.email);
    // What the phone's camera app does with the QR code: open the address it carries.
    await open(clerk, `${server.baseUrl}/manifests/${id}`);
    await eventually(() =>
      clerk.getByRole("heading", { name: en["receipt.title"] }).isVisible(),
    ).toBe(true);
    await screenshotBothSizes(clerk, "phone-manifest-receipt-form");
    await weighIn(clerk, `WB-${tag}-1`, "45200", "15000");
    await eventually(() => textOf(definition(clerk, en["field.net"]))).toBe("30.2 t");
    expect(await clerk.locator(".card--alert").count()).toBe(0);
    await screenshotBothSizes(clerk, "phone-manifest-received");
    await expectOfferedLinksOpen(clerk);
  });

  it("(c) a second truck stays in transit; a third weighs a third more than estimated", {
    timeout: 60_000,
  }, async () => {
    const agent = await session.newPage(phone);
    await logIn(agent, world.people.siteAgent.email);
    const plate = (n: number) => `川A${tag.replace(/[IO]/g, "1").slice(0, 2)}00${n}`;
    trips.inTransit = await dispatch(agent, orderId, plate(2));
    trips.heavy = await dispatch(agent, orderId, plate(3));
    for (const id of [trips.inTransit, trips.heavy]) {
      await open(agent, `/manifests/${id}`);
      numbers[id] = (await textOf(agent.locator("h1"))).replace(`${en["manifest.title"]} `, "");
    }

    const clerk = await session.newPage(phone);
    await logIn(clerk, world.people.clerk.email);
    await open(clerk, `/manifests/${trips.heavy}`);
    await weighIn(clerk, `WB-${tag}-3`, "55000", "15000");
    const alert = clerk.locator(".card--alert");
    await eventually(() => textOf(alert.locator(".badge"))).toBe(en["alert.weight_discrepancy"]);
    await eventually(() => textOf(alert.locator("li"))).toContain(
      "Net 40 t is 33.3% off the estimate 30 t (limit 20%)",
    );
    await screenshotBothSizes(clerk, "phone-manifest-weight-alert");

    // The site's list of its trips, narrowed to the ones still on the road.
    await open(agent, "/manifests");
    await agent.locator('[name="status"]').selectOption("dispatched");
    await button(agent, en["common.filter"]).tap();
    await agent.waitForURL("**/manifests?status=dispatched**");
    await eventually(() => textOf(agent.locator("tbody tr td:first-child"))).toBe(
      numbers[trips.inTransit ?? 0] ?? "?",
    );
    await eventually(() =>
      agent.getByRole("link", { name: en["manifests.export"] }).getAttribute("href"),
    ).toBe("/manifests.csv?status=dispatched");
    await screenshotBothSizes(agent, "phone-manifests-list");
    await open(clerk, `/manifests/${trips.inTransit}`);
    await eventually(() => textOf(clerk.locator(".page-header .badge"))).toBe(
      en["status.dispatched"],
    );
  });

  it("(d) seven hours later the unclosed manifest is an alert for both parties and the city", {
    timeout: 90_000,
  }, async () => {
    const inTransit = trips.inTransit;
    const heavy = trips.heavy;
    expect(inTransit && heavy).toBeTruthy();
    await session.close();
    await server.stop();
    // Same database file (the test's DATABASE_PATH), seven hours on.
    server = await startServer({
      ENABLE_TEST_CLOCK: "1",
      CLOCK_OFFSET_MS: String(SEVEN_HOURS_MS),
    });
    session = await BrowserSession.launch(server.baseUrl);

    const unclosedCard = (page: Page) =>
      page.locator('.alert-card[data-alert="unclosed_manifest"]', {
        hasText: numbers[inTransit ?? 0] ?? "?",
      });
    const discrepancyCard = (page: Page) =>
      page.locator('.alert-card[data-alert="weight_discrepancy"]', {
        hasText: numbers[heavy ?? 0] ?? "?",
      });

    const contractor = await session.newPage(phone);
    await logIn(contractor, world.people.contractorManager.email);
    await contractor.getByRole("link", { name: en["nav.alerts"], exact: true }).tap();
    await contractor.waitForURL("**/alerts");
    await eventually(() => unclosedCard(contractor).count()).toBe(1);
    await eventually(() => textOf(unclosedCard(contractor))).toContain(
      "In transit for more than 6 h",
    );
    await eventually(() => discrepancyCard(contractor).count()).toBe(1);
    await screenshotBothSizes(contractor, "phone-alerts-contractor");
    await expectOfferedLinksOpen(contractor);

    const clerk = await session.newPage(phone);
    await logIn(clerk, world.people.clerk.email);
    await open(clerk, "/alerts");
    await eventually(() => unclosedCard(clerk).count()).toBe(1);
    await eventually(() => discrepancyCard(clerk).count()).toBe(1);
    await screenshotBothSizes(clerk, "phone-alerts-recycler");

    const chengdu = await session.newPage(phone);
    await logIn(chengdu, world.people.chengduOfficer.email);
    await chengdu.getByRole("link", { name: en["nav.alerts"], exact: true }).tap();
    await chengdu.waitForURL("**/alerts");
    await eventually(() => unclosedCard(chengdu).count()).toBe(1);
    await eventually(() => discrepancyCard(chengdu).count()).toBe(1);
    await screenshotBothSizes(chengdu, "phone-alerts-department");
    // The city drills down from the alert to the trip itself.
    await unclosedCard(chengdu)
      .getByRole("link", { name: numbers[inTransit ?? 0] })
      .tap();
    await chengdu.waitForURL(`**/manifests/${inTransit}`);
    await eventually(() => textOf(chengdu.locator(".card--alert .badge"))).toBe(
      en["alert.unclosed_manifest"],
    );
    // Departments read; they neither weigh nor void.
    expect(await chengdu.locator('[name="grossKg"], [name="voidReason"]').count()).toBe(0);

    const mianyang = await session.newPage(phone);
    await logIn(mianyang, world.people.mianyangOfficer.email);
    await open(mianyang, "/alerts?state=all");
    expect(await unclosedCard(mianyang).count()).toBe(0);
  });

  it("(e) both parties find the alerts in their notification centres", {
    timeout: 60_000,
  }, async () => {
    const contractor = await session.newPage(phone);
    await logIn(contractor, world.people.siteAgent.email);
    const bell = contractor.locator(".notifications-link");
    await eventually(() => textOf(bell.locator(".count-badge"))).toMatch(/^\d+$/);
    await bell.tap();
    await contractor.waitForURL("**/notifications");
    const unread = contractor.locator(".notification--unread");
    const unclosed = `Manifest ${numbers[trips.inTransit ?? 0]} has been in transit for more than 6 hours`;
    await eventually(() => textOf(unread)).toContain(unclosed);
    await eventually(() => textOf(unread)).toContain(
      `Manifest ${numbers[trips.heavy ?? 0]}: net 40 t is 33.3% off the estimate 30 t`,
    );
    await screenshotBothSizes(contractor, "phone-notifications");
    await button(contractor, en["notifications.markAllRead"]).tap();
    await eventually(() => unread.count()).toBe(0);
    await eventually(() => bell.locator(".count-badge").count()).toBe(0);
    await contractor.getByRole("link", { name: unclosed }).tap();
    await contractor.waitForURL(`**/manifests/${trips.inTransit}`);

    const clerk = await session.newPage(phone);
    await logIn(clerk, world.people.clerk.email);
    await open(clerk, "/notifications");
    await eventually(() => textOf(clerk.locator(".notification--unread"))).toContain(unclosed);
    await screenshotBothSizes(clerk, "phone-notifications-recycler");
  });
});
