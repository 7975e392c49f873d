/**
 * Matching a listing to facilities (ranking, approvals, haul cost and CO₂ in whole fen and grams)
 * and feedstock alerts: who is told about a newly opened listing, and only once.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client";
import {
  auditEvents,
  emailOutbox,
  feedstockSubscriptions,
  notifications,
  settings,
} from "#db/schema";
import {
  insertFacility,
  insertFeedstockSubscription,
  insertListing,
  insertOrganisation,
  insertProject,
} from "#seed/factories";
import { now, shanghaiDate } from "~/domain/clock";
import { DomainError } from "~/domain/errors";
import { SubscriptionInput } from "~/domain/feedstock/schemas";
import {
  createSubscription,
  deleteSubscription,
  listSubscriptions,
} from "~/domain/feedstock/subscriptions.server";
import { createListing, publishListing } from "~/domain/listings/listings.server";
import { ListingInput } from "~/domain/listings/schemas";
import { estimateHaul } from "~/domain/matching/haul";
import { matchFacilities } from "~/domain/matching/matching.server";
import { expectDomainError } from "../support/domain-errors";
import { destination } from "../support/geo";
import { Client } from "../support/http";
import { type RunningServer, startServer } from "../support/server";
import { makeWorld, type World } from "../support/world";

const DAY = 86_400_000;
const day = (offset: number) => shanghaiDate(new Date(now().getTime() + offset * DAY));
/** Somewhere in Liangshan, far from the world's Chengdu and Mianyang. */
const SITE = { lat: 27.9, lon: 102.3 };

let world: World;
let server: RunningServer;

beforeAll(async () => {
  world = await makeWorld();
  server = await startServer();
});
afterAll(() => server?.stop());

const concrete = {
  acceptedClasses: ["demolition_waste"],
  acceptedMaterials: ["concrete"],
};

describe("matching a listing to facilities", () => {
  let listingId: number;
  let near: ReturnType<typeof insertFacility>;
  let far: ReturnType<typeof insertFacility>;
  let own: ReturnType<typeof insertFacility>;
  let expiring: ReturnType<typeof insertFacility>;
  const excluded: number[] = [];

  beforeAll(() => {
    const project = insertProject(db, { orgId: world.orgs.contractorA.id, ...SITE });
    listingId = insertListing(db, {
      projectId: project.id,
      orgId: world.orgs.contractorA.id,
      divisionCode: "513400",
      ...SITE,
      wasteClass: "demolition_waste",
      material: "concrete",
      quantityKg: 150_000,
      allocatedKg: 50_000,
    }).id;
    const other = world.orgs.recyclerS.id;
    // 10 km straight, 13 km by road: haul ¥7.80/t, so ¥20 + ¥7.80 delivered.
    near = insertFacility(db, {
      orgId: other,
      ...destination(SITE, 10, 0),
      ...concrete,
      gateFeeFenPerTonne: 2000,
    });
    // 30 km straight, 39 km by road: haul ¥23.40/t and no gate fee, so cheaper delivered.
    far = insertFacility(db, {
      orgId: other,
      ...destination(SITE, 30, 90),
      ...concrete,
      gateFeeFenPerTonne: 0,
    });
    // The recycler's own, dearest of all: still first for its own people.
    own = insertFacility(db, {
      orgId: world.orgs.recyclerR.id,
      ...destination(SITE, 50, 180),
      ...concrete,
      gateFeeFenPerTonne: 3000,
    });
    expiring = insertFacility(db, {
      orgId: other,
      ...destination(SITE, 20, 270),
      ...concrete,
      gateFeeFenPerTonne: 1000,
      approvalExpiresOn: day(10),
    });
    excluded.push(
      insertFacility(db, {
        orgId: other,
        ...destination(SITE, 5, 45),
        ...concrete,
        approvalExpiresOn: day(-1),
      }).id,
      insertFacility(db, {
        orgId: other,
        ...destination(SITE, 5, 135),
        acceptedClasses: ["demolition_waste"],
        acceptedMaterials: ["brick_masonry"],
      }).id,
      insertFacility(db, {
        orgId: other,
        ...destination(SITE, 5, 225),
        acceptedClasses: ["engineering_muck"],
        acceptedMaterials: ["concrete"],
      }).id,
    );
  });

  it("ranks by gate fee plus haul per tonne, leaving out expired approvals and other waste", async () => {
    const result = await matchFacilities(world.people.contractorManager.actor(), listingId);
    const ids = result.matches.map((m) => m.facilityId);
    for (const id of excluded) expect(ids).not.toContain(id);
    // expiring: 20 km → 26 km by road → ¥15.60/t haul + ¥10 = ¥25.60.
    expect(ids.indexOf(far.id)).toBeLessThan(ids.indexOf(expiring.id));
    expect(ids.indexOf(expiring.id)).toBeLessThan(ids.indexOf(near.id));
    expect(ids.indexOf(near.id)).toBeLessThan(ids.indexOf(own.id));
    expect(result.matches.find((m) => m.facilityId === expiring.id)?.approval).toBe("expiring");
    expect(result.matches.every((m) => !m.mine)).toBe(true);
  });

  it("gives haul cost and CO₂ exactly, in whole fen and grams, for what is still available", async () => {
    const result = await matchFacilities(world.people.contractorManager.actor(), listingId);
    expect(result.quantityKg).toBe(100_000);
    expect(result.factors).toEqual({
      roadFactor: 1.3,
      costFenPerTonneKm: 60,
      co2GramsPerTonneKm: 78,
    });
    const byId = new Map(result.matches.map((m) => [m.facilityId, m]));
    expect(byId.get(near.id)).toMatchObject({
      gateFeeFenPerTonne: 2000,
      // 100 t × 13 km × ¥0.60 = ¥780; 100 t × 13 km × 78 g = 101.4 kg.
      haul: {
        roadMetres: 13_000,
        costFenPerTonne: 780,
        costFen: 78_000,
        co2GramsPerTonne: 1_014,
        co2Grams: 101_400,
      },
      deliveredFenPerTonne: 2_780,
    });
    expect(byId.get(far.id)).toMatchObject({
      haul: {
        roadMetres: 39_000,
        costFenPerTonne: 2_340,
        costFen: 234_000,
        co2GramsPerTonne: 3_042,
        co2Grams: 304_200,
      },
      deliveredFenPerTonne: 2_340,
    });
    expect(byId.get(near.id)?.straightKm).toBeCloseTo(10, 9);
  });

  it("shows a recycler its own facilities first", async () => {
    const result = await matchFacilities(world.people.recyclerSales.actor(), listingId);
    const mine = result.matches.map((m) => m.mine);
    // Its two (this one and the world's Chengdu plant), dearest or not, then everyone else's.
    expect(mine).toEqual([true, true, ...Array(mine.length - 2).fill(false)]);
    expect(result.matches[0]).toMatchObject({ facilityId: own.id, mine: true });
  });

  it("uses the configured haul cost", async () => {
    db.insert(settings).values({ key: "haulCostFenPerTonneKm", value: 75, updatedAt: now() }).run();
    try {
      const result = await matchFacilities(world.people.contractorManager.actor(), listingId);
      const match = result.matches.find((m) => m.facilityId === near.id);
      // 100 t × 13 km × ¥0.75 = ¥975.
      expect(match?.haul).toMatchObject({ costFenPerTonne: 975, costFen: 97_500 });
      expect(result.factors.costFenPerTonneKm).toBe(75);
    } finally {
      db.delete(settings).where(eq(settings.key, "haulCostFenPerTonneKm")).run();
    }
  });

  it("is not shown to someone who may not see the listing", async () => {
    await expect(matchFacilities(world.people.provinceOfficer.actor(), listingId)).rejects.toThrow(
      DomainError,
    );
  });

  it("is on the listing page, labelled as estimates with their factors", async () => {
    const contractor = await new Client(server.baseUrl).logIn(world.people.contractorManager.email);
    const en = await contractor.get(`/listings/${listingId}`, { "Accept-Language": "en" });
    expect(en.status).toBe(200);
    expect(en.body).toContain("Facilities that can take this waste");
    expect(en.body).toContain("Road distance ≈ straight line × 1.3.");
    expect(en.body).toContain("GB/T 51366, heavy diesel truck 30 t: 0.078 kg CO₂e/t·km");
    expect(en.body).toContain("¥780.00 in all");
    expect(en.body).toContain("≈ 13.0 km");
    const zh = await contractor.get(`/listings/${listingId}`, { "Accept-Language": "zh-CN" });
    expect(zh.body).toContain("可接收此废料的处置设施");
    expect(zh.body).toContain("0.078 kg CO₂e/(t·km)");
  });
});

describe("haul estimates", () => {
  const factors = { roadFactor: 1.3, costFenPerTonneKm: 60, co2GramsPerTonneKm: 78 };

  it("round half up to whole fen and grams", () => {
    // 1 km straight → 1,300 m; 1.5 t → 1.5 × 1.3 × 60 = 117 fen; × 78 g = 152.1 g → 152 g.
    expect(estimateHaul(1, 1_500, factors)).toEqual({
      roadMetres: 1_300,
      costFenPerTonne: 78,
      costFen: 117,
      co2GramsPerTonne: 101,
      co2Grams: 152,
    });
    // 0.025 t × 1 km × 60 fen = 1.5 fen → 2 fen.
    expect(estimateHaul(1 / 1.3, 25, factors)).toMatchObject({ roadMetres: 1_000, costFen: 2 });
    // One 2.5 kg brick over 10 km by road: 0.0025 t × 10 km × 60 fen = 1.5 fen → 2; × 78 g = 1.95 g → 2.
    expect(estimateHaul(10 / 1.3, 2.5, factors)).toMatchObject({ costFen: 2, co2Grams: 2 });
  });

  it("stays exact for the largest listing over the longest road", () => {
    const result = estimateHaul(1_000, 1_000_000_000, factors);
    expect(result.roadMetres).toBe(1_300_000);
    // 1,000,000 t × 1,300 km × 60 fen and × 78 g, beyond double precision's whole numbers.
    expect(result.costFen).toBe(78_000_000_000);
    expect(result.co2Grams).toBe(101_400_000_000);
  });
});

describe("feedstock alerts", () => {
  const origin = { lat: 29.4, lon: 105.9 };
  let project: ReturnType<typeof insertProject>;
  let tOrg: ReturnType<typeof insertOrganisation>;
  let uOrg: ReturnType<typeof insertOrganisation>;

  const listingInput = (values: Partial<Record<string, string>> = {}) =>
    ListingInput.parse({
      projectId: String(project.id),
      wasteClass: "demolition_waste",
      material: "concrete",
      quantityKg: "300",
      availableFrom: day(0),
      availableUntil: day(40),
      priceFenPerTonne: "12",
      payer: "recycler",
      ...values,
    });

  const notified = (listingId: number) =>
    db
      .select({ orgId: notifications.orgId, params: notifications.params })
      .from(notifications)
      .where(
        and(
          eq(notifications.kind, "feedstock_match"),
          eq(notifications.entityType, "listing"),
          eq(notifications.entityId, String(listingId)),
        ),
      )
      .all();

  beforeAll(() => {
    project = insertProject(db, {
      orgId: world.orgs.contractorA.id,
      divisionCode: "510500",
      ...origin,
    });
    tOrg = insertOrganisation(db, { kind: "recycler", name: "T recycling" });
    uOrg = insertOrganisation(db, { kind: "recycler", name: "U recycling" });
    const at = (orgId: number, km: number, values = {}) =>
      insertFacility(db, { orgId, ...destination(origin, km, 30), ...values });
    // R: two facilities whose alerts both match; it hears once, about the nearer one.
    const rNear = at(world.orgs.recyclerR.id, 12, { name: "R near yard" });
    const rFar = at(world.orgs.recyclerR.id, 25, { name: "R far yard" });
    insertFeedstockSubscription(db, {
      orgId: world.orgs.recyclerR.id,
      facilityId: rFar.id,
      wasteClasses: ["demolition_waste", "construction_waste"],
      radiusKm: 40,
    });
    insertFeedstockSubscription(db, {
      orgId: world.orgs.recyclerR.id,
      facilityId: rNear.id,
      wasteClasses: ["demolition_waste"],
      materials: ["concrete", "brick_masonry"],
      radiusKm: 20,
    });
    // S: the listing is 30 km away, outside its 25 km.
    insertFeedstockSubscription(db, {
      orgId: world.orgs.recyclerS.id,
      facilityId: at(world.orgs.recyclerS.id, 30).id,
      wasteClasses: ["demolition_waste"],
      radiusKm: 25,
    });
    // T: wants brick only; U: wants muck only, and has an expired facility that wants anything.
    insertFeedstockSubscription(db, {
      orgId: tOrg.id,
      facilityId: at(tOrg.id, 5).id,
      wasteClasses: ["demolition_waste"],
      materials: ["brick_masonry"],
    });
    insertFeedstockSubscription(db, {
      orgId: uOrg.id,
      facilityId: at(uOrg.id, 5).id,
      wasteClasses: ["engineering_muck"],
    });
    insertFeedstockSubscription(db, {
      orgId: uOrg.id,
      facilityId: at(uOrg.id, 5, { approvalExpiresOn: day(-1) }).id,
      wasteClasses: ["demolition_waste"],
    });
  });

  it("tell each matching organisation once, in the transaction that opens the listing", async () => {
    const listing = await createListing(world.people.contractorManager.actor(), listingInput());
    const sent = notified(listing.id);
    expect(sent).toEqual([
      {
        orgId: world.orgs.recyclerR.id,
        params: { facility: "R near yard", quantity: "300 t", material: "废混凝土 / Concrete" },
      },
    ]);
    const mail = db.select().from(emailOutbox).all();
    expect(mail.some((m) => m.body.includes(`/listings/${listing.id}`))).toBe(true);
  });

  it("wait for a draft to be published, then tell once", async () => {
    const actor = world.people.contractorManager.actor();
    const draft = await createListing(
      actor,
      listingInput({ publish: "draft", material: "brick_masonry" }),
    );
    expect(notified(draft.id)).toEqual([]);
    await publishListing(actor, draft.id);
    expect(
      notified(draft.id)
        .map((n) => n.orgId)
        .sort(),
    ).toEqual([world.orgs.recyclerR.id, tOrg.id].sort());
    await expect(publishListing(actor, draft.id)).rejects.toThrow(DomainError);
    expect(notified(draft.id)).toHaveLength(2);
  });

  it("are created and deleted by a recycler's manager or sales, for their own facilities", async () => {
    const sales = world.people.recyclerSales.actor();
    const input = SubscriptionInput.parse({
      wasteClasses: "construction_waste,demolition_waste",
      materials: "",
      radiusKm: "35",
    });
    const created = await createSubscription(sales, world.plant.id, input);
    expect(created).toMatchObject({
      orgId: world.orgs.recyclerR.id,
      facilityId: world.plant.id,
      wasteClasses: ["construction_waste", "demolition_waste"],
      materials: [],
      radiusKm: 35,
    });
    expect(
      (await listSubscriptions(world.people.clerk.actor(), world.plant.id)).map((s) => s.id),
    ).toContain(created.id);
    await expectDomainError(
      async () => await createSubscription(world.people.clerk.actor(), world.plant.id, input),
      403,
    );
    await expectDomainError(
      async () =>
        await createSubscription(world.people.contractorManager.actor(), world.plant.id, input),
      403,
    );
    await expectDomainError(
      async () => await createSubscription(sales, world.otherPlant.id, input),
      404,
    );
    const lapsed = insertFacility(db, {
      orgId: world.orgs.recyclerR.id,
      approvalExpiresOn: day(-3),
    });
    await expectDomainError(async () => await createSubscription(sales, lapsed.id, input), 409);
    await expectDomainError(
      async () => await deleteSubscription(world.people.otherRecycler.actor(), created.id),
      404,
    );
    await deleteSubscription(world.people.recyclerManager.actor(), created.id);
    expect(
      db
        .select()
        .from(feedstockSubscriptions)
        .where(eq(feedstockSubscriptions.id, created.id))
        .get(),
    ).toBeUndefined();
    const actions = db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.entityType, "feedstock_subscription"),
          eq(auditEvents.entityId, String(created.id)),
        ),
      )
      .all()
      .map((a) => a.action);
    expect(actions).toEqual(["feedstock_subscription.created", "feedstock_subscription.deleted"]);
  });

  it("are managed on the facility's alerts page, without JavaScript, and bad input changes nothing", async () => {
    const sales = await new Client(server.baseUrl).logIn(world.people.recyclerSales.email);
    const path = `/facilities/${world.backfill.id}/alerts`;
    const count = () =>
      db
        .select()
        .from(feedstockSubscriptions)
        .where(eq(feedstockSubscriptions.facilityId, world.backfill.id))
        .all().length;
    const bad = await sales.post(
      path,
      { intent: "create", wasteClasses: [], radiusKm: "0" },
      { "Accept-Language": "en" },
    );
    expect(bad.status).toBe(400);
    expect(bad.body).toContain("Choose at least one.");
    expect(bad.body).toContain("Enter a radius from 1 to 500 km.");
    expect(count()).toBe(0);
    const created = await sales.post(path, {
      intent: "create",
      wasteClasses: ["engineering_muck"],
      materials: ["soil"],
      radiusKm: "60",
    });
    expect(created.status).toBe(302);
    expect(created.location).toBe(path);
    expect(count()).toBe(1);
    const page = await sales.get(path, { "Accept-Language": "en" });
    expect(page.body).toContain("Within 60 km of the facility");
    const id = db
      .select()
      .from(feedstockSubscriptions)
      .where(eq(feedstockSubscriptions.facilityId, world.backfill.id))
      .get()?.id;
    const clerk = await new Client(server.baseUrl).logIn(world.people.clerk.email);
    expect((await clerk.post(path, { intent: "delete", subscriptionId: String(id) })).status).toBe(
      403,
    );
    const other = await new Client(server.baseUrl).logIn(world.people.otherRecycler.email);
    expect((await other.get(path)).status).toBe(404);
    expect((await sales.post(path, { intent: "delete", subscriptionId: "x1" })).status).toBe(400);
    expect((await sales.post(path, { intent: "delete", subscriptionId: String(id) })).status).toBe(
      302,
    );
    expect(count()).toBe(0);
  });
});
