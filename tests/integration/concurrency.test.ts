import { eq, sum } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { wasteListings, wasteOrders } from "#db/schema";
import { insertListing } from "#seed/factories";
import { Client } from "../support/http";
import { type RunningServer, startServer } from "../support/server";
import { makeWorld, type World } from "../support/world";

let servers: RunningServer[] = [];
let world: World;

beforeAll(async () => {
  world = await makeWorld();
  // Two server processes on one database file: the IMMEDIATE write lock must hold across them.
  servers = await Promise.all([startServer(), startServer()]);
});
afterAll(() => Promise.all(servers.map((s) => s.stop())));

describe("claims under concurrency", () => {
  it("never allocate more than was listed", async () => {
    const listing = insertListing(db, {
      projectId: world.project.id,
      orgId: world.orgs.contractorA.id,
      divisionCode: "510100",
      quantityKg: 100_000,
    });
    const clients = await Promise.all(
      [world.people.recyclerManager, world.people.recyclerSales].flatMap((person) =>
        servers.map((server) => new Client(server.baseUrl).logIn(person.email)),
      ),
    );
    const claims = Array.from({ length: 40 }, (_, i) =>
      (clients[i % clients.length] as Client).post(`/listings/${listing.id}`, {
        facilityId: String(world.plant.id),
        quantityKg: "7",
      }),
    );
    const results = await Promise.all(claims);
    const statuses = results.map((r) => r.status);
    expect(statuses.every((s) => s === 302 || s === 409)).toBe(true);
    expect(statuses.filter((s) => s === 302)).toHaveLength(14); // 14 × 7 t = 98 t ≤ 100 t < 15 × 7 t

    const allocated = db
      .select()
      .from(wasteListings)
      .where(eq(wasteListings.id, listing.id))
      .get()?.allocatedKg;
    const ordered = db
      .select({ total: sum(wasteOrders.quantityKg).mapWith(Number) })
      .from(wasteOrders)
      .where(eq(wasteOrders.listingId, listing.id))
      .get()?.total;
    expect(ordered).toBe(98_000);
    expect(allocated).toBe(98_000);
  });
});
