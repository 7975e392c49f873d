/**
 * The department console's governance: versioned definitions with effective months (and the alert
 * thresholds they carry), published months frozen as snapshots with restatements as new versions,
 * the derived alerts and the rectification register (states, who may act, overdue by the clock),
 * and the CSV / XLSX exports — through the services and over HTTP against the real server.
 */
import { existsSync } from "node:fs";
import { and, count, eq, notLike } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db, writeTransaction } from "#db/client";
import {
  auditEvents,
  definitionVersions,
  deliveries,
  emailOutbox,
  manifests,
  notifications,
  productOrders,
  publishedMonths,
  rectificationEvents,
  rectificationItems,
  recycledProducts,
} from "#db/schema";
import {
  insertFacility,
  insertListing,
  insertManifest,
  insertOrder,
  insertProject,
} from "#seed/factories";
import { rebuildMonthly } from "#seed/monthly";
import type { Actor } from "~/domain/access/actor";
import { raiseDueAlerts } from "~/domain/alerts/alerts.server";
import { addMonths, shanghaiDate, shanghaiDayStart, shanghaiMonth } from "~/domain/clock";
import { approvalAlerts, listingAlerts, usageAlerts } from "~/domain/department/alerts.server";
import {
  currentFigures,
  dashboardGovernance,
  publicationOf,
  publicationOverview,
  publishMonth,
} from "~/domain/department/publication.server";
import {
  getItem,
  listItems,
  raiseItem,
  respondToItem,
  verifyItem,
} from "~/domain/department/rectification.server";
import { RaiseInput, RectificationQuery, VerifyInput } from "~/domain/department/schemas";
import { dispatchManifest, receiveManifest } from "~/domain/manifests/manifests.server";
import {
  createDefinitions,
  definitionsFor,
  definitionsInForce,
} from "~/domain/metrics/definitions.server";
import { DefinitionsInput } from "~/domain/metrics/schemas";
import { notificationHref, publicUrl } from "~/domain/notifications/notifications.server";
import { acceptOrder, claimListing } from "~/domain/orders/orders.server";
import { PROVINCE_CODE } from "~/domain/reference/divisions";
import { areaFigures } from "~/domain/stats/dashboard.server";
import { utilization } from "~/domain/stats/utilization.server";
import { uploadPath } from "~/domain/uploads.server";
import { projectUsage, reportMaterialUse } from "~/domain/usage/usage.server";
import { expectDomainError } from "../support/domain-errors";
import { Client } from "../support/http";
import { type RunningServer, startServer } from "../support/server";
import { makeWorld, TEST_PASSWORD, type World } from "../support/world";

const DAY = 86_400_000;
const thisMonth = shanghaiMonth(new Date());
const lastMonth = addMonths(thisMonth, -1);
const nextMonth = addMonths(thisMonth, 1);
const PDF = new TextEncoder().encode("%PDF-1.4\n% rectification evidence\n%%EOF\n");

let server: RunningServer;
let world: World;

beforeAll(async () => {
  server = await startServer();
  world = await makeWorld();
});
afterAll(() => server?.stop());
afterEach(() => {
  delete process.env.CLOCK_OFFSET_MS;
});

const officer = {
  province: () => world.people.provinceOfficer.actor(),
  chengdu: () => world.people.chengduOfficer.actor(),
  mianyang: () => world.people.mianyangOfficer.actor(),
};

const auditActions = (type: string, id: number | string) =>
  db
    .select({ action: auditEvents.action, data: auditEvents.data })
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, type), eq(auditEvents.entityId, String(id))))
    .all();
const notificationsTo = (orgId: number, kind: string) =>
  db
    .select()
    .from(notifications)
    .where(and(eq(notifications.orgId, orgId), eq(notifications.kind, kind)))
    .all();
const governanceTables = () => ({
  definitions: db.select().from(definitionVersions).all(),
  published: db.select().from(publishedMonths).all(),
  items: db.select().from(rectificationItems).all(),
  events: db.select().from(rectificationEvents).all(),
  // Signing in is audited too; what matters here is that nothing else was.
  audit: db
    .select({ n: count() })
    .from(auditEvents)
    .where(notLike(auditEvents.action, "user.%"))
    .get(),
});

/** The figures a published month held before the operational ones were frozen with it. */
const tonnageKeys: string[] = [
  "generatedKg",
  "recycledKg",
  "backfilledKg",
  "landfilledKg",
  "transferredKg",
  "offPlatformKg",
  "manifests",
  "resourceRateBp",
  "comprehensiveRateBp",
];

const allClasses = [
  "engineering_muck",
  "engineering_mud",
  "construction_waste",
  "demolition_waste",
  "renovation_waste",
];

/** A form's fields as posted by a browser: every value a string. */
const definitionsForm = (overrides: Record<string, string | string[]> = {}) => ({
  effectiveFrom: addMonths(thisMonth, 6),
  resourceClasses: ["construction_waste", "demolition_waste", "renovation_waste"],
  comprehensiveClasses: [
    "engineering_muck",
    "construction_waste",
    "demolition_waste",
    "renovation_waste",
  ],
  resourceTargetPct: "55",
  comprehensiveTargetPct: "60",
  usageTargetPct: "10",
  unclosedManifestHours: "8",
  weightDiscrepancyPct: "15",
  note: "省级统一口径：工程渣土、工程泥浆单独统计",
  ...overrides,
});
const definitionsInput = (overrides: Record<string, string | string[]> = {}) => {
  const form = definitionsForm(overrides);
  return DefinitionsInput.parse(
    Object.fromEntries(
      Object.entries(form).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : v]),
    ),
  );
};

let serial = 0;
/**
 * A trip received at `at`, written as history (a receipt of the past cannot be made through the
 * service, whose clock is now), then the monthly figures rebuilt from the records as the seed does.
 * `inTransit` leaves it dispatched at `at` and not yet received.
 */
function receivedTrip(values: {
  at: Date;
  netKg: number;
  wasteClass?: string;
  facility?: World["plant"];
  project?: World["project"];
  inTransit?: boolean;
}) {
  const facility = values.facility ?? world.plant;
  const project = values.project ?? world.project;
  const listing = insertListing(db, {
    projectId: project.id,
    orgId: project.orgId,
    divisionCode: project.divisionCode,
    wasteClass: values.wasteClass ?? "demolition_waste",
    quantityKg: values.netKg,
    status: "closed",
  });
  const order = insertOrder(db, {
    listingId: listing.id,
    recyclerOrgId: facility.orgId,
    facilityId: facility.id,
    quantityKg: values.netKg,
    receivedKg: values.inTransit ? 0 : values.netKg,
    status: values.inTransit ? "in_progress" : "completed",
  });
  serial++;
  const manifest = insertManifest(db, {
    manifestNo: `DG${Date.now()}${serial}`,
    orderId: order.id,
    listingId: listing.id,
    projectId: project.id,
    producerOrgId: project.orgId,
    divisionCode: project.divisionCode,
    facilityId: facility.id,
    facilityType: facility.type,
    recyclerOrgId: facility.orgId,
    wasteClass: values.wasteClass ?? "demolition_waste",
    vehiclePlate: `川A${String(10_000 + serial)}`,
    driverName: "张伟",
    hauler: "成都渣土运输有限公司",
    estimatedKg: values.netKg,
    dispatchedAt: new Date(values.at.getTime() - 2 * 3_600_000),
    ...(values.inTransit
      ? { status: "dispatched" as const }
      : {
          status: "received" as const,
          weighbridgeTicket: `DG-${serial}`,
          grossKg: values.netKg + 15_000,
          tareKg: 15_000,
          netKg: values.netKg,
          receivedAt: values.at,
        }),
  });
  writeTransaction((tx) => rebuildMonthly(tx));
  return manifest;
}

/** A correction to a received trip's weights, and the monthly figures brought up to date. */
function correctNetWeight(manifestId: number, netKg: number) {
  db.update(manifests)
    .set({ grossKg: netKg + 15_000, tareKg: 15_000, netKg })
    .where(eq(manifests.id, manifestId))
    .run();
  writeTransaction((tx) => rebuildMonthly(tx));
}

const inMonth = (month: string, day = 15) =>
  new Date(shanghaiDayStart(`${month}-${String(day).padStart(2, "0")}`).getTime() + 10 * 3_600_000);

/** A download as the bytes the server sent: `Response.text()` would silently drop a BOM. */
async function download(email: string, path: string, language = "zh-CN") {
  const login = await fetch(`${server.baseUrl}/login`, {
    method: "POST",
    body: new URLSearchParams({ email, password: TEST_PASSWORD }),
    redirect: "manual",
  });
  const cookie = login.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
  const response = await fetch(`${server.baseUrl}${path}`, {
    headers: { Cookie: cookie, "Accept-Language": language },
    redirect: "manual",
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  return { status: response.status, headers: response.headers, bytes, text };
}

async function readXlsx(bytes: Uint8Array) {
  const workbook = new ExcelJS.Workbook();
  // ExcelJS's own Buffer type: Node's Buffer over the downloaded bytes.
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error("no worksheet");
  const rows: ExcelJS.CellValue[][] = [];
  sheet.eachRow((row) => {
    rows.push((row.values as ExcelJS.CellValue[]).slice(1));
  });
  return { name: sheet.name, rows };
}

describe("definitions as versioned data", () => {
  it("apply from their effective month on; earlier months keep the version they had", async () => {
    const original = await definitionsFor(thisMonth);
    expect(original.effectiveFrom).toBe("2000-01");
    expect((await definitionsInForce()).id).toBe(original.id);

    const version = await createDefinitions(officer.province(), definitionsInput());
    const from = addMonths(thisMonth, 6);
    expect(version).toMatchObject({ effectiveFrom: from, weightDiscrepancyPct: 15 });
    expect((await definitionsFor(addMonths(from, -1))).id).toBe(original.id);
    expect((await definitionsFor(from)).id).toBe(version.id);
    expect((await definitionsFor(addMonths(from, 30))).id).toBe(version.id);
    expect((await definitionsFor("1999-12")).id).toBe(original.id);
    expect((await definitionsInForce()).id).toBe(original.id);
    expect(auditActions("definition_version", version.id).map((a) => a.action)).toEqual([
      "definitions.created",
    ]);
    // Every other department hears of it; the province made it.
    for (const org of [world.orgs.chengdu, world.orgs.mianyang])
      expect(notificationsTo(org.id, "definitions_changed")).toHaveLength(1);
    expect(notificationsTo(world.orgs.province.id, "definitions_changed")).toHaveLength(0);
  });

  it("are changed by province officers only, one version per month, and never edited", async () => {
    const before = governanceTables();
    await expectDomainError(
      async () =>
        await createDefinitions(
          officer.chengdu(),
          definitionsInput({ effectiveFrom: addMonths(thisMonth, 7) }),
        ),
      403,
      "definitions.provinceOnly",
    );
    await expectDomainError(
      async () =>
        await createDefinitions(world.people.contractorManager.actor(), definitionsInput()),
      403,
    );
    const taken = await expectDomainError(
      async () => await createDefinitions(officer.province(), definitionsInput()),
      422,
    );
    expect(taken.fieldErrors).toEqual({ effectiveFrom: "definitions.monthTaken" });
    expect(governanceTables()).toEqual(before);

    // Over HTTP: the form's own errors, nothing written; a city officer is refused.
    const province = await new Client(server.baseUrl).logIn(world.people.provinceOfficer.email);
    const bad = await province.post(
      "/department/definitions",
      definitionsForm({ effectiveFrom: "2026-13", resourceClasses: [], weightDiscrepancyPct: "0" }),
      { "Accept-Language": "en" },
    );
    expect(bad.status).toBe(400);
    expect(bad.body).toContain("Enter a month as YYYY-MM.");
    expect(bad.body).toContain("Choose at least one.");
    const city = await new Client(server.baseUrl).logIn(world.people.chengduOfficer.email);
    const refused = await city.post(
      "/department/definitions",
      definitionsForm({ effectiveFrom: addMonths(thisMonth, 8) }),
    );
    expect(refused.status).toBe(403);
    expect(governanceTables()).toEqual(before);
    const page = await city.get("/department/definitions", { "Accept-Language": "en" });
    expect(page.status).toBe(200);
    expect(page.body).toContain("In force");
    expect(page.body).not.toContain('name="effectiveFrom"');

    const created = await province.post(
      "/department/definitions",
      definitionsForm({ effectiveFrom: addMonths(thisMonth, 9) }),
    );
    expect(created.status).toBe(302);
    expect((await definitionsFor(addMonths(thisMonth, 9))).effectiveFrom).toBe(
      addMonths(thisMonth, 9),
    );
  });

  it("carry the alert thresholds: the version in force decides", async () => {
    await createDefinitions(
      officer.province(),
      definitionsInput({
        effectiveFrom: thisMonth,
        resourceClasses: allClasses,
        comprehensiveClasses: allClasses,
        weightDiscrepancyPct: "10",
        unclosedManifestHours: "2",
      }),
    );
    expect((await definitionsInForce()).weightDiscrepancyPct).toBe(10);
    const order = await claimListing(world.people.recyclerManager.actor(), world.listing.id, {
      facilityId: world.plant.id,
      quantityKg: 10_000,
      note: "",
    });
    await acceptOrder(world.people.contractorManager.actor(), order.id);
    const dispatch = async () =>
      await dispatchManifest(world.people.siteAgent.actor(), order.id, {
        vehiclePlate: `川A${String(20_000 + serial++)}`,
        driverName: "张伟",
        hauler: "成都渣土运输有限公司",
        estimatedKg: 30_000,
      });
    const weighed = await dispatch();
    // 12 % off the estimate: over the new 10 %, under the old 20 %.
    const received = await receiveManifest(world.people.clerk.actor(), weighed.id, {
      weighbridgeTicket: `TH-${serial}`,
      grossKg: 48_600,
      tareKg: 15_000,
      decision: "accept",
      rejectReason: "",
    });
    const alertsOf = (manifestId: number) =>
      db
        .select()
        .from(notifications)
        .where(eq(notifications.entityId, String(manifestId)))
        .all()
        .filter((n) => n.kind.startsWith("alert_"));
    expect(alertsOf(received.id).map((n) => n.params)).toContainEqual(
      expect.objectContaining({ threshold: 10 }),
    );
    const late = await dispatch();
    process.env.CLOCK_OFFSET_MS = String(2 * 3_600_000 + 60_000);
    await raiseDueAlerts();
    expect(alertsOf(late.id).map((n) => n.kind)).toContain("alert_unclosed_manifest");
  });
});

describe("published months", () => {
  let trip: { id: number };

  it("publishes a closed month as a frozen snapshot with its definitions version", async () => {
    const chengdu = officer.chengdu();
    expect(await publicationOf(chengdu, lastMonth)).toMatchObject({
      versions: [],
      closed: true,
      canPublish: true,
      pendingRestatement: false,
    });
    trip = receivedTrip({ at: inMonth(lastMonth), netKg: 30_000 });
    receivedTrip({
      at: inMonth(lastMonth, 20),
      netKg: 10_000,
      wasteClass: "engineering_muck",
      facility: world.backfill,
    });
    const live = (await utilization(chengdu, { from: lastMonth, to: lastMonth })).total;
    expect(live.generatedKg).toBeGreaterThanOrEqual(40_000);

    const published = await publishMonth(chengdu, { month: lastMonth, explanation: "" });
    expect(published).toMatchObject({
      jurisdiction: "510100",
      month: lastMonth,
      version: 1,
      definitionVersionId: (await definitionsFor(lastMonth)).id,
    });
    expect(published.figures.total).toMatchObject({
      generatedKg: live.generatedKg,
      recycledKg: live.recycledKg,
      backfilledKg: live.backfilledKg,
      resourceRateBp: live.resource.rateBp,
      comprehensiveRateBp: live.comprehensive.rateBp,
    });
    expect(published.figures.byClass.engineering_muck?.backfilledKg).toBeGreaterThanOrEqual(10_000);
    expect(auditActions("published_month", published.id).map((a) => a.action)).toEqual([
      "month.published",
    ]);

    // Nothing changed since: nothing to publish again.
    await expectDomainError(
      async () => await publishMonth(chengdu, { month: lastMonth, explanation: "再次发布" }),
      409,
      "publish.noDifference",
    );
    // The current month is not over; a later one even less.
    for (const month of [thisMonth, nextMonth]) {
      const error = await expectDomainError(
        async () => await publishMonth(chengdu, { month, explanation: "" }),
        422,
      );
      expect(error.fieldErrors).toEqual({ month: "publish.onlyClosedMonths" });
    }
    // Departments without the permission, or not departments at all, cannot publish.
    await expectDomainError(
      async () =>
        await publishMonth(world.people.contractorManager.actor(), {
          month: lastMonth,
          explanation: "",
        }),
      403,
    );
    // Each jurisdiction publishes its own: Mianyang's month is untouched by Chengdu's.
    expect((await publicationOf(officer.mianyang(), lastMonth)).versions).toEqual([]);
    expect(db.select().from(publishedMonths).all()).toHaveLength(1);
  });

  it("never changes a published figure: a correction shows as a pending restatement", async () => {
    const chengdu = officer.chengdu();
    const stored = db.select().from(publishedMonths).all();
    const before = await publicationOf(chengdu, lastMonth);
    const recycledBefore = before.current.total.recycledKg;

    correctNetWeight(trip.id, 28_000);

    // The stored snapshot is untouched, and the page still reads it.
    expect(db.select().from(publishedMonths).all()).toEqual(stored);
    const after = await publicationOf(chengdu, lastMonth);
    expect(after.latest?.figures.total.recycledKg).toBe(recycledBefore);
    expect(after.current.total.recycledKg).toBe(recycledBefore - 2_000);
    expect(after.pendingRestatement).toBe(true);
    expect(after.canPublish).toBe(true);
    expect(after.differences).toContainEqual({
      scope: "total",
      figure: "recycledKg",
      published: recycledBefore,
      current: recycledBefore - 2_000,
    });
    expect(after.differences).toContainEqual(
      expect.objectContaining({ scope: "class:demolition_waste", figure: "generatedKg" }),
    );
    // The dashboard says so for the month.
    const governance = await dashboardGovernance(chengdu, { from: lastMonth, to: lastMonth });
    expect(governance.published).toEqual([
      expect.objectContaining({ month: lastMonth, version: 1, pendingRestatement: true }),
    ]);

    // Over HTTP: the page shows the difference; the dashboard marks the month.
    const city = await new Client(server.baseUrl).logIn(world.people.chengduOfficer.email);
    const page = await city.get(`/department/publish?month=${lastMonth}`, {
      "Accept-Language": "en",
    });
    expect(page.status).toBe(200);
    expect(page.body).toContain("Pending restatement.");
    expect(page.body).toContain('data-difference="total:recycledKg"');
    expect(page.body).toContain("−2 t");
    const dashboard = await city.get(`/department?from=${lastMonth}&to=${lastMonth}`, {
      "Accept-Language": "en",
    });
    expect(dashboard.body).toContain(`data-pending-restatement="${lastMonth}"`);
    expect(dashboard.body).toContain("Published v1");
  });

  it("publishes a restatement as version 2, only with an explanation", async () => {
    const city = await new Client(server.baseUrl).logIn(world.people.chengduOfficer.email);
    const before = governanceTables();
    const missing = await city.post(
      `/department/publish?month=${lastMonth}`,
      { month: lastMonth, explanation: "  " },
      { "Accept-Language": "en" },
    );
    expect(missing.status).toBe(422);
    expect(missing.body).toContain("Explain what changed and why before publishing a restatement.");
    expect(governanceTables()).toEqual(before);

    const restated = await city.post(`/department/publish?month=${lastMonth}`, {
      month: lastMonth,
      explanation: "地磅数据更正：第 1 车净重由 30 t 更正为 28 t",
    });
    expect(restated.status).toBe(302);
    const versions = db
      .select()
      .from(publishedMonths)
      .where(eq(publishedMonths.jurisdiction, "510100"))
      .all();
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions[0]).toEqual(before.published[0]);
    expect(versions[1]?.explanation).toContain("28 t");
    const restatement = auditActions("published_month", versions[1]?.id ?? 0);
    expect(restatement.map((a) => a.action)).toEqual(["month.restated"]);
    expect(restatement[0]?.data).toMatchObject({ version: 2, differences: expect.any(Array) });

    const now = await publicationOf(officer.chengdu(), lastMonth);
    expect(now).toMatchObject({ pendingRestatement: false, canPublish: false });
    expect(now.versions.map((v) => v.version)).toEqual([2, 1]);
    const page = await city.get(`/department/publish?month=${lastMonth}`, {
      "Accept-Language": "en",
    });
    expect(page.body).toContain("Published v2");
    expect(page.body).toContain("The current figures match the published version.");
  });

  it("publishes the province's own snapshot, with every division in it", async () => {
    const province = await publishMonth(officer.province(), { month: lastMonth, explanation: "" });
    expect(province).toMatchObject({ jurisdiction: "510000", version: 1 });
    expect(Object.keys(province.figures.byDivision)).toContain("510100");
    // A city's snapshot has no division table of its own, and Chengdu's is still version 2.
    expect((await publicationOf(officer.chengdu(), lastMonth)).latest?.version).toBe(2);
  });
});

describe("published months: the dashboard's operational figures", () => {
  const month = addMonths(thisMonth, -3);
  const period = { from: month, to: month };
  let inTransit: { id: number };
  let school: { id: number };
  const published = (jurisdiction: string) =>
    db
      .select()
      .from(publishedMonths)
      .where(and(eq(publishedMonths.jurisdiction, jurisdiction), eq(publishedMonths.month, month)))
      .all();
  const toldOf = (orgId: number) =>
    notificationsTo(orgId, "month_published").filter((n) => n.params.month === month);

  it("freezes closure, deliveries, CO₂ and the usage rule exactly as the dashboard shows them", async () => {
    receivedTrip({ at: inMonth(month), netKg: 20_000 });
    inTransit = receivedTrip({ at: inMonth(month, 28), netKg: 25_000, inTransit: true });
    school = insertProject(db, {
      orgId: world.orgs.contractorA.id,
      name: `Government hospital ${serial}`,
      governmentInvested: true,
    });
    await reportMaterialUse(world.people.contractorManager.actor(), {
      projectId: school.id,
      materialClass: "aggregate",
      month,
      totalKg: 100_000,
      offPlatformRecycledKg: 0,
      note: "",
    });
    const live = await areaFigures("510100", period);
    expect(live.total.closure).toMatchObject({ dispatched: 2, closed: 1, rateBp: 5_000 });
    expect(live.compliance).toMatchObject({ judged: 1, complying: 0 });
    expect(live.total.haulGrams).toBeGreaterThan(0);

    const chengdu = await publishMonth(officer.chengdu(), { month, explanation: "" });
    expect(chengdu.figures.total).toEqual({
      generatedKg: live.total.generatedKg,
      recycledKg: live.total.recycledKg,
      backfilledKg: live.total.backfilledKg,
      landfilledKg: live.total.landfilledKg,
      transferredKg: live.total.transferredKg,
      offPlatformKg: live.total.offPlatformKg,
      manifests: live.total.manifests,
      resourceRateBp: live.total.resource.rateBp,
      comprehensiveRateBp: live.total.comprehensive.rateBp,
      dispatched: 2,
      closed: 1,
      closureRateBp: 5_000,
      deliveredGrams: 0,
      deliveries: 0,
      haulGrams: live.total.haulGrams,
      avoidedGrams: live.total.avoidedGrams,
      judgedProjects: 1,
      complyingProjects: 0,
    });
    expect(chengdu.figures.deliveredByClass).toEqual({});
    // A waste class has only its tonnes: trips and deliveries are not kept by waste class.
    expect(Object.keys(chengdu.figures.byClass.demolition_waste ?? {})).not.toContain("dispatched");

    // The province freezes each division's the same way, as its dashboard's division table.
    const province = await publishMonth(officer.province(), { month, explanation: "" });
    const liveDivision = (await areaFigures(PROVINCE_CODE, period)).byDivision.find(
      (d) => d.divisionCode === "510100",
    );
    expect(province.figures.byDivision["510100"]).toMatchObject({
      dispatched: liveDivision?.closure.dispatched,
      closed: liveDivision?.closure.closed,
      haulGrams: liveDivision?.haulGrams,
      avoidedGrams: liveDivision?.avoidedGrams,
      judgedProjects: 1,
      complyingProjects: 0,
    });
    expect(province.figures.total.dispatched).toBe(2);
  });

  it("tells the departments of the divisions under the province, in the same transaction", () => {
    // The province's publication reached both cities (by then Chengdu had published its own,
    // which tells nobody: a city has no division under it).
    for (const org of [world.orgs.chengdu, world.orgs.mianyang]) {
      expect(toldOf(org.id).map((n) => n.params)).toEqual([{ month, version: 1 }]);
    }
    expect(toldOf(world.orgs.province.id)).toEqual([]);
    const notice = toldOf(world.orgs.chengdu.id)[0];
    expect(notice?.entityType).toBe("published_month");
    expect(notificationHref(notice?.entityType ?? "", notice?.entityId ?? "", notice?.params)).toBe(
      `/department/publish?month=${month}`,
    );
    const mail = db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.toEmail, world.people.mianyangOfficer.email))
      .all()
      .filter((m) => m.subject.includes(month));
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toContain("省级主管部门发布了");
    expect(mail[0]?.subject).toContain("The provincial department published");
  });

  it("keeps them frozen: a late receipt and a late delivery show as a pending restatement", async () => {
    const stored = [...published("510100"), ...published(PROVINCE_CODE)];
    // The trip in transit at publication is received now: its dispatch month's closure changes.
    await receiveManifest(world.people.clerk.actor(), inTransit.id, {
      weighbridgeTicket: `PUB-${serial++}`,
      grossKg: 40_000,
      tareKg: 15_000,
      decision: "accept",
      rejectReason: "",
    });
    // A delivery to the government project confirmed in the month, recorded late.
    const product = db
      .insert(recycledProducts)
      .values({
        orgId: world.orgs.recyclerR.id,
        facilityId: world.plant.id,
        productType: "recycled_coarse_aggregate",
        name: "再生粗骨料 5-25",
        standard: "GB/T 25177-2010",
        unit: "t",
        massPerUnitG: 1_000_000,
        priceFenPerUnit: 3_000,
        recycledContentPct: 100,
        divisionCode: "510100",
        lat: 30.8,
        lon: 104.25,
        createdAt: inMonth(month, 1),
      })
      .returning()
      .get();
    const deliveredAt = inMonth(month, 20);
    const order = db
      .insert(productOrders)
      .values({
        productId: product.id,
        sellerOrgId: world.orgs.recyclerR.id,
        buyerOrgId: world.orgs.contractorA.id,
        projectId: school.id,
        quantityMilli: 30_000,
        deliveredMilli: 30_000,
        unitPriceFen: 3_000,
        amountFen: 90_000,
        status: "delivered",
        createdAt: deliveredAt,
        updatedAt: deliveredAt,
      })
      .returning()
      .get();
    db.insert(deliveries)
      .values({
        orderId: order.id,
        quantityMilli: 30_000,
        vehiclePlate: "川A54321",
        deliveredAt,
        confirmedAt: deliveredAt,
        createdAt: deliveredAt,
      })
      .run();
    writeTransaction((tx) => rebuildMonthly(tx));

    // The live dashboard moved; the published versions did not.
    const live = await areaFigures("510100", period);
    expect(live.total.closure).toMatchObject({ dispatched: 2, closed: 2, rateBp: 10_000 });
    expect(live.total.deliveredGrams).toBe(30_000_000);
    expect(live.compliance).toMatchObject({ judged: 1, complying: 1 });
    expect([...published("510100"), ...published(PROVINCE_CODE)]).toEqual(stored);

    const city = await publicationOf(officer.chengdu(), month);
    expect(city.latest?.figures.total).toMatchObject({ closed: 1, deliveredGrams: 0 });
    expect(city.pendingRestatement).toBe(true);
    expect(city.differences).toEqual(
      expect.arrayContaining([
        { scope: "total", figure: "closed", published: 1, current: 2 },
        { scope: "total", figure: "closureRateBp", published: 5_000, current: 10_000 },
        { scope: "total", figure: "deliveredGrams", published: 0, current: 30_000_000 },
        { scope: "total", figure: "deliveries", published: 0, current: 1 },
        { scope: "total", figure: "complyingProjects", published: 0, current: 1 },
        {
          scope: "material:aggregate",
          figure: "deliveredGrams",
          published: 0,
          current: 30_000_000,
        },
      ]),
    );
    // Received this month: the month's tonnes are what they were.
    expect(city.differences.map((d) => d.figure)).not.toContain("generatedKg");
    const province = await publicationOf(officer.province(), month);
    expect(province.differences).toEqual(
      expect.arrayContaining([
        { scope: "510100", figure: "closed", published: 1, current: 2 },
        { scope: "510100", figure: "complyingProjects", published: 0, current: 1 },
      ]),
    );

    // Over HTTP, in both languages, with the change explained.
    const officerClient = await new Client(server.baseUrl).logIn(world.people.chengduOfficer.email);
    const page = await officerClient.get(`/department/publish?month=${month}`, {
      "Accept-Language": "en",
    });
    expect(page.body).toContain("Pending restatement.");
    expect(page.body).toContain('data-difference="total:closed"');
    expect(page.body).toContain('data-difference="material:aggregate:deliveredGrams"');
    expect(page.body).toContain("Trips closed (received or rejected)");
    expect(page.body).toContain("Aggregate (sand and stone)");
    expect(page.body).toContain("+30 t");
    const zh = await officerClient.get(`/department/publish?month=${month}`, {
      "Accept-Language": "zh-CN",
    });
    expect(zh.body).toContain("已闭合车次（接收或拒收）");
    expect(zh.body).toContain("再生产品使用达标的政府投资项目");
    const report = await officerClient.get(`/department/report?month=${month}`, {
      "Accept-Language": "en",
    });
    expect(report.body).toContain("Manifests, deliveries, usage rule and CO₂");
    expect(report.body).toContain('data-figure="closureRateBp">50.0%');
    const csv = await download(
      world.people.chengduOfficer.email,
      `/department/report/export?table=publication&month=${month}&format=csv`,
      "en",
    );
    expect(csv.text).toContain("Whole jurisdiction,Trips closed (received or rejected),1,2");
    expect(csv.text).toContain("Aggregate (sand and stone),Recycled products delivered (t),0,30");
  });

  it("publishes the restatement as a new version and tells the cities again", async () => {
    const restated = await publishMonth(officer.province(), {
      month,
      explanation: "在途车次已接收；补录 1 笔已确认交付",
    });
    expect(restated.version).toBe(2);
    expect(restated.figures.byDivision["510100"]).toMatchObject({
      closed: 2,
      deliveredGrams: 30_000_000,
      complyingProjects: 1,
    });
    expect(restated.figures.deliveredByClass).toEqual({
      aggregate: { deliveredGrams: 30_000_000, deliveries: 1 },
    });
    expect((await publicationOf(officer.province(), month)).pendingRestatement).toBe(false);
    expect(auditActions("published_month", restated.id)[0]?.data).toMatchObject({
      differences: expect.arrayContaining([
        { scope: "510100", figure: "closed", published: 1, current: 2 },
      ]),
    });
    expect(toldOf(world.orgs.chengdu.id).map((n) => n.params.version)).toEqual([1, 2]);
    // Chengdu's own version is still pending: each jurisdiction restates its own.
    expect((await publicationOf(officer.chengdu(), month)).pendingRestatement).toBe(true);
  });

  it("reads a version stored before these figures were frozen without a false restatement", async () => {
    const older = addMonths(thisMonth, -4);
    const trip = receivedTrip({ at: inMonth(older), netKg: 12_000 });
    const waiting = receivedTrip({ at: inMonth(older, 25), netKg: 9_000, inTransit: true });
    // The snapshot as it was stored then: tonnes and rates only, no deliveries by class.
    const now = await currentFigures(officer.chengdu(), older);
    const tonnesOnly = (set: Record<string, unknown>) =>
      Object.fromEntries(tonnageKeys.map((key) => [key, set[key]]));
    db.insert(publishedMonths)
      .values({
        jurisdiction: "510100",
        month: older,
        version: 1,
        definitionVersionId: now.definitionVersionId,
        figures: {
          definitionVersionId: now.definitionVersionId,
          total: tonnesOnly(now.total),
          byDivision: {},
          byClass: Object.fromEntries(
            Object.entries(now.byClass).map(([key, set]) => [key, tonnesOnly(set)]),
          ),
        },
        explanation: "",
        publishedByUserId: world.people.chengduOfficer.id,
        publishedAt: inMonth(thisMonth, 1),
      })
      .run();
    expect(now.total).toMatchObject({ dispatched: 2, closed: 1 });

    const read = await publicationOf(officer.chengdu(), older);
    expect(read.latest?.figures.total.dispatched).toBeUndefined();
    expect(read.latest?.figures.deliveredByClass).toBeUndefined();
    expect(read).toMatchObject({ differences: [], pendingRestatement: false, canPublish: false });
    expect(
      (await publicationOverview(officer.chengdu())).find((m) => m.month === older)
        ?.pendingRestatement,
    ).toBe(false);
    const city = await new Client(server.baseUrl).logIn(world.people.chengduOfficer.email);
    const page = await city.get(`/department/publish?month=${older}`, { "Accept-Language": "en" });
    expect(page.body).toContain('data-testid="no-restatement"');
    expect(page.body).toContain('data-testid="not-in-version"');
    expect(page.body).toContain("Not published in this version");
    const report = await city.get(`/department/report?month=${older}`, {
      "Accept-Language": "zh-CN",
    });
    expect(report.status).toBe(200);
    expect(report.body).toContain("该版本未发布此项");

    // A change to a figure it never published is no restatement either.
    await receiveManifest(world.people.clerk.actor(), waiting.id, {
      weighbridgeTicket: `PUB-${serial++}`,
      grossKg: 24_000,
      tareKg: 15_000,
      decision: "accept",
      rejectReason: "",
    });
    expect((await publicationOf(officer.chengdu(), older)).pendingRestatement).toBe(false);

    // A change to one it did publish is, and only for what it published; the restatement then
    // freezes everything.
    correctNetWeight(trip.id, 11_000);
    const corrected = await publicationOf(officer.chengdu(), older);
    expect(corrected.pendingRestatement).toBe(true);
    expect(corrected.differences.length).toBeGreaterThan(0);
    expect(corrected.differences.every((d) => tonnageKeys.includes(d.figure))).toBe(true);
    const restated = await publishMonth(officer.chengdu(), {
      month: older,
      explanation: "地磅数据更正",
    });
    expect(restated).toMatchObject({ version: 2 });
    expect(restated.figures.total).toMatchObject({
      dispatched: 2,
      closed: 2,
      closureRateBp: 10_000,
    });
  });
});

describe("derived alerts", () => {
  it("find approvals running out, government projects below the rule and listings that never moved", async () => {
    const expiring = insertFacility(db, {
      orgId: world.orgs.recyclerR.id,
      name: `Expiring plant ${serial}`,
      approvalExpiresOn: shanghaiDate(new Date(Date.now() + 10 * DAY)),
    });
    const faraway = insertFacility(db, {
      orgId: world.orgs.recyclerS.id,
      name: `Expired Mianyang plant ${serial}`,
      divisionCode: "510700",
      approvalExpiresOn: "2020-01-01",
    });
    const ids = async (actor: Actor) =>
      (await approvalAlerts(actor, 1, true)).rows.map((r) => r.facility.id);
    expect(await ids(officer.chengdu())).toContain(expiring.id);
    expect(await ids(officer.chengdu())).not.toContain(faraway.id);
    expect(await ids(officer.mianyang())).toContain(faraway.id);
    expect(await ids(officer.province())).toEqual(
      expect.arrayContaining([expiring.id, faraway.id]),
    );
    expect(
      (await approvalAlerts(officer.chengdu(), 1)).rows.find((r) => r.facility.id === expiring.id),
    ).toMatchObject({ status: "expiring", daysLeft: expect.any(Number) });

    const government = insertProject(db, {
      orgId: world.orgs.contractorA.id,
      name: `Government school ${serial}`,
      governmentInvested: true,
    });
    await reportMaterialUse(world.people.contractorManager.actor(), {
      projectId: government.id,
      materialClass: "aggregate",
      month: thisMonth,
      totalKg: 100_000,
      offPlatformRecycledKg: 0,
      note: "",
    });
    // The department's list judges exactly as the project's own page does.
    expect(
      (await projectUsage(world.people.contractorManager.actor(), government.id)).complies,
    ).toBe(false);
    const below = await usageAlerts(officer.chengdu(), 1, true);
    expect(below.rows.map((r) => r.project.id)).toContain(government.id);
    expect(below.rows.find((r) => r.project.id === government.id)?.classes).toEqual([
      expect.objectContaining({ materialClass: "aggregate", complies: false, rateBp: 0 }),
    ]);
    expect(
      (await usageAlerts(officer.mianyang(), 1, true)).rows.map((r) => r.project.id),
    ).not.toContain(government.id);

    const idle = insertListing(db, {
      projectId: world.project.id,
      orgId: world.orgs.contractorA.id,
      divisionCode: "510100",
      status: "expired",
      endedAt: new Date(),
    });
    const moved = insertListing(db, {
      projectId: world.project.id,
      orgId: world.orgs.contractorA.id,
      divisionCode: "510100",
      status: "expired",
      endedAt: new Date(),
    });
    insertOrder(db, {
      listingId: moved.id,
      recyclerOrgId: world.orgs.recyclerR.id,
      facilityId: world.plant.id,
      quantityKg: 10_000,
      receivedKg: 9_000,
      status: "completed",
    });
    const listingIds = (await listingAlerts(officer.chengdu(), 1, true)).rows.map(
      (r) => r.listing.id,
    );
    expect(listingIds).toContain(idle.id);
    expect(listingIds).not.toContain(moved.id);
    expect(
      (await listingAlerts(officer.mianyang(), 1, true)).rows.map((r) => r.listing.id),
    ).not.toContain(idle.id);
    await expectDomainError(
      async () => await listingAlerts(world.people.contractorManager.actor(), 1),
      403,
    );
  });

  it("each open a pre-filled rectification form in one step", async () => {
    const expiring = insertFacility(db, {
      orgId: world.orgs.recyclerR.id,
      name: `Renew me ${serial++}`,
      approvalExpiresOn: shanghaiDate(new Date(Date.now() + 5 * DAY)),
    });
    const city = await new Client(server.baseUrl).logIn(world.people.chengduOfficer.email);
    const page = await city.get("/alerts?view=approvals", { "Accept-Language": "en" });
    expect(page.status).toBe(200);
    const link = [...page.body.matchAll(/href="(\/department\/rectification\/new\?[^"]+)"/g)]
      .map((m) => (m[1] ?? "").replaceAll("&amp;", "&"))
      .find((href) => href.includes(`facilityId=${expiring.id}`));
    expect(link).toBeDefined();
    const form = await city.get(link ?? "", { "Accept-Language": "en" });
    expect(form.status).toBe(200);
    expect(form.body).toContain(world.orgs.recyclerR.name);
    expect(form.body).toMatch(/<option value="approval_expiry" selected="">/);
    expect(form.body).toContain(`Disposal approval ${expiring.approvalNo}`);
    // Without JavaScript the form posts back to the same address, organisation and all.
    const action = /<form class="card form"[^>]* action="([^"]+)"/
      .exec(form.body)?.[1]
      ?.replaceAll("&amp;", "&");
    expect(action).toContain(`orgId=${world.orgs.recyclerR.id}`);
    // A contractor has no such list, and no form to raise items.
    const contractor = await new Client(server.baseUrl).logIn(world.people.contractorManager.email);
    expect((await contractor.get(link ?? "")).status).toBe(403);
  });
});

describe("the rectification register", () => {
  const raiseInput = (overrides: Partial<Record<string, string>> = {}) =>
    RaiseInput.parse({
      targetOrgId: String(world.orgs.contractorA.id),
      projectId: String(world.project.id),
      category: "site_management",
      problem: "出场车辆未冲洗，道路遗撒",
      evidence: "2025 年巡查记录第 12 号",
      responsiblePerson: "张伟（项目经理）",
      deadline: shanghaiDate(new Date(Date.now() + DAY)),
      ...overrides,
    });
  let itemId: number;

  it("is raised by a department against an organisation of its jurisdiction, and the organisation is told", async () => {
    const item = await raiseItem(officer.chengdu(), raiseInput());
    itemId = item.id;
    expect(item).toMatchObject({
      status: "open",
      jurisdiction: "510100",
      targetOrgId: world.orgs.contractorA.id,
      departmentOrgId: world.orgs.chengdu.id,
      projectId: world.project.id,
    });
    expect(auditActions("rectification_item", item.id).map((a) => a.action)).toEqual([
      "rectification.raised",
    ]);
    expect(notificationsTo(world.orgs.contractorA.id, "rectification_raised")).toHaveLength(1);
    const mail = db.select().from(emailOutbox).all();
    expect(
      mail.some(
        (m) =>
          m.toEmail === world.people.contractorManager.email &&
          // A whole address: the email is read outside the site.
          m.body.includes(`${publicUrl()}/rectification/${item.id}`),
      ),
    ).toBe(true);
  });

  it("refuses what is not the department's to raise, changing nothing", async () => {
    const before = governanceTables();
    // Contractor B and its site are in Mianyang.
    const outside = await expectDomainError(
      async () =>
        await raiseItem(
          officer.chengdu(),
          raiseInput({
            targetOrgId: String(world.orgs.contractorB.id),
            projectId: String(world.otherProject.id),
          }),
        ),
      422,
    );
    expect(outside.fieldErrors).toEqual({ targetOrgId: "rectification.outsideJurisdiction" });
    const notTheirs = await expectDomainError(
      async () =>
        await raiseItem(
          officer.chengdu(),
          raiseInput({ projectId: String(world.otherProject.id) }),
        ),
      422,
    );
    expect(notTheirs.fieldErrors).toEqual({ projectId: "rectification.notTheirs" });
    const department = await expectDomainError(
      async () =>
        await raiseItem(
          officer.chengdu(),
          raiseInput({ targetOrgId: String(world.orgs.mianyang.id), projectId: "" }),
        ),
      422,
    );
    expect(department.fieldErrors).toEqual({ targetOrgId: "rectification.targetKind" });
    const past = await expectDomainError(
      async () => await raiseItem(officer.chengdu(), raiseInput({ deadline: "2020-01-01" })),
      422,
    );
    expect(past.fieldErrors).toEqual({ deadline: "rectification.deadlinePast" });
    await expectDomainError(
      async () => await raiseItem(world.people.contractorManager.actor(), raiseInput()),
      403,
    );
    expect(governanceTables()).toEqual(before);
  });

  it("is seen only within the jurisdiction and by the organisation it is raised against", async () => {
    const all = RectificationQuery.parse({});
    const listed = async (actor: Actor, side: "department" | "organisation") =>
      (await listItems(actor, all, side)).rows.map((r) => r.item.id);
    expect(await listed(officer.chengdu(), "department")).toContain(itemId);
    expect(await listed(officer.province(), "department")).toContain(itemId);
    expect(await listed(officer.mianyang(), "department")).not.toContain(itemId);
    expect(await listed(world.people.contractorManager.actor(), "organisation")).toContain(itemId);
    expect(await listed(world.people.siteAgent.actor(), "organisation")).toContain(itemId);
    expect(await listed(world.people.otherContractor.actor(), "organisation")).toEqual([]);
    expect(await listed(world.people.recyclerManager.actor(), "organisation")).not.toContain(
      itemId,
    );
    await expectDomainError(
      async () => await getItem(officer.mianyang(), itemId, "department"),
      404,
    );
    await expectDomainError(
      async () => await getItem(world.people.otherContractor.actor(), itemId, "organisation"),
      404,
    );
    await expectDomainError(
      async () => await listItems(officer.chengdu(), all, "organisation"),
      403,
    );
    await expectDomainError(
      async () => await listItems(world.people.clerk.actor(), all, "organisation"),
      403,
    );

    const mianyang = await new Client(server.baseUrl).logIn(world.people.mianyangOfficer.email);
    expect((await mianyang.get(`/department/rectification/${itemId}`)).status).toBe(404);
    const register = await mianyang.get("/department/rectification", { "Accept-Language": "en" });
    expect(register.status).toBe(200);
    expect(register.body).not.toContain(`data-item="${itemId}"`);
    const other = await new Client(server.baseUrl).logIn(world.people.otherContractor.email);
    expect((await other.get(`/rectification/${itemId}`)).status).toBe(404);
    const mine = await new Client(server.baseUrl).logIn(world.people.contractorManager.email);
    const list = await mine.get("/rectification", { "Accept-Language": "en" });
    expect(list.body).toContain(`data-item="${itemId}"`);
    expect(list.body).toContain("1 items wait for your response.");
  });

  it("moves open → responded → reopened → responded → closed, each step by its side only", async () => {
    const contractor = world.people.contractorManager.actor();
    const pdf = new File([PDF], "整改照片.pdf", { type: "application/pdf" });
    // Not the target organisation, not a manager, not a department's job.
    await expectDomainError(
      async () =>
        await respondToItem(world.people.otherContractor.actor(), itemId, { text: "x" }, null),
      404,
    );
    await expectDomainError(
      async () => await respondToItem(world.people.siteAgent.actor(), itemId, { text: "x" }, null),
      403,
    );
    // A department cannot close what has not been answered.
    await expectDomainError(
      async () => await verifyItem(officer.chengdu(), itemId, { decision: "close", note: "" }),
      409,
      "error.badTransition",
    );
    // A file that is not a PDF or image is refused before anything is stored.
    const before = governanceTables();
    await expectDomainError(
      async () =>
        await respondToItem(
          contractor,
          itemId,
          { text: "已整改" },
          new File(["just text"], "note.pdf", { type: "application/pdf" }),
        ),
      422,
    );
    expect(governanceTables()).toEqual(before);

    const responded = await respondToItem(contractor, itemId, { text: "已安装洗车设备" }, pdf);
    expect(responded.status).toBe("responded");
    const evidence = db
      .select()
      .from(rectificationEvents)
      .where(eq(rectificationEvents.itemId, itemId))
      .all()
      .at(-1);
    expect(evidence).toMatchObject({ action: "responded", evidenceType: "application/pdf" });
    expect(existsSync(uploadPath(evidence?.evidenceFile ?? ""))).toBe(true);
    expect(notificationsTo(world.orgs.chengdu.id, "rectification_responded")).toHaveLength(1);
    await expectDomainError(
      async () => await respondToItem(contractor, itemId, { text: "again" }, null),
      409,
      "error.badTransition",
    );

    // Another department in whose jurisdiction it is not cannot verify; reopening needs a note.
    await expectDomainError(
      async () => await verifyItem(officer.mianyang(), itemId, { decision: "close", note: "" }),
      404,
    );
    expect(VerifyInput.safeParse({ decision: "reopen", note: " " }).success).toBe(false);
    expect(
      (await verifyItem(officer.chengdu(), itemId, { decision: "reopen", note: "洗车台未启用" }))
        .status,
    ).toBe("reopened");
    expect(notificationsTo(world.orgs.contractorA.id, "rectification_reopened")).toHaveLength(1);
    await respondToItem(contractor, itemId, { text: "洗车台已启用，附视频截图" }, null);
    // The province oversees every division and may verify too; here Chengdu closes it (销号).
    expect(
      (await verifyItem(officer.chengdu(), itemId, { decision: "close", note: "复查合格" })).status,
    ).toBe("closed");
    await expectDomainError(
      async () => await verifyItem(officer.province(), itemId, { decision: "reopen", note: "x" }),
      409,
    );
    await expectDomainError(
      async () => await respondToItem(contractor, itemId, { text: "x" }, null),
      409,
    );

    const item = await getItem(officer.chengdu(), itemId, "department");
    expect(item.events.map((e) => e.event.action)).toEqual([
      "raised",
      "responded",
      "reopened",
      "responded",
      "closed",
    ]);
    expect(item.events.map((e) => e.actorOrgName)).toEqual([
      world.orgs.chengdu.name,
      world.orgs.contractorA.name,
      world.orgs.chengdu.name,
      world.orgs.contractorA.name,
      world.orgs.chengdu.name,
    ]);
    expect(auditActions("rectification_item", itemId).map((a) => a.action)).toEqual([
      "rectification.raised",
      "rectification.responded",
      "rectification.reopened",
      "rectification.responded",
      "rectification.closed",
    ]);
    expect(notificationsTo(world.orgs.contractorA.id, "rectification_closed")).toHaveLength(1);

    // The evidence file: for those who may see the item, and nobody else.
    const file = `/files/${evidence?.evidenceFile}`;
    for (const [email, status] of [
      [world.people.contractorManager.email, 200],
      [world.people.chengduOfficer.email, 200],
      [world.people.provinceOfficer.email, 200],
      [world.people.mianyangOfficer.email, 404],
      [world.people.otherContractor.email, 404],
    ] as const) {
      const client = await new Client(server.baseUrl).logIn(email);
      expect((await client.get(file)).status, email).toBe(status);
    }
  });

  it("marks items overdue by the clock, and filters by status, overdue, category and organisation", async () => {
    const due = await raiseItem(
      officer.chengdu(),
      raiseInput({ category: "data_quality", deadline: shanghaiDate(new Date(Date.now() + DAY)) }),
    );
    const recyclerItem = await raiseItem(
      officer.chengdu(),
      raiseInput({
        targetOrgId: String(world.orgs.recyclerR.id),
        projectId: "",
        facilityId: String(world.plant.id),
        category: "approval_expiry",
        deadline: shanghaiDate(new Date(Date.now() + 30 * DAY)),
      }),
    );
    const query = async (q: Record<string, string>) =>
      await listItems(officer.chengdu(), RectificationQuery.parse(q), "department");
    const flag = async (id: number) =>
      (await query({})).rows.find((r) => r.item.id === id)?.overdue;
    expect(await flag(due.id)).toBe(false);
    expect((await query({ overdue: "1" })).rows.map((r) => r.item.id)).not.toContain(due.id);

    process.env.CLOCK_OFFSET_MS = String(3 * DAY);
    expect(await flag(due.id)).toBe(true);
    expect(await flag(recyclerItem.id)).toBe(false);
    // A closed item is never overdue, however old its deadline.
    expect(await flag(itemId)).toBe(false);
    const overdue = await query({ overdue: "1" });
    expect(overdue.rows.map((r) => r.item.id)).toContain(due.id);
    expect(overdue.rows.every((r) => r.overdue)).toBe(true);
    expect(overdue.counts.overdue).toBeGreaterThanOrEqual(1);
    // Overdue items come first.
    expect((await query({})).rows[0]?.overdue).toBe(true);
    expect(
      (await getItem(world.people.contractorManager.actor(), due.id, "organisation")).overdue,
    ).toBe(true);

    expect((await query({ status: "closed" })).rows.map((r) => r.item.id)).toEqual([itemId]);
    expect((await query({ category: "approval_expiry" })).rows.map((r) => r.item.id)).toEqual([
      recyclerItem.id,
    ]);
    expect(
      (await query({ orgId: String(world.orgs.recyclerR.id) })).rows.map((r) => r.item.id),
    ).toEqual([recyclerItem.id]);
    // Unreadable filters are ignored rather than refused.
    expect(
      (await query({ status: "nonsense", orgId: "x", page: "-1" })).rows.length,
    ).toBeGreaterThan(0);
  });

  it("works over HTTP without JavaScript: raise, respond with a file, verify", async () => {
    const city = await new Client(server.baseUrl).logIn(world.people.chengduOfficer.email);
    const deadline = shanghaiDate(new Date(Date.now() + 7 * DAY));
    const bad = await city.post(
      `/department/rectification/new?orgId=${world.orgs.recyclerR.id}`,
      {
        targetOrgId: String(world.orgs.recyclerR.id),
        category: "weight_discrepancy",
        problem: "",
        responsiblePerson: "李娜",
        deadline,
      },
      { "Accept-Language": "en" },
    );
    expect(bad.status).toBe(400);
    expect(bad.body).toContain("This field is required.");
    const raised = await city.post(
      `/department/rectification/new?orgId=${world.orgs.recyclerR.id}`,
      {
        targetOrgId: String(world.orgs.recyclerR.id),
        facilityId: String(world.plant.id),
        category: "weight_discrepancy",
        problem: "地磅未按期检定",
        evidence: "",
        responsiblePerson: "李娜（厂长）",
        deadline,
      },
    );
    expect(raised.status).toBe(302);
    const id = Number(raised.location?.split("/").at(-1));
    expect(
      db.select().from(rectificationItems).where(eq(rectificationItems.id, id)).get(),
    ).toMatchObject({
      status: "open",
      facilityId: world.plant.id,
    });

    const recycler = new Client(server.baseUrl);
    await recycler.logIn(world.people.recyclerManager.email);
    const page = await recycler.get(`/rectification/${id}`, { "Accept-Language": "en" });
    expect(page.body).toContain("地磅未按期检定");
    const wrongType = new FormData();
    wrongType.set("text", "已检定");
    wrongType.set("evidence", new File(["GIF89a"], "cert.gif", { type: "image/gif" }));
    const refused = await recycler.postMultipart(`/rectification/${id}`, wrongType);
    expect(refused.status).toBe(422);
    expect(refused.body).toContain("佐证材料须为 PDF 或图片。");
    const form = new FormData();
    form.set("text", "地磅已由计量所检定，附证书");
    form.set("evidence", new File([PDF], "certificate.pdf", { type: "application/pdf" }));
    const answered = await recycler.postMultipart(`/rectification/${id}`, form);
    expect(answered.status).toBe(302);

    // The department hears of the answer in its notification centre, in its language.
    const told = await city.get("/notifications", { "Accept-Language": "en" });
    expect(told.status).toBe(200);
    expect(told.body).toContain(`Rectification item No. ${id} has a response to verify`);
    expect(told.body).toContain(`href="/rectification/${id}"`);

    const verify = await city.post(`/department/rectification/${id}`, {
      decision: "close",
      note: "证书有效",
    });
    expect(verify.status).toBe(302);
    const item = await city.get(`/department/rectification/${id}`, { "Accept-Language": "en" });
    expect(item.body).toContain("Verified and closed (销号)");
    expect(item.body).toContain("Evidence (PDF)");
    expect(item.body).not.toContain('name="decision"');
    // A department opening the organisation's link is sent to its own page.
    const redirect = await city.get(`/rectification/${id}`);
    expect(redirect.status).toBe(302);
    expect(redirect.location).toBe(`/department/rectification/${id}`);
    // The register's own bad input: an unknown decision is a 400, not a 500.
    expect((await city.post(`/department/rectification/${id}`, { decision: "shred" })).status).toBe(
      400,
    );
  });
});

describe("exports", () => {
  it("downloads the register as CSV in the user's language, scoped to the jurisdiction", async () => {
    const csv = await download(
      world.people.chengduOfficer.email,
      "/department/report/export?table=rectification&format=csv",
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toMatch(
      /attachment; filename="rectification-.*\.csv"/,
    );
    expect(csv.text.startsWith("\uFEFF")).toBe(true);
    const [header, ...lines] = csv.text.slice(1).trim().split("\r\n");
    expect(header).toContain("状态,已逾期,问题类别,责任单位");
    expect(lines.some((line) => line.includes("出场车辆未冲洗"))).toBe(true);
    expect(lines.every((line) => !line.includes(world.orgs.contractorB.name))).toBe(true);

    const mianyang = await download(
      world.people.mianyangOfficer.email,
      "/department/report/export?table=rectification&format=csv",
      "en",
    );
    expect(mianyang.status).toBe(200);
    const [enHeader, ...none] = mianyang.text.slice(1).trim().split("\r\n");
    expect(enHeader).toContain("Status,Overdue,Category,Organisation");
    expect(none).toEqual([]);
  });

  it("downloads XLSX that a spreadsheet reads back, numbers as numbers", async () => {
    const xlsx = await download(
      world.people.chengduOfficer.email,
      `/department/report/export?table=months&from=${lastMonth}&to=${thisMonth}&format=xlsx`,
      "en",
    );
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    const { name, rows } = await readXlsx(xlsx.bytes);
    expect(name).toBe("By month");
    expect(rows[0]?.slice(0, 3)).toEqual(["Month", "Generated (t)", "Recycled (t)"]);
    const last = rows.find((r) => r[0] === lastMonth);
    const live = (await utilization(officer.chengdu(), { from: lastMonth, to: lastMonth })).total;
    expect(last?.[1]).toBe(live.generatedKg / 1000);
    expect(typeof last?.[1]).toBe("number");
    expect(last?.at(-2)).toBe((live.resource.rateBp ?? 0) / 100);

    const register = await download(
      world.people.chengduOfficer.email,
      "/department/report/export?table=rectification&format=xlsx&status=closed",
    );
    const sheet = await readXlsx(register.bytes);
    expect(sheet.rows[0]?.[1]).toBe("状态");
    expect(sheet.rows.slice(1).map((r) => r[1])).toEqual(expect.arrayContaining(["已销号"]));
    expect(sheet.rows.slice(1).every((r) => r[1] === "已销号")).toBe(true);
    expect(typeof sheet.rows[1]?.[0]).toBe("number");

    const alerts = await download(
      world.people.chengduOfficer.email,
      "/department/report/export?table=approvals&format=xlsx",
      "en",
    );
    const approvals = await readXlsx(alerts.bytes);
    expect(approvals.rows[0]).toContain("Approval valid until");
    expect(approvals.rows.length).toBeGreaterThan(1);

    // The drill-down's tables of the jurisdiction: its projects and the facilities that received.
    const projectsCsv = await download(
      world.people.chengduOfficer.email,
      `/department/report/export?table=projects&from=${lastMonth}&to=${lastMonth}&format=csv`,
      "en",
    );
    expect(projectsCsv.status).toBe(200);
    expect(projectsCsv.text).toContain(world.project.name);
    expect(projectsCsv.text).not.toContain(world.otherProject.name);
    const facilitiesXlsx = await download(
      world.people.provinceOfficer.email,
      `/department/report/export?table=facilities&from=${lastMonth}&to=${lastMonth}&format=xlsx`,
      "en",
    );
    const received = await readXlsx(facilitiesXlsx.bytes);
    expect(received.rows.map((r) => r[0])).toEqual(
      expect.arrayContaining(["Facility", world.plant.name, world.backfill.name]),
    );
    expect(
      (
        await download(
          world.people.mianyangOfficer.email,
          "/department/report/export?table=projects&area=510100&format=csv",
        )
      ).status,
    ).toBe(404);

    const publication = await download(
      world.people.chengduOfficer.email,
      `/department/report/export?table=publication&month=${lastMonth}&format=csv`,
      "en",
    );
    expect(publication.text).toContain("Published (v2)");
  });

  it("refuses unknown tables and those who are not departments", async () => {
    expect(
      (await download(world.people.chengduOfficer.email, "/department/report/export?table=secrets"))
        .status,
    ).toBe(404);
    expect(
      (
        await download(
          world.people.contractorManager.email,
          `/department/report/export?table=months&format=csv`,
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await download(
          world.people.contractorManager.email,
          "/department/report/export?table=approvals",
        )
      ).status,
    ).toBe(403);
  });

  it("prints a monthly report with the published figures and the definitions behind them", async () => {
    const city = await new Client(server.baseUrl).logIn(world.people.chengduOfficer.email);
    const report = await city.get(`/department/report?month=${lastMonth}`, {
      "Accept-Language": "en",
    });
    expect(report.status).toBe(200);
    expect(report.body).toContain(`Construction waste monthly report, ${lastMonth}`);
    expect(report.body).toContain("published figures, version 2");
    expect(report.body).toContain('data-testid="report-rectification"');
    expect(report.body).toContain(`version ${(await definitionsFor(lastMonth)).id} (from 2000-01)`);
    const notYet = await city.get(`/department/report?month=${thisMonth}`, {
      "Accept-Language": "en",
    });
    expect(notYet.body).toContain("month not over: provisional figures");
    const contractor = await new Client(server.baseUrl).logIn(world.people.contractorManager.email);
    expect((await contractor.get("/department/report")).status).toBe(403);
  });
});

describe("which classes count", () => {
  it("is data: a version that leaves muck out of the resource rate changes that month's rate", async () => {
    const month = addMonths(thisMonth, -14);
    receivedTrip({ at: inMonth(month), netKg: 30_000 });
    receivedTrip({
      at: inMonth(month, 16),
      netKg: 10_000,
      wasteClass: "engineering_muck",
      facility: world.backfill,
    });
    const rate = async () =>
      (await utilization(officer.chengdu(), { from: month, to: month })).total;
    const before = await rate();
    const narrowed = await createDefinitions(
      officer.province(),
      definitionsInput({
        effectiveFrom: month,
        resourceClasses: ["construction_waste", "demolition_waste", "renovation_waste"],
        comprehensiveClasses: allClasses,
      }),
    );
    // Only that month: the next one counts every class again.
    await createDefinitions(
      officer.province(),
      definitionsInput({
        effectiveFrom: addMonths(month, 1),
        resourceClasses: allClasses,
        comprehensiveClasses: allClasses,
      }),
    );
    const after = await rate();
    expect(after.generatedKg).toBe(before.generatedKg);
    expect(after.resource.wholeKg).toBe(before.resource.wholeKg - 10_000);
    expect(after.resource.rateBp).toBeGreaterThan(before.resource.rateBp ?? 0);
    expect(
      (await publishMonth(officer.chengdu(), { month, explanation: "" })).definitionVersionId,
    ).toBe(narrowed.id);
    expect((await definitionsFor(lastMonth)).id).not.toBe(narrowed.id);
  });
});
