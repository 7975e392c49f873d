/**
 * Manifests after dispatch: voiding, the idempotent weighbridge receipt, the two alerts (weight
 * discrepancy at receipt, unclosed manifest by the sweep, moved forward with the test clock), who
 * sees which alert, the filtered lists and their CSV export, and the notifications and emails each
 * step sends — through the services and over HTTP against the real server.
 */
import { createServer, type Server } from "node:net";
import { and, eq, inArray, isNull, ne } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db, sqlite } from "#db/client";
import {
  alerts,
  auditEvents,
  definitionVersions,
  emailOutbox,
  manifests,
  notifications,
  settings,
  users,
  wasteOrders,
} from "#db/schema";
import { insertListing, insertManifest, insertOrder, insertProject } from "#seed/factories";
import type { Actor } from "~/domain/access/actor";
import { listAlerts, raiseDueAlerts } from "~/domain/alerts/alerts.server";
import { AlertQuery } from "~/domain/alerts/schemas";
import { shanghaiMonth } from "~/domain/clock";
import {
  dispatchManifest,
  exportMyManifests,
  getManifest,
  listMyManifests,
  receiveManifest,
  voidManifest,
} from "~/domain/manifests/manifests.server";
import { ManifestQuery, VoidInput } from "~/domain/manifests/schemas";
import { definitionsInForce } from "~/domain/metrics/definitions.server";
import { deliverOutbox } from "~/domain/notifications/mailer.server";
import {
  listNotifications,
  markAllRead,
  notificationHref,
  unreadCount,
} from "~/domain/notifications/notifications.server";
import { acceptOrder, claimListing, declineOrder } from "~/domain/orders/orders.server";
import { csvField } from "~/lib/csv";
import { expectDomainError } from "../support/domain-errors";
import { Client } from "../support/http";
import { type RunningServer, startServer } from "../support/server";
import { insertTrip, makeWorld, TEST_PASSWORD, type World } from "../support/world";

const HOUR = 3_600_000;
let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());
afterEach(() => {
  delete process.env.CLOCK_OFFSET_MS;
  db.delete(settings).run();
  // Back to the definitions the migration inserted (effective since 2000-01).
  db.delete(definitionVersions).where(ne(definitionVersions.effectiveFrom, "2000-01")).run();
});

let plateSerial = 10_000;
/** An accepted order of the world's listing, and one truck dispatched against it by the site agent. */
async function dispatchedTrip(world: World, estimatedKg = 30_000) {
  const order = await claimListing(world.people.recyclerManager.actor(), world.listing.id, {
    facilityId: world.plant.id,
    quantityKg: 10_000,
    note: "",
  });
  await acceptOrder(world.people.contractorManager.actor(), order.id);
  const manifest = await dispatchManifest(world.people.siteAgent.actor(), order.id, {
    vehiclePlate: `川A${plateSerial++}`,
    driverName: "张伟",
    hauler: "成都渣土运输有限公司",
    estimatedKg,
  });
  return { order, manifest };
}

const receipt = (ticket: string, grossKg: number, tareKg = 15_000) =>
  ({ weighbridgeTicket: ticket, grossKg, tareKg, decision: "accept", rejectReason: "" }) as const;

const manifestRow = (id: number) => db.select().from(manifests).where(eq(manifests.id, id)).get();
const alertsOf = (manifestId: number) =>
  db.select().from(alerts).where(eq(alerts.manifestId, manifestId)).all();
const auditOf = (type: string, id: number) =>
  db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, type), eq(auditEvents.entityId, String(id))))
    .all()
    .map((e) => e.action);
const notificationsTo = (orgId: number) =>
  db.select().from(notifications).where(eq(notifications.orgId, orgId)).all();
const everything = () => ({
  manifests: db.select().from(manifests).all(),
  orders: db.select().from(wasteOrders).all(),
  alerts: db.select().from(alerts).all(),
  notifications: db.select().from(notifications).all(),
  outbox: db.select().from(emailOutbox).all(),
  audit: db.select().from(auditEvents).all(),
});

/** A definitions version in force from this month, changing only the given thresholds. */
async function setThresholds(values: {
  weightDiscrepancyPct?: number;
  unclosedManifestHours?: number;
}) {
  const { id: _id, ...current } = await definitionsInForce();
  db.insert(definitionVersions)
    .values({
      ...current,
      ...values,
      effectiveFrom: shanghaiMonth(new Date()),
      createdAt: new Date(),
    })
    .run();
}

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

// Runs first, while this file's database holds only these alerts, so no page of another test's
// alerts can push them off the first page.
describe("who sees an alert", () => {
  let world: World;
  let chengduTrip: number;
  let mianyangTrip: number;

  beforeAll(async () => {
    world = await makeWorld();
    chengduTrip = (await dispatchedTrip(world)).manifest.id;
    // Contractor B's Mianyang site sends a truck to recycler S.
    const listing = insertListing(db, {
      projectId: world.otherProject.id,
      orgId: world.orgs.contractorB.id,
      divisionCode: "510700",
    });
    const order = insertOrder(db, {
      listingId: listing.id,
      recyclerOrgId: world.orgs.recyclerS.id,
      facilityId: world.otherPlant.id,
      quantityKg: 30_000,
      status: "in_progress",
    });
    mianyangTrip = insertManifest(db, {
      manifestNo: "SCMIANYANG000001",
      orderId: order.id,
      listingId: listing.id,
      projectId: world.otherProject.id,
      producerOrgId: world.orgs.contractorB.id,
      divisionCode: "510700",
      facilityId: world.otherPlant.id,
      facilityType: "recycling_plant",
      recyclerOrgId: world.orgs.recyclerS.id,
      wasteClass: "demolition_waste",
      vehiclePlate: "川B12345",
      driverName: "李强",
      hauler: "绵阳运输",
      estimatedKg: 30_000,
      dispatchedAt: new Date(),
      status: "dispatched",
    }).id;
    process.env.CLOCK_OFFSET_MS = String(7 * HOUR);
    await raiseDueAlerts();
    delete process.env.CLOCK_OFFSET_MS;
  });

  const seen = async (actor: Actor) =>
    (await listAlerts(actor, AlertQuery.parse({ state: "all" }))).rows.map(
      (r) => r.alert.manifestId,
    );

  it("shows each party its own trips and each city its own jurisdiction", async () => {
    const p = world.people;
    expect(await seen(p.contractorManager.actor())).toContain(chengduTrip);
    expect(await seen(p.siteAgent.actor())).not.toContain(mianyangTrip);
    expect(await seen(p.otherContractor.actor())).toEqual([mianyangTrip]);
    expect(await seen(p.clerk.actor())).toContain(chengduTrip);
    expect(await seen(p.recyclerSales.actor())).not.toContain(mianyangTrip);
    expect(await seen(p.otherRecycler.actor())).toEqual([mianyangTrip]);
    expect(await seen(p.chengduOfficer.actor())).toContain(chengduTrip);
    expect(await seen(p.chengduOfficer.actor())).not.toContain(mianyangTrip);
    expect(await seen(p.mianyangOfficer.actor())).toEqual([mianyangTrip]);
    expect(await seen(p.provinceOfficer.actor())).toEqual(
      expect.arrayContaining([chengduTrip, mianyangTrip]),
    );
    await expectDomainError(async () => await seen(p.admin.actor()), 403);
  });

  it("filters open and resolved alerts", async () => {
    const actor = world.people.contractorManager.actor();
    await receiveManifest(world.people.clerk.actor(), chengduTrip, receipt("WHO-1", 45_000));
    const manifestsOf = async (state?: string) =>
      (await listAlerts(actor, AlertQuery.parse({ state }))).rows.map((r) => r.alert.manifestId);
    expect(await manifestsOf("resolved")).toContain(chengduTrip);
    expect(await manifestsOf("open")).not.toContain(chengduTrip);
    // Open is what the page shows unless asked otherwise.
    expect(await manifestsOf()).not.toContain(chengduTrip);
    expect(AlertQuery.parse({ state: "nonsense", page: "-3" })).toEqual({ state: "open", page: 1 });
  });

  it("keeps the alerts page and the manifest to those who may see them, over HTTP", async () => {
    const mianyangNo = manifestRow(mianyangTrip)?.manifestNo ?? "";
    const page = async (email: string, path: string) =>
      await (await new Client(server.baseUrl).logIn(email)).get(path);
    const province = await page(world.people.provinceOfficer.email, "/alerts?state=all");
    expect(province.status).toBe(200);
    expect(province.body).toContain(mianyangNo);
    expect(province.body).toContain(`/manifests/${mianyangTrip}`);
    const chengdu = await page(world.people.chengduOfficer.email, "/alerts?state=all");
    expect(chengdu.body).not.toContain(mianyangNo);
    const contractor = await page(world.people.contractorManager.email, "/alerts?state=all");
    expect(contractor.body).not.toContain(mianyangNo);
    expect(
      (await page(world.people.mianyangOfficer.email, `/manifests/${mianyangTrip}`)).status,
    ).toBe(200);
    expect(
      (await page(world.people.mianyangOfficer.email, `/manifests/${chengduTrip}`)).status,
    ).toBe(404);
    expect(
      (await page(world.people.chengduOfficer.email, `/manifests/${mianyangTrip}`)).status,
    ).toBe(404);
    expect((await page(world.people.admin.email, "/alerts")).status).toBe(403);
  });
});

describe("voiding a manifest", () => {
  it("lets the producer's manager or site agent void a trip in transit, with a reason", async () => {
    const world = await makeWorld();
    for (const person of [world.people.contractorManager, world.people.siteAgent]) {
      const { manifest } = await dispatchedTrip(world);
      const outboxBefore = db.select().from(emailOutbox).all().length;
      const voided = await voidManifest(person.actor(), manifest.id, {
        voidReason: "车辆故障，未出场",
      });
      expect(voided).toMatchObject({ status: "voided", voidReason: "车辆故障，未出场" });
      expect(voided.voidedAt).toBeInstanceOf(Date);
      expect(auditOf("manifest", manifest.id)).toEqual(["manifest.dispatched", "manifest.voided"]);
      const told = notificationsTo(world.orgs.recyclerR.id).filter(
        (n) => n.kind === "manifest_voided" && n.entityId === String(manifest.id),
      );
      expect(told).toHaveLength(1);
      expect(told[0]?.params).toMatchObject({
        manifestNo: manifest.manifestNo,
        reason: "车辆故障，未出场",
      });
      // One email per member of the recycler: manager, sales and weighbridge clerk.
      expect(db.select().from(emailOutbox).all().length - outboxBefore).toBe(3);
    }
  });

  it("needs a reason", () => {
    expect(VoidInput.safeParse({ voidReason: "   " }).error?.issues[0]?.message).toBe(
      "form.required",
    );
    expect(VoidInput.safeParse({}).success).toBe(false);
    expect(VoidInput.safeParse({ voidReason: "x".repeat(301) }).success).toBe(false);
  });

  it("is allowed only from in transit, and then nothing else is", async () => {
    const world = await makeWorld();
    const manager = world.people.contractorManager.actor();
    const received = (await dispatchedTrip(world)).manifest;
    await receiveManifest(world.people.clerk.actor(), received.id, receipt("V-1", 45_000));
    const rejected = (await dispatchedTrip(world)).manifest;
    await receiveManifest(world.people.clerk.actor(), rejected.id, {
      ...receipt("V-2", 45_000),
      decision: "reject",
      rejectReason: "混入生活垃圾",
    });
    const voided = (await dispatchedTrip(world)).manifest;
    await voidManifest(manager, voided.id, { voidReason: "取消" });
    for (const id of [received.id, rejected.id, voided.id]) {
      const before = manifestRow(id);
      await expectDomainError(
        async () => await voidManifest(manager, id, { voidReason: "again" }),
        409,
        "error.badTransition",
      );
      expect(manifestRow(id)).toEqual(before);
    }
    await expectDomainError(
      async () =>
        await receiveManifest(world.people.clerk.actor(), voided.id, receipt("V-3", 45_000)),
      409,
      "error.badTransition",
    );
  });

  it("is refused to the recycler, other contractors and departments", async () => {
    const world = await makeWorld();
    const { manifest } = await dispatchedTrip(world);
    const p = world.people;
    const before = everything();
    for (const person of [p.recyclerManager, p.recyclerSales, p.clerk, p.otherRecycler]) {
      await expectDomainError(
        async () => await voidManifest(person.actor(), manifest.id, { voidReason: "x" }),
        403,
      );
    }
    for (const person of [p.provinceOfficer, p.chengduOfficer, p.admin]) {
      await expectDomainError(
        async () => await voidManifest(person.actor(), manifest.id, { voidReason: "x" }),
        403,
      );
    }
    await expectDomainError(
      async () => await voidManifest(p.otherContractor.actor(), manifest.id, { voidReason: "x" }),
      404,
      "manifest.notFound",
    );
    expect(everything()).toEqual(before);
  });

  it("works over HTTP from the manifest page, and bad input changes nothing", async () => {
    const world = await makeWorld();
    const { manifest } = await dispatchedTrip(world);
    const client = (email: string) => new Client(server.baseUrl).logIn(email);
    const agent = await client(world.people.siteAgent.email);
    const path = `/manifests/${manifest.id}`;
    // Everyone logs in first: a login is audited, and the snapshot below must see no change.
    const clerk = await client(world.people.clerk.email);
    const other = await client(world.people.otherContractor.email);
    const province = await client(world.people.provinceOfficer.email);

    const page = await agent.get(path);
    expect(page.body).toContain('name="voidReason"');
    const before = everything();
    const empty = await agent.post(path, { intent: "void", voidReason: "  " });
    expect(empty.status).toBe(400);
    expect(everything()).toEqual(before);
    expect((await clerk.get(path)).body).not.toContain('name="voidReason"');
    expect((await clerk.post(path, { intent: "void", voidReason: "x" })).status).toBe(403);
    expect((await other.post(path, { intent: "void", voidReason: "x" })).status).toBe(404);
    expect((await province.post(path, { intent: "void", voidReason: "x" })).status).toBe(403);
    expect(everything()).toEqual(before);

    const voided = await agent.post(path, { intent: "void", voidReason: "司机未到岗" });
    expect(voided.status).toBe(302);
    expect(voided.location).toBe(path);
    expect(manifestRow(manifest.id)).toMatchObject({ status: "voided", voidReason: "司机未到岗" });
    const again = await agent.post(path, { intent: "void", voidReason: "again" });
    expect(again.status).toBe(409);
    const shown = await agent.get(path);
    expect(shown.body).toContain("司机未到岗");
    expect(shown.body).not.toContain('name="voidReason"');
  });
});

describe("the weighbridge receipt", () => {
  it("records one receipt for a ticket posted twice", async () => {
    const world = await makeWorld();
    const { order, manifest } = await dispatchedTrip(world);
    const clerk = world.people.clerk.actor();
    const first = await receiveManifest(clerk, manifest.id, receipt("DUP-1", 45_000));
    const before = everything();
    const again = await receiveManifest(clerk, manifest.id, receipt("DUP-1", 45_000));
    expect(again).toEqual(first);
    expect(everything()).toEqual(before);
    expect(
      db.select().from(wasteOrders).where(eq(wasteOrders.id, order.id)).get()?.receivedKg,
    ).toBe(30_000);
    expect(auditOf("manifest", manifest.id)).toEqual(["manifest.dispatched", "manifest.received"]);
    // A different ticket on a closed trip is a second receipt, and is refused.
    await expectDomainError(
      async () => await receiveManifest(clerk, manifest.id, receipt("DUP-2", 45_000)),
      409,
      "error.badTransition",
    );
  });

  it("records one receipt when the weighbridge posts the same form twice over HTTP", async () => {
    const world = await makeWorld();
    const { order, manifest } = await dispatchedTrip(world, 30_000);
    const clerk = await new Client(server.baseUrl).logIn(world.people.clerk.email);
    const form = {
      weighbridgeTicket: "HTTP-7",
      grossKg: "47000",
      tareKg: "15000",
      decision: "accept",
    };
    const first = await clerk.post(`/manifests/${manifest.id}`, form);
    expect(first.status).toBe(302);
    const before = everything();
    const second = await clerk.post(`/manifests/${manifest.id}`, form);
    expect(second.status).toBe(302);
    expect(second.location).toBe(`/manifests/${manifest.id}`);
    expect(everything()).toEqual(before);
    expect(manifestRow(manifest.id)).toMatchObject({ status: "received", netKg: 32_000 });
    expect(
      db.select().from(wasteOrders).where(eq(wasteOrders.id, order.id)).get()?.receivedKg,
    ).toBe(32_000);
    expect(
      notificationsTo(world.orgs.contractorA.id).filter((n) => n.kind === "manifest_received"),
    ).toHaveLength(1);
  });

  it("is for the receiving recycler's manager and clerk only", async () => {
    const world = await makeWorld();
    const { manifest } = await dispatchedTrip(world);
    const p = world.people;
    const before = everything();
    for (const person of [p.contractorManager, p.siteAgent, p.recyclerSales, p.chengduOfficer]) {
      await expectDomainError(
        async () => await receiveManifest(person.actor(), manifest.id, receipt("R", 45_000)),
        403,
      );
    }
    await expectDomainError(
      async () => await receiveManifest(p.otherRecycler.actor(), manifest.id, receipt("R", 45_000)),
      404,
    );
    expect(everything()).toEqual(before);
    await receiveManifest(p.recyclerManager.actor(), manifest.id, receipt("R", 45_000));
    expect(manifestRow(manifest.id)?.status).toBe("received");
  });
});

describe("the weight discrepancy alert", () => {
  // Estimated 30 t: 20 % is 6,000 kg either way.
  const cases = [
    { net: 36_000, raised: false, what: "exactly 20 % over" },
    { net: 24_000, raised: false, what: "exactly 20 % under" },
    { net: 36_001, raised: true, what: "1 kg beyond 20 % over" },
    { net: 23_999, raised: true, what: "1 kg beyond 20 % under" },
  ];
  it.each(cases)("is raised: $raised when the net is $what", async ({ net, raised }) => {
    const world = await makeWorld();
    const { manifest } = await dispatchedTrip(world, 30_000);
    await receiveManifest(
      world.people.clerk.actor(),
      manifest.id,
      receipt(`W-${net}`, net + 15_000),
    );
    const found = alertsOf(manifest.id);
    expect(found.map((a) => a.kind)).toEqual(raised ? ["weight_discrepancy"] : []);
    const toldProducer = notificationsTo(world.orgs.contractorA.id).filter(
      (n) => n.kind === "alert_weight_discrepancy",
    );
    const toldRecycler = notificationsTo(world.orgs.recyclerR.id).filter(
      (n) => n.kind === "alert_weight_discrepancy",
    );
    expect(toldProducer).toHaveLength(raised ? 1 : 0);
    expect(toldRecycler).toHaveLength(raised ? 1 : 0);
    if (raised) {
      expect(found[0]).toMatchObject({
        producerOrgId: world.orgs.contractorA.id,
        recyclerOrgId: world.orgs.recyclerR.id,
        divisionCode: "510100",
        resolvedAt: null,
      });
      expect(found[0]?.details).toMatchObject({
        manifestNo: manifest.manifestNo,
        estimated: "30 t",
        percent: "20.0",
        threshold: 20,
      });
      expect(auditOf("alert", found[0]?.id ?? 0)).toEqual(["alert.raised"]);
    }
  });

  it("follows the percentage of the definitions in force, and a rejected load counts too", async () => {
    const world = await makeWorld();
    await setThresholds({ weightDiscrepancyPct: 10 });
    const { manifest } = await dispatchedTrip(world, 30_000);
    await receiveManifest(world.people.clerk.actor(), manifest.id, {
      ...receipt("W-REJ", 48_600),
      decision: "reject",
      rejectReason: "超载",
    });
    expect(alertsOf(manifest.id)).toHaveLength(1);
    expect(alertsOf(manifest.id)[0]?.details).toMatchObject({ percent: "12.0", threshold: 10 });
  });

  it("shows on the manifest page to both parties", async () => {
    const world = await makeWorld();
    const { manifest } = await dispatchedTrip(world, 30_000);
    await receiveManifest(world.people.clerk.actor(), manifest.id, receipt("W-PAGE", 55_000));
    for (const email of [world.people.contractorManager.email, world.people.clerk.email]) {
      const client = await new Client(server.baseUrl).logIn(email);
      const page = await client.get(`/manifests/${manifest.id}`, { "Accept-Language": "en" });
      expect(page.body).toContain("Weight discrepancy");
      expect(page.body).toContain("Net 40 t is 33.3% off the estimate 30 t (limit 20%)");
    }
  });
});

describe("the unclosed manifest alert", () => {
  it("is raised once after the threshold and resolved when the truck is received", async () => {
    const world = await makeWorld();
    const { manifest } = await dispatchedTrip(world);
    await raiseDueAlerts();
    process.env.CLOCK_OFFSET_MS = String(6 * HOUR - 60_000);
    await raiseDueAlerts();
    expect(alertsOf(manifest.id)).toEqual([]);

    process.env.CLOCK_OFFSET_MS = String(6 * HOUR + 60_000);
    await raiseDueAlerts();
    const before = everything();
    expect(await raiseDueAlerts()).toBe(0);
    expect(everything()).toEqual(before);
    const [alert, ...more] = alertsOf(manifest.id);
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ kind: "unclosed_manifest", resolvedAt: null });
    expect(alert?.details).toMatchObject({ manifestNo: manifest.manifestNo, hours: 6 });
    for (const orgId of [world.orgs.contractorA.id, world.orgs.recyclerR.id]) {
      expect(
        notificationsTo(orgId).filter((n) => n.kind === "alert_unclosed_manifest"),
      ).toHaveLength(1);
    }

    await receiveManifest(world.people.clerk.actor(), manifest.id, receipt("LATE-1", 45_000));
    const [resolved] = alertsOf(manifest.id);
    expect(resolved?.resolvedAt).toBeInstanceOf(Date);
    expect(auditOf("alert", alert?.id ?? 0)).toEqual(["alert.raised", "alert.resolved"]);
    process.env.CLOCK_OFFSET_MS = String(12 * HOUR);
    await raiseDueAlerts();
    expect(alertsOf(manifest.id)).toHaveLength(1);
  });

  it("is resolved by a rejection or a void, and follows the hours of the definitions in force", async () => {
    const world = await makeWorld();
    await setThresholds({ unclosedManifestHours: 2 });
    const rejected = (await dispatchedTrip(world)).manifest;
    const voided = (await dispatchedTrip(world)).manifest;
    process.env.CLOCK_OFFSET_MS = String(2 * HOUR + 60_000);
    await raiseDueAlerts();
    expect(alertsOf(rejected.id)[0]?.details).toMatchObject({ hours: 2 });
    await receiveManifest(world.people.clerk.actor(), rejected.id, {
      ...receipt("LATE-2", 45_000),
      decision: "reject",
      rejectReason: "混入生活垃圾",
    });
    await voidManifest(world.people.siteAgent.actor(), voided.id, { voidReason: "车辆返回" });
    for (const id of [rejected.id, voided.id]) {
      expect(alertsOf(id).map((a) => a.resolvedAt instanceof Date)).toEqual([true]);
    }
  });

  it("finds trips in transit through an index, not by reading every manifest", () => {
    const plan = sqlite
      .prepare(
        "EXPLAIN QUERY PLAN SELECT id FROM manifests WHERE division_code IN ('510100','510700') AND received_at IS NULL AND status = 'dispatched' AND dispatched_at < 0",
      )
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(" ")).toContain("manifests_division_received_idx");
  });
});

describe("manifest lists and the CSV export", () => {
  let world: World;
  let secondSite: number;
  /** Manifests of contractor A at fixed times in 2025, so date filters have known answers. */
  const at = (iso: string) => new Date(iso);
  let serial = 0;
  async function history(values: Partial<typeof manifests.$inferInsert> & { dispatchedAt: Date }) {
    serial++;
    const { order } = await dispatchedTrip(world);
    return insertTrip(world, {
      manifestNo: `SCHIST${String(serial).padStart(8, "0")}`,
      orderId: order.id,
      vehiclePlate: "川A99999",
      driverName: "王五",
      ...values,
    });
  }
  const ids = (rows: { manifest: { id: number } }[]) => rows.map((r) => r.manifest.id);
  const q = (input: Record<string, string>) => ManifestQuery.parse(input);
  let early: number;
  let lateEvening: number;
  let onSecondSite: number;
  let fromB: number;

  beforeAll(async () => {
    world = await makeWorld();
    secondSite = insertProject(db, { orgId: world.orgs.contractorA.id, name: "Second site" }).id;
    early = (
      await history({
        dispatchedAt: at("2025-03-01T02:00:00Z"),
        status: "received",
        weighbridgeTicket: "H-1",
        grossKg: 45_000,
        tareKg: 15_000,
        netKg: 30_000,
        receivedAt: at("2025-03-01T03:00:00Z"),
        vehiclePlate: "川A11111",
        driverName: '王"五",小',
      })
    ).id;
    // 23:30 on 2 March in Shanghai is still 2 March, though it is 15:30 UTC.
    lateEvening = (
      await history({
        dispatchedAt: at("2025-03-02T15:30:00Z"),
        status: "rejected",
        weighbridgeTicket: "H-2",
        grossKg: 45_000,
        tareKg: 15_000,
        netKg: 30_000,
        receivedAt: at("2025-03-02T16:00:00Z"),
        rejectReason: '=HYPERLINK("x")',
        vehiclePlate: "川A22222",
      })
    ).id;
    // Closed, like every trip here: an old trip in transit would raise alerts under other tests.
    onSecondSite = (
      await history({
        dispatchedAt: at("2025-03-03T02:00:00Z"),
        status: "voided",
        voidReason: "车辆故障",
        voidedAt: at("2025-03-03T03:00:00Z"),
        projectId: secondSite,
        facilityId: world.backfill.id,
        facilityType: "backfill_site",
        vehiclePlate: "川AD12345",
      })
    ).id;
    // Contractor B sends to the same recycler: R sees it, A does not.
    fromB = (
      await history({
        dispatchedAt: at("2025-03-02T02:00:00Z"),
        projectId: world.otherProject.id,
        producerOrgId: world.orgs.contractorB.id,
        divisionCode: "510700",
        vehiclePlate: "川B54321",
        status: "received",
        weighbridgeTicket: "H-3",
        grossKg: 40_000,
        tareKg: 15_000,
        netKg: 25_000,
        receivedAt: at("2025-03-02T04:00:00Z"),
      })
    ).id;
  });

  it("filters by status, dispatch day in Shanghai, project or facility, and plate", async () => {
    const contractor = world.people.contractorManager.actor();
    const recycler = world.people.clerk.actor();
    const list = async (actor: Actor, input: Record<string, string>) =>
      ids((await listMyManifests(actor, q(input))).rows);
    const window = { from: "2025-03-01", to: "2025-03-03" };
    expect(await list(contractor, window)).toEqual([onSecondSite, lateEvening, early]);
    expect(await list(recycler, window)).toEqual([onSecondSite, lateEvening, fromB, early]);
    expect(await list(world.people.otherContractor.actor(), window)).toEqual([fromB]);
    expect(await list(world.people.otherRecycler.actor(), window)).toEqual([]);
    expect(await list(contractor, { from: "2025-03-02", to: "2025-03-02" })).toEqual([lateEvening]);
    expect(await list(contractor, { from: "2025-03-03" })).not.toContain(lateEvening);
    expect(await list(contractor, { ...window, status: "received" })).toEqual([early]);
    expect(await list(contractor, { ...window, projectId: String(secondSite) })).toEqual([
      onSecondSite,
    ]);
    expect(await list(recycler, { ...window, facilityId: String(world.backfill.id) })).toEqual([
      onSecondSite,
    ]);
    expect(await list(contractor, { ...window, plate: "a2222" })).toEqual([lateEvening]);
    expect(await list(contractor, { ...window, plate: "ad 123" })).toEqual([onSecondSite]);
    // Contractor B's project id in A's filter finds nothing rather than B's trips.
    expect(await list(contractor, { projectId: String(world.otherProject.id) })).toEqual([]);
    await expectDomainError(
      async () => await list(world.people.chengduOfficer.actor(), window),
      403,
    );
  });

  it("reads unreadable filters as no filter", () => {
    expect(
      q({
        status: "lost",
        from: "2025-13-45",
        to: "yesterday",
        projectId: "0x10",
        plate: "%_",
        page: "x",
      }),
    ).toEqual({ page: 1 });
  });

  it("pages 25 at a time, newest first", async () => {
    const paged = await makeWorld();
    const { id: _first, ...trip } = (await dispatchedTrip(paged)).manifest;
    for (let i = 0; i < 29; i++) {
      insertManifest(db, {
        ...trip,
        manifestNo: `SCPAGE${String(i).padStart(8, "0")}`,
        dispatchedAt: new Date(Date.UTC(2025, 3, 1, 0, i)),
        status: "voided",
        voidReason: "test",
        voidedAt: new Date(Date.UTC(2025, 3, 1, 1)),
      });
    }
    const actor = paged.people.contractorManager.actor();
    const first = await listMyManifests(actor, q({}));
    const second = await listMyManifests(actor, q({ page: "2" }));
    expect(first.total).toBe(first.rows.length + second.rows.length);
    expect(first.rows).toHaveLength(25);
    expect(first.pageCount).toBe(Math.ceil(first.total / 25));
    const all = [...first.rows, ...second.rows].map((r) => r.manifest.dispatchedAt.getTime());
    expect(all).toEqual([...all].sort((a, b) => b - a));
    const exported = [];
    for await (const page of exportMyManifests(actor, q({}))) exported.push(...page);
    expect(exported.map((r) => r.manifest.id)).toEqual(
      [...first.rows, ...second.rows].map((r) => r.manifest.id),
    );
  });

  it("exports the same filters as CSV in the user's language, for Excel", async () => {
    const zh = await download(
      world.people.contractorManager.email,
      "/manifests.csv?from=2025-03-01&to=2025-03-03",
      "zh-CN,zh;q=0.9",
    );
    expect(zh.status).toBe(200);
    expect(zh.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(zh.headers.get("content-disposition")).toMatch(/^attachment; filename="manifests-/);
    expect([...zh.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    const lines = zh.text.slice(1).split("\r\n");
    expect(lines[0]).toBe(
      "联单编号,状态,出场时间,产生单位,项目,建筑垃圾类别,利用企业,处置设施,运输单位,车牌号,驾驶员,预估（千克）,磅单号,毛重（千克）,皮重（千克）,净重（千克）,接收时间,拒收原因,作废原因",
    );
    expect(lines.at(-1)).toBe("");
    const rows = lines.slice(1, -1);
    expect(rows).toHaveLength(3);
    const byNo = (id: number) => rows.find((r) => r.startsWith(manifestRow(id)?.manifestNo ?? "?"));
    expect(byNo(early)).toContain(',"王""五"",小",30000,H-1,45000,15000,30000,2025-03-01 11:00,,');
    expect(byNo(early)).toContain("已接收,2025-03-01 10:00");
    expect(byNo(lateEvening)).toContain(`,"'=HYPERLINK(""x"")",`);
    expect(rows.join("\n")).not.toContain("川B54321");

    const en = await download(
      world.people.contractorManager.email,
      "/manifests.csv?status=received&from=2025-03-01&to=2025-03-03",
      "en",
    );
    const enLines = en.text.slice(1).split("\r\n");
    expect(enLines[0]?.startsWith("Manifest no.,Status,Dispatched,Producer,Project")).toBe(true);
    expect(enLines.slice(1, -1)).toHaveLength(1);
    expect(enLines[1]).toContain(",Received,");

    const march = "/manifests.csv?from=2025-03-01&to=2025-03-03";
    expect((await download(world.people.clerk.email, march)).text).toContain("川B54321");
    const other = await download(world.people.otherRecycler.email, march);
    expect(other.text).not.toContain("川A11111");
    expect((await download(world.people.chengduOfficer.email, march)).status).toBe(403);
    const anonymous = await new Client(server.baseUrl).get("/manifests.csv");
    expect(anonymous.status).toBe(302);
  });

  it("escapes fields the way spreadsheets expect", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("-5")).toBe("'-5");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField(12_345)).toBe("12345");
    expect(csvField(null)).toBe("");
  });

  it("shows the filters and a CSV link with the same filters on the list page", async () => {
    const contractor = await new Client(server.baseUrl).logIn(world.people.siteAgent.email);
    const page = await contractor.get("/manifests?status=rejected&from=2025-03-01&plate=a222", {
      "Accept-Language": "en",
    });
    expect(page.status).toBe(200);
    expect(page.body).toContain(
      "/manifests.csv?status=rejected&amp;from=2025-03-01&amp;plate=A222",
    );
    expect(page.body).toContain(manifestRow(lateEvening)?.manifestNo);
    expect(page.body).not.toContain(manifestRow(early)?.manifestNo);
    expect(page.body).toContain(">Second site<");
    const nothing = await contractor.get("/manifests?from=2001-01-01&to=2001-01-02", {
      "Accept-Language": "en",
    });
    expect(nothing.body).toContain("No manifests match these filters");
    expect((await contractor.get("/manifests?from=garbage&page=-1")).status).toBe(200);
  });
});

describe("the printable manifest", () => {
  it("carries every field of the 联单 and a QR code of the manifest's address", async () => {
    const world = await makeWorld();
    const { manifest } = await dispatchedTrip(world);
    await receiveManifest(world.people.clerk.actor(), manifest.id, receipt("PRINT-1", 45_000));
    const view = await getManifest(world.people.contractorManager.actor(), manifest.id);
    for (const email of [world.people.siteAgent.email, world.people.clerk.email]) {
      const client = await new Client(server.baseUrl).logIn(email);
      const page = await client.get(`/manifests/${manifest.id}/print`, {
        "Accept-Language": "zh-CN",
      });
      expect(page.status).toBe(200);
      for (const text of [
        "建筑垃圾运输电子联单",
        manifest.manifestNo,
        view.producer.name,
        view.producer.creditCode,
        view.project.name,
        view.project.permitNo,
        view.project.address,
        "拆除垃圾",
        "成都渣土运输有限公司",
        manifest.vehiclePlate,
        "张伟",
        view.recycler.name,
        view.facility.name,
        view.facility.approvalNo,
        "PRINT-1",
        "45,000 kg",
        "30 t",
        `${server.baseUrl}/manifests/${manifest.id}`,
      ]) {
        expect(page.body, text).toContain(text.replaceAll('"', "&quot;"));
      }
      expect(page.body).toMatch(/<img[^>]*src="data:image\/svg\+xml;charset=utf-8,%3Csvg/);
    }
    const behindProxy = await (
      await new Client(server.baseUrl).logIn(world.people.clerk.email)
    ).get(`/manifests/${manifest.id}/print`, { "X-Forwarded-Proto": "https" });
    expect(behindProxy.body).toContain(
      `https://${new URL(server.baseUrl).host}/manifests/${manifest.id}`,
    );
    const other = await new Client(server.baseUrl).logIn(world.people.otherContractor.email);
    expect((await other.get(`/manifests/${manifest.id}/print`)).status).toBe(404);
  });
});

describe("notifications and the email outbox", () => {
  it("tell the counterpart of every step, and email each of its members", async () => {
    const world = await makeWorld();
    const recycler = world.people.recyclerManager.actor();
    const contractor = world.people.contractorManager.actor();
    const declined = await claimListing(recycler, world.listing.id, {
      facilityId: world.plant.id,
      quantityKg: 5_000,
      note: "",
    });
    await declineOrder(contractor, declined.id);
    const { manifest } = await dispatchedTrip(world, 30_000);
    await receiveManifest(world.people.clerk.actor(), manifest.id, receipt("N-1", 60_000));
    const rejected = (await dispatchedTrip(world)).manifest;
    await receiveManifest(world.people.clerk.actor(), rejected.id, {
      ...receipt("N-2", 45_000),
      decision: "reject",
      rejectReason: "混入生活垃圾",
    });
    const voided = (await dispatchedTrip(world)).manifest;
    await voidManifest(contractor, voided.id, { voidReason: "取消" });
    const late = (await dispatchedTrip(world)).manifest;
    process.env.CLOCK_OFFSET_MS = String(7 * HOUR);
    await raiseDueAlerts();

    const kinds = async (actor: Actor) => (await listNotifications(actor)).rows.map((n) => n.kind);
    expect((await kinds(contractor)).sort()).toEqual(
      [
        "claim_requested",
        "claim_requested",
        "claim_requested",
        "claim_requested",
        "claim_requested",
        "manifest_received",
        "alert_weight_discrepancy",
        "manifest_rejected",
        "alert_unclosed_manifest",
      ].sort(),
    );
    expect((await kinds(recycler)).sort()).toEqual(
      [
        "claim_declined",
        "claim_accepted",
        "claim_accepted",
        "claim_accepted",
        "claim_accepted",
        "manifest_dispatched",
        "manifest_dispatched",
        "manifest_dispatched",
        "manifest_dispatched",
        "alert_weight_discrepancy",
        "manifest_voided",
        "alert_unclosed_manifest",
      ].sort(),
    );
    // Newest first, each pointing at its record.
    const newest = (await listNotifications(contractor)).rows[0];
    expect(newest?.kind).toBe("alert_unclosed_manifest");
    expect(notificationHref(newest?.entityType ?? "", newest?.entityId ?? "")).toBe(
      `/manifests/${late.id}`,
    );

    // Every notification is one email per member: 2 at the contractor, 3 at the recycler.
    const emailsTo = (orgId: number) => {
      const members = db.select().from(users).where(eq(users.orgId, orgId)).all();
      return db
        .select()
        .from(emailOutbox)
        .where(
          inArray(
            emailOutbox.toEmail,
            members.map((m) => m.email),
          ),
        )
        .all();
    };
    expect(emailsTo(world.orgs.contractorA.id)).toHaveLength(9 * 2);
    expect(emailsTo(world.orgs.recyclerR.id)).toHaveLength(12 * 3);
    const voidMail = emailsTo(world.orgs.recyclerR.id).find((e) => e.subject.includes("作废"));
    expect(voidMail?.subject).toBe(
      `联单 ${voided.manifestNo} 已作废：取消 / Manifest ${voided.manifestNo} was voided: 取消`,
    );
    expect(voidMail?.body).toContain(`/manifests/${voided.id}`);
    expect(voidMail?.sentAt).toBeNull();

    // Reading is per organisation: the contractor's "mark all read" leaves the recycler's unread.
    expect(await unreadCount(contractor)).toBe(9);
    await markAllRead(world.people.siteAgent.actor());
    expect(await unreadCount(contractor)).toBe(0);
    expect(await unreadCount(recycler)).toBe(12);
    expect(
      db
        .select()
        .from(notifications)
        .where(
          and(eq(notifications.orgId, world.orgs.contractorA.id), isNull(notifications.readAt)),
        )
        .all(),
    ).toEqual([]);
    await expectDomainError(async () => await unreadCount(world.people.admin.actor()), 403);
  });

  it("counts unread in the header and marks all read from the notification centre", async () => {
    const world = await makeWorld();
    await dispatchedTrip(world);
    await dispatchedTrip(world);
    const clerk = await new Client(server.baseUrl).logIn(world.people.clerk.email);
    const home = await clerk.get("/", { "Accept-Language": "en" });
    expect(home.body).toContain('<span class="count-badge">4</span>');
    const centre = await clerk.get("/notifications", { "Accept-Language": "en" });
    expect(centre.status).toBe(200);
    expect(centre.body.match(/notification notification--unread/g)).toHaveLength(4);
    expect(centre.body).toContain("Mark all read");
    const marked = await clerk.post("/notifications", {});
    expect(marked.status).toBe(302);
    expect(marked.location).toBe("/notifications");
    const after = await clerk.get("/notifications", { "Accept-Language": "en" });
    expect(after.body).not.toContain("notification--unread");
    expect(after.body).not.toContain("Mark all read");
    const homeAfter = (await clerk.get("/", { "Accept-Language": "en" })).body;
    expect(homeAfter).toContain('class="notifications-link"');
    expect(homeAfter).not.toContain("count-badge");
    const admin = await new Client(server.baseUrl).logIn(world.people.admin.email);
    expect((await admin.get("/notifications")).status).toBe(403);
    const empty = await new Client(server.baseUrl).logIn(world.people.otherRecycler.email);
    expect((await empty.get("/notifications", { "Accept-Language": "en" })).body).toContain(
      "No notifications",
    );
  });
});

/** Just enough of an SMTP server (RFC 5321) on loopback to accept mail, or refuse one recipient. */
async function startSmtp(refuse: (recipient: string) => boolean) {
  const received: { to: string; data: string }[] = [];
  const server: Server = createServer((socket) => {
    let buffer = "";
    let inData = false;
    let to = "";
    socket.setNoDelay(true);
    socket.write("220 localhost test SMTP\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          received.push({ to, data: buffer.slice(0, end) });
          buffer = buffer.slice(end + 5);
          inData = false;
          socket.write("250 2.0.0 queued\r\n");
          continue;
        }
        const eol = buffer.indexOf("\r\n");
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO" || verb === "HELO") socket.write("250 localhost\r\n");
        else if (verb === "MAIL" || verb === "RSET" || verb === "NOOP") socket.write("250 OK\r\n");
        else if (verb === "RCPT") {
          to = /<([^>]*)>/.exec(line)?.[1] ?? "";
          socket.write(refuse(to) ? "550 5.1.1 no such user\r\n" : "250 OK\r\n");
        } else if (verb === "DATA") {
          inData = true;
          socket.write("354 go ahead\r\n");
        } else if (verb === "QUIT") socket.end("221 bye\r\n");
        else socket.write("502 not implemented\r\n");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => server.close() };
}

/** The text of a single-part message as sent, undoing its transfer encoding. */
function bodyOf(message: string): string {
  const split = message.indexOf("\r\n\r\n");
  const head = message.slice(0, split);
  const body = message.slice(split + 4);
  if (/^content-transfer-encoding: base64/im.test(head)) {
    return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  }
  if (/^content-transfer-encoding: quoted-printable/im.test(head)) {
    const soft = body.replace(/=\r\n/g, "");
    const bytes: number[] = [];
    for (let i = 0; i < soft.length; i++) {
      if (soft[i] === "=") {
        bytes.push(Number.parseInt(soft.slice(i + 1, i + 3), 16));
        i += 2;
      } else bytes.push(soft.charCodeAt(i));
    }
    return Buffer.from(bytes).toString("utf8");
  }
  return body;
}

describe("email delivery", () => {
  it("leaves the outbox unsent without SMTP_URL", async () => {
    const unsent = () => db.select().from(emailOutbox).where(isNull(emailOutbox.sentAt)).all();
    const before = unsent().length;
    expect(await deliverOutbox(undefined)).toEqual({ sent: 0, failed: 0 });
    expect(unsent().length).toBe(before);
  });

  it("sends every unsent email through SMTP and keeps the refused ones for a retry", async () => {
    const world = await makeWorld();
    const refused = world.people.recyclerSales.email;
    const smtp = await startSmtp((to) => to === refused);
    // Mail queued by the tests above is not this test's business (and would take a while).
    db.update(emailOutbox).set({ sentAt: new Date() }).where(isNull(emailOutbox.sentAt)).run();
    try {
      const { manifest } = await dispatchedTrip(world);
      let total = { sent: 0, failed: 0 };
      for (;;) {
        const run = await deliverOutbox(smtp.url, "Rebuild Exchange <noreply@example.test>");
        total = { sent: total.sent + run.sent, failed: total.failed + run.failed };
        if (run.sent === 0) break;
      }
      // Claim to the contractor's 2 members; acceptance and dispatch to the recycler's 3, of
      // whom one address is refused (and tried again on the second run).
      expect(total).toEqual({ sent: 2 + 2 + 2, failed: 2 + 2 });
      expect(smtp.received).toHaveLength(6);
      const waiting = db.select().from(emailOutbox).where(isNull(emailOutbox.sentAt)).all();
      expect(waiting).toHaveLength(2);
      expect(waiting.every((r) => r.toEmail === refused && r.lastError?.includes("550"))).toBe(
        true,
      );
      const clerkMail = smtp.received.find(
        (m) => m.to === world.people.clerk.email && bodyOf(m.data).includes(manifest.manifestNo),
      );
      expect(clerkMail?.data).toContain("From: Rebuild Exchange <noreply@example.test>");
      expect(bodyOf(clerkMail?.data ?? "")).toContain(`车辆 ${manifest.vehiclePlate} 已出发`);
      expect(bodyOf(clerkMail?.data ?? "")).toContain(`/manifests/${manifest.id}`);
    } finally {
      smtp.close();
    }
  });
});
