/**
 * The home page's counts: each organisation sees its own work only, and each count moves with
 * the records it counts.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { insertListing, insertOrder } from "#seed/factories";
import { workbench } from "~/domain/stats/workbench.server";
import { insertTrip, makeWorld, type World, weighedIn } from "../support/world";

let world: World;
function trip(orderId: number, status: "dispatched" | "received") {
  return insertTrip(world, {
    orderId,
    estimatedKg: 20_000,
    ...(status === "received" ? weighedIn(new Date(), 20_000, `W-${orderId}`) : {}),
  });
}

beforeAll(async () => {
  world = await makeWorld();
  insertListing(db, {
    projectId: world.project.id,
    orgId: world.orgs.contractorA.id,
    divisionCode: "510100",
    status: "closed",
  });
  const requested = insertOrder(db, {
    listingId: world.listing.id,
    recyclerOrgId: world.orgs.recyclerR.id,
    facilityId: world.plant.id,
    quantityKg: 10_000,
    status: "requested",
  });
  const accepted = insertOrder(db, {
    listingId: world.listing.id,
    recyclerOrgId: world.orgs.recyclerR.id,
    facilityId: world.plant.id,
    quantityKg: 10_000,
    status: "accepted",
  });
  insertOrder(db, {
    listingId: world.listing.id,
    recyclerOrgId: world.orgs.recyclerR.id,
    facilityId: world.plant.id,
    quantityKg: 10_000,
    status: "in_progress",
  });
  insertOrder(db, {
    listingId: world.listing.id,
    recyclerOrgId: world.orgs.recyclerS.id,
    facilityId: world.otherPlant.id,
    quantityKg: 10_000,
    status: "declined",
  });
  trip(accepted.id, "dispatched");
  trip(accepted.id, "dispatched");
  trip(requested.id, "received");
});

describe("the home page's counts", () => {
  it("counts a contractor's projects, open listings, claims to decide and trips in transit", async () => {
    expect(await workbench(world.people.contractorManager.actor())).toEqual({
      kind: "contractor",
      projects: 1,
      openListings: 1,
      claimsToDecide: 1,
      inTransit: 2,
    });
  });

  it("counts a recycler's facilities, pending claims, active orders and inbound trips", async () => {
    expect(await workbench(world.people.recyclerManager.actor())).toEqual({
      kind: "recycler",
      facilities: 2,
      claimsPending: 1,
      activeOrders: 2,
      inbound: 2,
    });
  });

  it("shows another organisation none of that work", async () => {
    expect(await workbench(world.people.otherContractor.actor())).toMatchObject({
      projects: 1,
      openListings: 0,
      claimsToDecide: 0,
      inTransit: 0,
    });
    expect(await workbench(world.people.otherRecycler.actor())).toMatchObject({
      facilities: 1,
      claimsPending: 0,
      activeOrders: 0,
      inbound: 0,
    });
  });

  it("has no counts for a department", async () => {
    expect(await workbench(world.people.provinceOfficer.actor())).toBeNull();
  });
});
