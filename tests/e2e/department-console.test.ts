/**
 * The department console in a real browser: the province officer reads the dashboard, publishes
 * last month, and raises a rectification item from an alert in one step; the recycler answers it
 * with an evidence file; the officer verifies and closes it (销号). A Chengdu officer sees the item
 * (it is in Chengdu), a Mianyang officer neither sees nor opens it.
 */
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { db, writeTransaction } from "#db/client";
import { insertFacility, insertListing, insertOrder } from "#seed/factories";
import { rebuildMonthly } from "#seed/monthly";
import { addMonths, shanghaiDate, shanghaiDayStart, shanghaiMonth } from "~/domain/clock";
import { en } from "~/i18n/messages";
import { translate } from "~/i18n/translate";
import { type RunningServer, startServer } from "../support/server";
import { insertTrip, makeWorld, type World, weighedIn } from "../support/world";
import {
  BrowserSession,
  describeE2E,
  eventually,
  expectOfferedLinksOpen,
  logIn,
  open,
  screenshotBothSizes,
  textOf,
} from "./browser";

const lastMonth = addMonths(shanghaiMonth(new Date()), -1);
const PDF = Buffer.from("%PDF-1.4\n% wash-down bay photos\n%%EOF\n");

function button(page: Page, name: string) {
  return page.getByRole("button", { name, exact: true });
}

/** Last month's history for Chengdu: a 36 t load of demolition waste received at the plant. */
function lastMonthTrip(world: World) {
  const at = new Date(shanghaiDayStart(`${lastMonth}-12`).getTime() + 9 * 3_600_000);
  const listing = insertListing(db, {
    projectId: world.project.id,
    orgId: world.orgs.contractorA.id,
    divisionCode: "510100",
    quantityKg: 36_000,
    status: "closed",
  });
  const order = insertOrder(db, {
    listingId: listing.id,
    recyclerOrgId: world.orgs.recyclerR.id,
    facilityId: world.plant.id,
    quantityKg: 36_000,
    receivedKg: 36_000,
    status: "completed",
  });
  insertTrip(world, {
    manifestNo: `E2E-DEPT-${Date.now()}`,
    orderId: order.id,
    listingId: listing.id,
    vehiclePlate: "川A52013",
    driverName: "王强",
    hauler: "成都渣土运输有限公司",
    estimatedKg: 36_000,
    dispatchedAt: new Date(at.getTime() - 3_600_000),
    ...weighedIn(at, 36_000, "E2E-WB-1"),
  });
  writeTransaction((tx) => rebuildMonthly(tx));
}

describeE2E("the department console, in a real browser", () => {
  let world: World;
  let server: RunningServer;
  let session: BrowserSession;
  let province: Page;
  let recycler: Page;
  let itemId: number | undefined;
  const facilityName = `Jintang plant ${Math.random().toString(36).slice(2, 7)}`;

  beforeAll(async () => {
    world = await makeWorld();
    lastMonthTrip(world);
    // Its disposal approval runs out in ten days: an alert for Chengdu and the province.
    insertFacility(db, {
      orgId: world.orgs.recyclerR.id,
      name: facilityName,
      approvalExpiresOn: shanghaiDate(new Date(Date.now() + 10 * 86_400_000)),
    });
    server = await startServer();
    session = await BrowserSession.launch(server.baseUrl);
  });
  afterAll(async () => {
    await session?.close();
    await server?.stop();
  });
  afterEach(() => session.expectNoErrors());

  it("(a) the province officer publishes last month from the dashboard", {
    timeout: 60_000,
  }, async () => {
    province = await session.newPage();
    await logIn(province, world.people.provinceOfficer.email);
    await open(province, "/department");
    await eventually(() => textOf(province.getByTestId("definitions-in-use"))).toContain(
      "version 1 (from 2000-01)",
    );
    await expectOfferedLinksOpen(province);

    await province.getByRole("link", { name: en["governance.publishLink"], exact: true }).click();
    await province.waitForURL("**/department/publish");
    await eventually(() => textOf(province.getByTestId("publication-state"))).toBe(
      en["publish.notPublished"],
    );
    await button(province, translate("en", "publish.publish", { month: lastMonth })).click();
    await eventually(() => textOf(province.getByTestId("publication-state"))).toBe(
      translate("en", "governance.publishedVersion", { version: 1 }),
    );
    await eventually(() =>
      textOf(province.locator('[data-figure-row="generatedKg"] td.num')),
    ).toMatch(/\d t$/);
    await screenshotBothSizes(province, "department-publish");

    // The dashboard now names last month as published, with nothing pending.
    await open(province, `/department?from=${lastMonth}&to=${lastMonth}`);
    await eventually(() => province.locator(`[data-published-month="${lastMonth}"]`).count()).toBe(
      1,
    );
    expect(await province.locator("[data-pending-restatement]").count()).toBe(0);
  });

  it("(b) raises a rectification item from an alert in one step", { timeout: 60_000 }, async () => {
    await open(province, "/alerts?view=approvals");
    await screenshotBothSizes(province, "department-alerts");
    const card = province.locator(".alert-card", { hasText: facilityName });
    await eventually(() => card.count()).toBe(1);
    await card.getByRole("link", { name: en["alerts.raise"], exact: true }).click();
    await province.waitForURL(/\/department\/rectification\/new\?/);
    await eventually(() => textOf(province.getByTestId("raise-target"))).toContain(
      world.orgs.recyclerR.name,
    );
    const form = province.locator("main form");
    expect(await form.locator('[name="category"]').inputValue()).toBe("approval_expiry");
    expect(await form.locator('[name="problem"]').inputValue()).toContain(facilityName);
    await form.locator('[name="responsiblePerson"]').fill("李娜（厂长）");
    await screenshotBothSizes(province, "rectification-new");
    await button(province, en["rectification.raiseSubmit"]).click();
    await province.waitForURL(/\/department\/rectification\/\d+$/);
    itemId = Number(new URL(province.url()).pathname.split("/").pop());
    await eventually(() => textOf(province.locator("[data-status]").first())).toBe(
      en["rectification.status.open"],
    );
    await screenshotBothSizes(province, "rectification-item");
  });

  it("(c) the recycler answers with an evidence file", { timeout: 60_000 }, async () => {
    expect(itemId).toBeDefined();
    recycler = await session.newPage();
    await logIn(recycler, world.people.recyclerManager.email);
    await expectOfferedLinksOpen(recycler);
    await recycler.getByRole("link", { name: en["nav.rectification"], exact: true }).click();
    await recycler.waitForURL("**/rectification");
    await eventually(() => textOf(recycler.getByTestId("rectification-waiting"))).toContain(
      translate("en", "rectification.waiting", { count: 1 }),
    );
    await screenshotBothSizes(recycler, "rectification-mine");
    await recycler.locator(`[data-item="${itemId}"] h2 a`).click();
    await recycler.waitForURL(`**/rectification/${itemId}`);
    const form = recycler.locator("main form");
    await form.locator('[name="text"]').fill("已向住建局提交延续申请，受理通知书附后。");
    await form
      .locator('[name="evidence"]')
      .setInputFiles({ name: "受理通知书.pdf", mimeType: "application/pdf", buffer: PDF });
    await button(recycler, en["rectification.respondSubmit"]).click();
    await eventually(() => textOf(recycler.locator("[data-status]").first())).toBe(
      en["rectification.status.responded"],
    );
    await eventually(() => recycler.locator('[data-event="responded"]').count()).toBe(1);
    const evidence = recycler.getByRole("link", { name: en["rectification.evidencePdf"] });
    const href = (await evidence.getAttribute("href")) ?? "";
    const file = await recycler.request.get(href);
    expect(file.status()).toBe(200);
    expect(file.headers()["content-type"]).toBe("application/pdf");
  });

  it("(d) the officer verifies and closes it (销号)", { timeout: 60_000 }, async () => {
    await open(province, `/department/rectification/${itemId}`);
    await province.locator('main form [name="note"]').fill("受理通知书有效，核准延续办理中。");
    await button(province, en["rectification.close"]).click();
    await eventually(() => textOf(province.locator("[data-status]").first())).toBe(
      en["rectification.status.closed"],
    );
    await eventually(() => province.locator('[data-event="closed"]').count()).toBe(1);
    expect(await province.locator('[name="decision"]').count()).toBe(0);

    await open(province, "/department/rectification?status=closed");
    await eventually(() => province.locator(`[data-item="${itemId}"]`).count()).toBe(1);
    await screenshotBothSizes(province, "rectification-register");
    await open(province, `/department/report?month=${lastMonth}`);
    await eventually(() => textOf(province.getByTestId("report-state"))).toContain(
      "published figures, version 1",
    );
    await screenshotBothSizes(province, "department-report");
  });

  it("(e) a city officer sees only its own division's items", { timeout: 60_000 }, async () => {
    const chengdu = await session.newPage();
    await logIn(chengdu, world.people.chengduOfficer.email);
    await open(chengdu, "/department/rectification");
    await eventually(() => chengdu.locator(`[data-item="${itemId}"]`).count()).toBe(1);

    const mianyang = await session.newPage();
    await logIn(mianyang, world.people.mianyangOfficer.email);
    await open(mianyang, "/department/rectification");
    await eventually(() => textOf(mianyang.locator(".empty__title"))).toBe(
      en["rectification.empty"],
    );
    expect(await mianyang.locator(`[data-item="${itemId}"]`).count()).toBe(0);
    expect((await mianyang.request.get(`/department/rectification/${itemId}`)).status()).toBe(404);
    await open(mianyang, "/alerts?view=approvals");
    expect(await mianyang.locator(".alert-card", { hasText: facilityName }).count()).toBe(0);
    await expectOfferedLinksOpen(mianyang);
  });
});
