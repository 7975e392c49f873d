import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { auditEvents, manifests, wasteListings, wasteOrders } from "#db/schema";
import { shanghaiMonth } from "~/domain/clock";
import { utilization } from "~/domain/stats/utilization.server";
import { Client } from "../support/http";
import { type RunningServer, startServer } from "../support/server";
import { makeWorld, type World } from "../support/world";

let server: RunningServer;
let world: World;

beforeAll(async () => {
  world = await makeWorld();
  server = await startServer();
});
afterAll(() => server?.stop());

const month = shanghaiMonth(new Date());

describe("the first tonne, end to end over HTTP", () => {
  it("moves from a new listing to the department's figures", async () => {
    const contractor = await new Client(server.baseUrl).logIn(world.people.contractorManager.email);
    const recycler = await new Client(server.baseUrl).logIn(world.people.recyclerManager.email);
    const clerk = await new Client(server.baseUrl).logIn(world.people.clerk.email);
    const period = { from: month, to: month };
    const provinceBefore = (await utilization(world.people.provinceOfficer.actor(), period)).total;
    const chengduBefore = (await utilization(world.people.chengduOfficer.actor(), period)).total;
    const mianyangBefore = (await utilization(world.people.mianyangOfficer.actor(), period)).total;

    const created = await contractor.post(`/projects/${world.project.id}/listings/new`, {
      wasteClass: "demolition_waste",
      material: "concrete",
      quantityKg: "120.5",
      availableFrom: "2026-01-01",
      availableUntil: "2099-01-01",
      payer: "recycler",
      priceFenPerTonne: "12.50",
      publish: "open",
    });
    expect(created.status).toBe(302);
    const listingId = Number(created.location?.split("/").pop());
    const listing = db.select().from(wasteListings).where(eq(wasteListings.id, listingId)).get();
    expect(listing).toMatchObject({
      quantityKg: 120_500,
      priceFenPerTonne: 1250,
      status: "open",
      divisionCode: "510100",
    });

    const market = await recycler.get("/market");
    expect(market.body).toContain(`/listings/${listingId}`);

    const claimed = await recycler.post(`/listings/${listingId}`, {
      facilityId: String(world.plant.id),
      quantityKg: "60",
    });
    expect(claimed.status).toBe(302);
    const orderId = Number(claimed.location?.split("/").pop());
    expect(
      db.select().from(wasteListings).where(eq(wasteListings.id, listingId)).get()?.allocatedKg,
    ).toBe(60_000);

    expect((await contractor.post(`/orders/${orderId}`, { intent: "accept" })).status).toBe(302);
    const dispatched = await contractor.post(`/orders/${orderId}`, {
      intent: "dispatch",
      vehiclePlate: "川A12345",
      driverName: "张伟",
      hauler: "成都渣土运输有限公司",
      estimatedKg: "30",
    });
    expect(dispatched.status).toBe(302);
    const manifestId = Number(dispatched.location?.split("/").pop());
    expect(db.select().from(wasteOrders).where(eq(wasteOrders.id, orderId)).get()?.status).toBe(
      "in_progress",
    );

    const received = await clerk.post(`/manifests/${manifestId}`, {
      weighbridgeTicket: "WB-0001",
      grossKg: "45200",
      tareKg: "15000",
      decision: "accept",
    });
    expect(received.status).toBe(302);
    const manifest = db.select().from(manifests).where(eq(manifests.id, manifestId)).get();
    expect(manifest).toMatchObject({
      status: "received",
      netKg: 30_200,
      grossKg: 45_200,
      tareKg: 15_000,
    });

    const provinceAfter = (await utilization(world.people.provinceOfficer.actor(), period)).total;
    const chengduAfter = (await utilization(world.people.chengduOfficer.actor(), period)).total;
    const mianyangAfter = (await utilization(world.people.mianyangOfficer.actor(), period)).total;
    expect(provinceAfter.generatedKg - provinceBefore.generatedKg).toBe(30_200);
    expect(provinceAfter.recycledKg - provinceBefore.recycledKg).toBe(30_200);
    expect(chengduAfter.generatedKg - chengduBefore.generatedKg).toBe(30_200);
    expect(mianyangAfter).toEqual(mianyangBefore);

    const trail = db
      .select()
      .from(auditEvents)
      .all()
      .map((e) => e.action);
    expect(trail).toEqual(
      expect.arrayContaining([
        "listing.created",
        "waste_order.requested",
        "waste_order.accepted",
        "manifest.dispatched",
        "manifest.received",
      ]),
    );

    const dashboard = await new Client(server.baseUrl).logIn(world.people.chengduOfficer.email);
    const page = await dashboard.get(`/department?from=${month}&to=${month}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('data-figure="generated"');
  });
});
