/**
 * The first flow in a real browser: a department reads its figures, a contractor registers a
 * project and lists its waste, a recycler claims it, the contractor dispatches a truck from a
 * phone, the recycler's weighbridge clerk receives it on a phone, and the figures move by exactly
 * the net weight — for the province and Chengdu, not for Mianyang.
 */
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { shanghaiDate, shanghaiMonth } from "~/domain/clock";
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
  parseTonnesToKg,
  phone,
  screenshotBothSizes,
  textOf,
} from "./browser";

const month = shanghaiMonth(new Date());
const dashboard = `/department?from=${month}&to=${month}`;
const NET_KG = 45_200 - 15_000;

type Figures = { generatedKg: number; recycledKg: number; resourceRate: string };

async function readFigures(page: Page): Promise<Figures> {
  const figure = (name: string) => page.locator(`[data-figure="${name}"]`).textContent();
  return {
    generatedKg: parseTonnesToKg(await figure("generated")),
    recycledKg: parseTonnesToKg(await figure("recycled")),
    resourceRate: (await figure("resource-rate")) ?? "",
  };
}

/** The value next to a term in a page's definition list. */
function definition(page: Page, term: string) {
  return page.locator(".dl__row", { has: page.locator("dt", { hasText: term }) }).locator("dd");
}

function button(page: Page, name: string) {
  return page.getByRole("button", { name, exact: true });
}

describeE2E("the first tonne, in a real browser", () => {
  let world: World;
  let server: RunningServer;
  let session: BrowserSession;

  // Each person's page, kept between the steps below.
  let province: Page;
  let chengdu: Page;
  let mianyang: Page;
  let contractor: Page;
  let recycler: Page;
  const before: Record<"province" | "chengdu" | "mianyang", Figures | undefined> = {
    province: undefined,
    chengdu: undefined,
    mianyang: undefined,
  };
  const tag = Math.random().toString(36).slice(2, 7);
  const projectName = `E2E Tianfu demolition ${tag}`;
  let projectId: number | undefined;
  let listingId: number | undefined;
  let orderId: number | undefined;
  let manifestId: number | undefined;

  beforeAll(async () => {
    world = await makeWorld();
    server = await startServer();
    session = await BrowserSession.launch(server.baseUrl);
  });
  afterAll(async () => {
    await session?.close();
    await server?.stop();
  });
  afterEach(() => session.expectNoErrors());

  it("(a) the departments read their figures for this month", { timeout: 60_000 }, async () => {
    province = await session.newPage();
    await logIn(province, world.people.provinceOfficer.email);
    expect(new URL(province.url()).pathname).toBe("/department");
    await expectOfferedLinksOpen(province);
    await open(province, dashboard);
    await eventually(() => textOf(province.locator("h1"))).toBe(en["department.title"]);
    before.province = await readFigures(province);
    await screenshotBothSizes(province, "department");

    chengdu = await session.newPage();
    await logIn(chengdu, world.people.chengduOfficer.email);
    await open(chengdu, dashboard);
    before.chengdu = await readFigures(chengdu);

    mianyang = await session.newPage();
    await logIn(mianyang, world.people.mianyangOfficer.email);
    await open(mianyang, dashboard);
    before.mianyang = await readFigures(mianyang);
  });

  it("(b) the contractor registers a project and lists its waste", {
    timeout: 60_000,
  }, async () => {
    contractor = await session.newPage();
    await open(contractor, "/");
    await screenshotBothSizes(contractor, "home-visitor");
    await open(contractor, "/login");
    await eventually(() => textOf(contractor.locator("h1"))).toBe(en["login.title"]);
    await screenshotBothSizes(contractor, "login");
    await logIn(contractor, world.people.contractorManager.email);
    await eventually(() => textOf(contractor.locator("h1"))).toBe(en["home.contractorTitle"]);
    await screenshotBothSizes(contractor, "home-contractor");
    await expectOfferedLinksOpen(contractor);

    await open(contractor, "/projects/new");
    await screenshotBothSizes(contractor, "project-new");
    const form = contractor.locator("main form");
    await form.locator('[name="name"]').fill(projectName);
    await form.locator('[name="permitNo"]').fill(`510107202601${tag}01`);
    await form.locator('[name="kind"]').selectOption("demolition");
    await form.locator('[name="divisionCode"]').selectOption("510100");
    await form.locator('[name="address"]').fill("成都市武侯区天府大道北段 1700 号");
    await form.locator('[name="lat"]').fill("30.5702");
    await form.locator('[name="lon"]').fill("104.0647");
    await form.locator('[name="grossFloorAreaM2"]').fill("12500");
    await form.locator('[name="startsOn"]').fill("2026-01-05");
    await button(contractor, en["projects.create"]).click();
    await contractor.waitForURL(/\/projects\/\d+$/);
    projectId = Number(new URL(contractor.url()).pathname.split("/").pop());
    await eventually(() => textOf(contractor.locator("h1"))).toBe(projectName);
    await screenshotBothSizes(contractor, "project");

    await contractor.getByRole("link", { name: en["listings.new"], exact: true }).click();
    await contractor.waitForURL(`**/projects/${projectId}/listings/new`);
    await screenshotBothSizes(contractor, "listing-new");
    const listingForm = contractor.locator("main form");
    await listingForm.locator('[name="wasteClass"]').selectOption("demolition_waste");
    await listingForm.locator('[name="material"]').selectOption("concrete");
    await listingForm.locator('[name="quantityKg"]').fill("120.5");
    await eventually(() => listingForm.locator('[name="availableFrom"]').inputValue()).toBe(
      shanghaiDate(new Date()),
    );
    await listingForm.locator('[name="availableUntil"]').fill("2099-06-30");
    await listingForm.locator('[name="payer"]').selectOption("recycler");
    await listingForm.locator('[name="priceFenPerTonne"]').fill("12.50");
    await listingForm.locator('[name="description"]').fill("Clean C30 slabs, crushed on site.");
    await button(contractor, en["listings.publish"]).click();
    await contractor.waitForURL(/\/listings\/\d+$/);
    listingId = Number(new URL(contractor.url()).pathname.split("/").pop());
    await eventually(() => textOf(contractor.locator(".page-header .badge"))).toBe(
      en["status.open"],
    );
    await eventually(() => textOf(definition(contractor, en["field.quantity"]))).toBe("120.5 t");
    await eventually(() => textOf(definition(contractor, en["field.price"]))).toBe(
      `¥12.50/t · ${en["payer.recycler"]}`,
    );
    await screenshotBothSizes(contractor, "listing-owner");
  });

  it("(c) the recycler finds the listing in the market and claims it", {
    timeout: 60_000,
  }, async () => {
    expect(listingId).toBeDefined();
    recycler = await session.newPage();
    await logIn(recycler, world.people.recyclerManager.email);
    await expectOfferedLinksOpen(recycler);
    await open(recycler, "/market");
    await eventually(() => textOf(recycler.locator("h1"))).toBe(en["market.title"]);
    await screenshotBothSizes(recycler, "market");

    const card = recycler.locator(".card--link a", { hasText: projectName });
    await eventually(() => card.count()).toBe(1);
    await eventually(() => textOf(card)).toContain("120.5 t");
    await card.click();
    await recycler.waitForURL(`**/listings/${listingId}`);
    await eventually(() =>
      recycler.getByRole("heading", { name: en["claim.title"] }).isVisible(),
    ).toBe(true);
    await screenshotBothSizes(recycler, "listing");

    const claim = recycler.locator("form", { has: recycler.locator('[name="quantityKg"]') });
    await claim.locator('[name="facilityId"]').selectOption(String(world.plant.id));
    await claim.locator('[name="quantityKg"]').fill("60");
    await claim.locator('[name="note"]').fill("Two trucks a day from Monday.");
    await button(recycler, en["claim.submit"]).click();
    await recycler.waitForURL(/\/orders\/\d+$/);
    orderId = Number(new URL(recycler.url()).pathname.split("/").pop());
    await eventually(() => textOf(recycler.locator(".page-header .badge"))).toBe(
      en["status.requested"],
    );
    await eventually(() => textOf(definition(recycler, en["field.quantity"]))).toBe("60 t");
    await eventually(() => textOf(definition(recycler, en["field.facility"]))).toBe(
      world.plant.name,
    );
    await screenshotBothSizes(recycler, "order-requested");
  });

  it("(d) the contractor accepts and dispatches a truck from a phone", {
    timeout: 60_000,
  }, async () => {
    expect(orderId).toBeDefined();
    await open(contractor, `/orders/${orderId}`);
    await button(contractor, en["order.accept"]).click();
    await eventually(() => textOf(contractor.locator(".page-header .badge"))).toBe(
      en["status.accepted"],
    );

    const onPhone = await session.samePersonOn(contractor, phone);
    await open(onPhone, `/orders/${orderId}`);
    await eventually(() =>
      onPhone.getByRole("heading", { name: en["dispatch.title"] }).isVisible(),
    ).toBe(true);
    await screenshotBothSizes(onPhone, "order");
    const dispatch = onPhone.locator("form", { has: onPhone.locator('[name="vehiclePlate"]') });
    await dispatch.locator('[name="vehiclePlate"]').fill("川A12345");
    await dispatch.locator('[name="driverName"]').fill("张伟");
    await dispatch.locator('[name="hauler"]').fill("成都渣土运输有限公司");
    await dispatch.locator('[name="estimatedKg"]').fill("30");
    await button(onPhone, en["dispatch.submit"]).tap();
    await onPhone.waitForURL(/\/manifests\/\d+$/);
    manifestId = Number(new URL(onPhone.url()).pathname.split("/").pop());
    await eventually(() => textOf(onPhone.locator(".page-header .badge"))).toBe(
      en["status.dispatched"],
    );
    await eventually(() => textOf(definition(onPhone, en["field.vehiclePlate"]))).toBe("川A12345");
    await eventually(() => textOf(definition(onPhone, en["field.estimated"]))).toBe("30 t");
    await eventually(() => onPhone.getByText(en["manifest.awaitingReceipt"]).isVisible()).toBe(
      true,
    );
    await screenshotBothSizes(onPhone, "manifest-dispatched");
  });

  it("(e) the weighbridge clerk weighs the truck in on a phone", { timeout: 60_000 }, async () => {
    expect(manifestId).toBeDefined();
    const clerk = await session.newPage(phone);
    await logIn(clerk, world.people.clerk.email);
    await screenshotBothSizes(clerk, "home-clerk");
    await expectOfferedLinksOpen(clerk);
    await open(clerk, `/manifests/${manifestId}`);
    await eventually(() =>
      clerk.getByRole("heading", { name: en["receipt.title"] }).isVisible(),
    ).toBe(true);
    await screenshotBothSizes(clerk, "manifest");

    const receipt = clerk.locator("form", { has: clerk.locator('[name="grossKg"]') });
    await receipt.locator('[name="weighbridgeTicket"]').fill(`WB-${tag}-0001`);
    await receipt.locator('[name="grossKg"]').fill("45200");
    await receipt.locator('[name="tareKg"]').fill("15000");
    await receipt.locator('[name="decision"]').selectOption("accept");
    await button(clerk, en["receipt.submit"]).tap();
    await eventually(() => textOf(clerk.locator(".page-header .badge"))).toBe(
      en["status.received"],
    );
    await eventually(() => textOf(definition(clerk, en["field.net"]))).toBe("30.2 t");
    await eventually(() => textOf(definition(clerk, en["field.grossKg"]))).toBe("45,200 kg");
    await eventually(() => textOf(definition(clerk, en["field.tareKg"]))).toBe("15,000 kg");
    await screenshotBothSizes(clerk, "manifest-received");
  });

  it("(f) the figures moved by exactly the net weight, where they should", {
    timeout: 60_000,
  }, async () => {
    expect(manifestId).toBeDefined();
    for (const page of [province, chengdu, mianyang]) await page.reload();
    const after = {
      province: await readFigures(province),
      chengdu: await readFigures(chengdu),
      mianyang: await readFigures(mianyang),
    };
    expect(after.province.generatedKg - (before.province?.generatedKg ?? Number.NaN)).toBe(NET_KG);
    expect(after.province.recycledKg - (before.province?.recycledKg ?? Number.NaN)).toBe(NET_KG);
    expect(after.province.resourceRate).toMatch(/^\d+\.\d%$/);
    expect(after.chengdu.generatedKg - (before.chengdu?.generatedKg ?? Number.NaN)).toBe(NET_KG);
    expect(after.chengdu.recycledKg - (before.chengdu?.recycledKg ?? Number.NaN)).toBe(NET_KG);
    expect(after.mianyang).toEqual(before.mianyang);
    await screenshotBothSizes(province, "department-after");
    await screenshotBothSizes(chengdu, "department-chengdu");
  });
});
