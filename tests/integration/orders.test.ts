import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { auditEvents, facilities, manifests, wasteListings, wasteOrders } from "#db/schema";
import { insertListing } from "#seed/factories";
import { dispatchManifest, receiveManifest } from "~/domain/manifests/manifests.server";
import {
  acceptOrder,
  cancelOrder,
  claimListing,
  completeOrder,
  declineOrder,
} from "~/domain/orders/orders.server";
import { expectDomainError } from "../support/domain-errors";
import { makeWorld, type World } from "../support/world";

let world: World;
beforeEach(async () => {
  world = await makeWorld();
});

const listingRow = (id: number) =>
  db.select().from(wasteListings).where(eq(wasteListings.id, id)).get();
const orderRow = (id: number) => db.select().from(wasteOrders).where(eq(wasteOrders.id, id)).get();

const trip = {
  vehiclePlate: "川A12345",
  driverName: "张伟",
  hauler: "成都运输",
  estimatedKg: 30_000,
};
const receipt = (ticket: string) =>
  ({
    weighbridgeTicket: ticket,
    grossKg: 45_000,
    tareKg: 15_000,
    decision: "accept",
    rejectReason: "",
  }) as const;

describe("waste order transitions", () => {
  it("reserve on claim and release on decline", async () => {
    const recycler = world.people.recyclerManager.actor();
    const order = await claimListing(recycler, world.listing.id, {
      facilityId: world.plant.id,
      quantityKg: 40_000,
      note: "",
    });
    expect(order.status).toBe("requested");
    expect(listingRow(world.listing.id)?.allocatedKg).toBe(40_000);
    await declineOrder(world.people.contractorManager.actor(), order.id);
    expect(orderRow(order.id)?.status).toBe("declined");
    expect(listingRow(world.listing.id)?.allocatedKg).toBe(0);
    await expectDomainError(
      async () => await acceptOrder(world.people.contractorManager.actor(), order.id),
      409,
      "error.badTransition",
    );
  });

  it("release on cancel by either party, and refuse claims past what is left", async () => {
    const recycler = world.people.recyclerManager.actor();
    const first = await claimListing(recycler, world.listing.id, {
      facilityId: world.plant.id,
      quantityKg: 70_000,
      note: "",
    });
    const error = await expectDomainError(
      async () =>
        await claimListing(recycler, world.listing.id, {
          facilityId: world.plant.id,
          quantityKg: 30_001,
          note: "",
        }),
      409,
      "order.overClaim",
    );
    expect(error.params.available).toBe("30");
    await cancelOrder(recycler, first.id);
    expect(listingRow(world.listing.id)?.allocatedKg).toBe(0);
    await claimListing(recycler, world.listing.id, {
      facilityId: world.plant.id,
      quantityKg: 100_000,
      note: "",
    });
    expect(listingRow(world.listing.id)?.allocatedKg).toBe(100_000);
  });

  it("move to in progress on the first manifest, and complete releasing what never moved", async () => {
    const contractor = world.people.contractorManager.actor();
    const order = await claimListing(world.people.recyclerManager.actor(), world.listing.id, {
      facilityId: world.plant.id,
      quantityKg: 80_000,
      note: "",
    });
    await expectDomainError(
      async () => await dispatchManifest(contractor, order.id, trip),
      409,
      "manifest.orderNotAccepted",
    );
    await acceptOrder(contractor, order.id);
    const manifest = await dispatchManifest(world.people.siteAgent.actor(), order.id, trip);
    expect(manifest.manifestNo).toMatch(/^SC\d{8}\d{7}$/);
    expect(orderRow(order.id)?.status).toBe("in_progress");
    await expectDomainError(
      async () => await completeOrder(contractor, order.id),
      409,
      "order.manifestsInTransit",
    );
    await receiveManifest(world.people.clerk.actor(), manifest.id, receipt("T-1"));
    expect(orderRow(order.id)?.receivedKg).toBe(30_000);
    await completeOrder(contractor, order.id);
    expect(orderRow(order.id)?.status).toBe("completed");
    expect(listingRow(world.listing.id)?.allocatedKg).toBe(30_000);
  });
});

describe("weighbridge receipt", () => {
  async function dispatched() {
    const order = await claimListing(world.people.recyclerManager.actor(), world.listing.id, {
      facilityId: world.plant.id,
      quantityKg: 90_000,
      note: "",
    });
    await acceptOrder(world.people.contractorManager.actor(), order.id);
    return {
      order,
      manifest: await dispatchManifest(world.people.contractorManager.actor(), order.id, trip),
    };
  }

  it("records the same ticket once, however often it is posted", async () => {
    const { order, manifest } = await dispatched();
    const clerk = world.people.clerk.actor();
    const first = await receiveManifest(clerk, manifest.id, receipt("T-9"));
    const again = await receiveManifest(clerk, manifest.id, receipt("T-9"));
    expect(again).toEqual(first);
    expect(orderRow(order.id)?.receivedKg).toBe(30_000);
    const events = db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "manifest.received"))
      .all();
    expect(events.filter((e) => e.entityId === String(manifest.id))).toHaveLength(1);
  });

  it("refuses a ticket already used for another trip at the facility", async () => {
    const clerk = world.people.clerk.actor();
    const a = await dispatched();
    const b = await dispatchManifest(world.people.contractorManager.actor(), a.order.id, trip);
    await receiveManifest(clerk, a.manifest.id, receipt("T-5"));
    const error = await expectDomainError(
      async () => await receiveManifest(clerk, b.id, receipt("T-5")),
      422,
    );
    expect(error.fieldErrors.weighbridgeTicket).toBe("manifest.ticketUsed");
    expect(db.select().from(manifests).where(eq(manifests.id, b.id)).get()?.status).toBe(
      "dispatched",
    );
  });

  it("records a rejection with its reason and counts no tonnes", async () => {
    const { order, manifest } = await dispatched();
    const rejected = await receiveManifest(world.people.clerk.actor(), manifest.id, {
      ...receipt("T-7"),
      decision: "reject",
      rejectReason: "混入生活垃圾",
    });
    expect(rejected).toMatchObject({
      status: "rejected",
      rejectReason: "混入生活垃圾",
      netKg: 30_000,
    });
    expect(orderRow(order.id)?.receivedKg).toBe(0);
  });

  it("is refused at a facility whose approval has expired", async () => {
    const { manifest } = await dispatched();
    // The approval lapses while the truck is on the road.
    db.update(facilities)
      .set({ approvalExpiresOn: "2000-01-01" })
      .where(eq(facilities.id, world.plant.id))
      .run();
    await expectDomainError(
      async () => await receiveManifest(world.people.clerk.actor(), manifest.id, receipt("T-8")),
      409,
      "facility.approvalExpired",
    );
  });
});

describe("listings across organisations", () => {
  it("cannot be claimed while a draft, and read as not found to others", async () => {
    const draft = insertListing(db, {
      projectId: world.project.id,
      orgId: world.orgs.contractorA.id,
      divisionCode: "510100",
      status: "draft",
    });
    await expectDomainError(
      async () =>
        await claimListing(world.people.recyclerManager.actor(), draft.id, {
          facilityId: world.plant.id,
          quantityKg: 1_000,
          note: "",
        }),
      404,
    );
  });
});
