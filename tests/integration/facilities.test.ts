/**
 * Facilities: registering with a gate fee, editing (who may, whose, what is audited, bad input
 * changes nothing), and the approval warnings on the list and the facility's own page — with
 * the rule they warn about: an expired approval stops claims and receipts.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { auditEvents, facilities } from "#db/schema";
import { insertFacility } from "#seed/factories";
import { now, shanghaiDate } from "~/domain/clock";
import { approvalDaysLeft, approvalStatus } from "~/domain/facilities/facilities.server";
import { en } from "~/i18n/messages";
import { Client } from "../support/http";
import { type RunningServer, startServer } from "../support/server";
import { makeWorld, type World } from "../support/world";

const DAY = 86_400_000;
const day = (offset: number) => shanghaiDate(new Date(now().getTime() + offset * DAY));
const EN = { "Accept-Language": "en" };

let world: World;
let server: RunningServer;
let manager: Client;

const facilityRow = (id: number) => db.select().from(facilities).where(eq(facilities.id, id)).get();

const form = (values: Record<string, string | string[]> = {}) => ({
  name: "青白江再生骨料厂 二期",
  type: "recycling_plant",
  divisionCode: "510100",
  address: "成都市青白江区工业园区 8 号",
  lat: "30.81",
  lon: "104.26",
  acceptedClasses: ["demolition_waste", "construction_waste"],
  acceptedMaterials: ["concrete", "brick_masonry"],
  annualCapacityKg: "450000",
  approvalNo: "川建垃处核〔2026〕201号",
  approvalExpiresOn: day(400),
  gateFeeFenPerTonne: "12.50",
  ...values,
});

beforeAll(async () => {
  world = await makeWorld();
  server = await startServer();
  manager = await new Client(server.baseUrl).logIn(world.people.recyclerManager.email);
});
afterAll(() => server?.stop());

describe("registering a facility", () => {
  it("takes its gate fee in yuan per tonne, stored as fen; blank is free", async () => {
    const created = await manager.post("/facilities/new", form({ name: "Gate fee plant" }));
    expect(created.status).toBe(302);
    const row = db.select().from(facilities).where(eq(facilities.name, "Gate fee plant")).get();
    expect(row).toMatchObject({ gateFeeFenPerTonne: 1250, annualCapacityKg: 450_000_000 });
    await manager.post("/facilities/new", form({ name: "Free plant", gateFeeFenPerTonne: "" }));
    expect(
      db.select().from(facilities).where(eq(facilities.name, "Free plant")).get()
        ?.gateFeeFenPerTonne,
    ).toBe(0);
  });
});

describe("editing a facility", () => {
  it("changes every field and audits what changed", async () => {
    const facility = insertFacility(db, { orgId: world.orgs.recyclerR.id, name: "Old name" });
    const response = await manager.post(
      `/facilities/${facility.id}/edit`,
      form({ name: "New name", approvalExpiresOn: day(200), gateFeeFenPerTonne: "30" }),
    );
    expect(response.status).toBe(302);
    expect(response.location).toBe(`/facilities/${facility.id}`);
    expect(facilityRow(facility.id)).toMatchObject({
      name: "New name",
      type: "recycling_plant",
      address: "成都市青白江区工业园区 8 号",
      lat: 30.81,
      lon: 104.26,
      acceptedClasses: ["demolition_waste", "construction_waste"],
      acceptedMaterials: ["concrete", "brick_masonry"],
      annualCapacityKg: 450_000_000,
      approvalNo: "川建垃处核〔2026〕201号",
      approvalExpiresOn: day(200),
      gateFeeFenPerTonne: 3000,
      orgId: world.orgs.recyclerR.id,
    });
    const events = db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.entityType, "facility"), eq(auditEvents.entityId, String(facility.id))),
      )
      .all();
    expect(events.map((e) => e.action)).toEqual(["facility.updated"]);
    const [event] = events;
    expect(event?.actorUserId).toBe(world.people.recyclerManager.id);
    expect(event?.data).toMatchObject({
      changes: {
        name: { from: "Old name", to: "New name" },
        gateFeeFenPerTonne: { from: 0, to: 3000 },
        approvalExpiresOn: { from: "2099-12-31", to: day(200) },
      },
    });
  });

  it("shows the form filled in with the facility", async () => {
    const facility = insertFacility(db, {
      orgId: world.orgs.recyclerR.id,
      name: "Prefilled",
      gateFeeFenPerTonne: 1505,
    });
    const page = await manager.get(`/facilities/${facility.id}/edit`, EN);
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/name="name"[^>]*value="Prefilled"/);
    expect(page.body).toMatch(/name="gateFeeFenPerTonne"[^>]*value="15.05"/);
    expect(page.body).toMatch(/<input(?=[^>]*value="demolition_waste")(?=[^>]*checked="")[^>]*>/);
    expect(page.body).not.toMatch(
      /<input(?=[^>]*value="engineering_muck")(?=[^>]*checked="")[^>]*>/,
    );
  });

  it("is for the recycler's manager, on its own facilities only", async () => {
    const facility = insertFacility(db, { orgId: world.orgs.recyclerR.id, name: "Guarded" });
    const before = facilityRow(facility.id);
    const attempts: [string, number][] = [
      [world.people.recyclerSales.email, 403],
      [world.people.clerk.email, 403],
      [world.people.contractorManager.email, 403],
      [world.people.otherRecycler.email, 404],
    ];
    for (const [email, status] of attempts) {
      const client = await new Client(server.baseUrl).logIn(email);
      const posted = await client.post(
        `/facilities/${facility.id}/edit`,
        form({ name: "Hijacked" }),
      );
      expect(posted.status, email).toBe(status);
      expect((await client.get(`/facilities/${facility.id}/edit`)).status, email).toBe(status);
    }
    expect(facilityRow(facility.id)).toEqual(before);
    const other = await new Client(server.baseUrl).logIn(world.people.otherRecycler.email);
    expect((await other.get(`/facilities/${facility.id}`)).status).toBe(404);
    expect((await manager.post("/facilities/abc/edit", form())).status).toBe(404);
  });

  it("refuses bad input with a message per field and changes nothing", async () => {
    const facility = insertFacility(db, { orgId: world.orgs.recyclerR.id, name: "Untouched" });
    const before = facilityRow(facility.id);
    const response = await manager.post(
      `/facilities/${facility.id}/edit`,
      form({
        gateFeeFenPerTonne: "12.345",
        lat: "40",
        acceptedClasses: [],
        approvalExpiresOn: "31/12/2026",
        annualCapacityKg: "-5",
      }),
      EN,
    );
    expect(response.status).toBe(400);
    for (const message of [
      en["form.money"],
      en["form.coordinatesSichuan"],
      en["form.chooseAtLeastOne"],
      en["form.date"],
      en["form.quantityTooSmall"],
    ]) {
      expect(response.body).toContain(message);
    }
    expect(response.body).toMatch(/name="gateFeeFenPerTonne"[^>]*value="12.345"/);
    expect(facilityRow(facility.id)).toEqual(before);
  });
});

describe("approval warnings", () => {
  it("count whole Shanghai days: expired after the last valid day, a warning within 30", () => {
    const at = new Date("2026-03-10T17:00:00Z"); // 01:00 on 11 March in Shanghai
    const check = (approvalExpiresOn: string) => [
      approvalStatus({ approvalExpiresOn }, at),
      approvalDaysLeft({ approvalExpiresOn }, at),
    ];
    expect(check("2026-03-10")).toEqual(["expired", -1]);
    expect(check("2026-03-11")).toEqual(["expiring", 0]);
    expect(check("2026-04-10")).toEqual(["expiring", 30]);
    expect(check("2026-04-11")).toEqual(["valid", 31]);
  });

  it("show on the facility's page and on the list", async () => {
    const expired = insertFacility(db, {
      orgId: world.orgs.recyclerR.id,
      name: "Lapsed yard",
      approvalExpiresOn: day(-2),
    });
    const expiring = insertFacility(db, {
      orgId: world.orgs.recyclerR.id,
      name: "Renew-soon yard",
      approvalExpiresOn: day(12),
    });
    const expiredPage = (await manager.get(`/facilities/${expired.id}`, EN)).body;
    expect(expiredPage).toContain(
      en["facility.expiredNotice"].replace("{date}", expired.approvalExpiresOn),
    );
    expect(expiredPage).toContain(`>${en["status.expired"]}</span>`);
    const expiringPage = (await manager.get(`/facilities/${expiring.id}`, EN)).body;
    expect(expiringPage).toContain(
      en["facility.expiringNotice"]
        .replace("{date}", expiring.approvalExpiresOn)
        .replace("{days}", "12"),
    );
    const valid = (await manager.get(`/facilities/${world.plant.id}`, EN)).body;
    expect(valid).not.toContain('class="alert');
    const list = (await manager.get("/facilities", EN)).body;
    expect(list).toContain(en["facility.expiredShort"]);
    expect(list).toContain(en["facility.expiringShort"].replace("{days}", "12"));
    expect(list).toContain(`href="/facilities/${expiring.id}"`);
  });

  it("mean what they say: an expired approval stops claims until it is renewed", async () => {
    const facility = insertFacility(db, { orgId: world.orgs.recyclerR.id, name: "Renewed yard" });
    const claim = () =>
      manager.post(
        `/listings/${world.listing.id}`,
        { intent: "claim", facilityId: String(facility.id), quantityKg: "1" },
        EN,
      );
    await manager.post(`/facilities/${facility.id}/edit`, form({ approvalExpiresOn: day(-1) }));
    const refused = await claim();
    expect(refused.status).toBe(422);
    expect(refused.body).toContain(en["facility.approvalExpired"]);
    await manager.post(`/facilities/${facility.id}/edit`, form({ approvalExpiresOn: day(90) }));
    expect((await claim()).status).toBe(302);
  });
});
