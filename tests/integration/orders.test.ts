import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { auditEvents, facilities, manifests, wasteListings, wasteOrders } from "#db/schema";
import { insertListing } from "#db/seed/factories";
import { DomainError } from "~/domain/errors";
import { dispatchManifest, receiveManifest } from "~/domain/manifests/manifests.server";
import {
  acceptOrder,
  cancelOrder,
  claimListing,
  completeOrder,
  declineOrder,
} from "~/domain/orders/orders.server";
import { makeWorld, type World } from "../support/world";

let world: World;
beforeEach(async () => {
  world = await makeWorld();
});

const listingRow = (id: number) =>
  db.select().from(wasteListings).where(eq(wasteListings.id, id)).get();
const orderRow = (id: number) => db.select().from(wasteOrders).where(eq(wasteOrders.id, id)).get();

function expectDomainError(work: () => unknown, status: number, key?: string) {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).status).toBe(status);
    if (key) expect((error as DomainError).messageKey).toBe(key);
    return error as DomainError;
  }
  throw new Error("expected a DomainError");
}

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
  it("reserve on claim and release on decline", () => {
    const recycler = world.people.recyclerManager.actor();
    const order = claimListing(recycler, world.listing.id, {
      facilityId: world.plant.id,
      quantityKg: 40_000,
      note: "",
    });
    expect(order.status).toBe("requested");
    expect(listingRow(world.listing.id)?.allocatedKg).toBe(40_000);
    declineOrder(world.people.contractorManager.actor(), order.id);
    expect(orderRow(order.id)?.status).toBe("declined");
    expect(listingRow(world.listing.id)?.allocatedKg).toBe(0);
    expectDomainError(
      () => acceptOrder(world.people.contractorManager.actor(), order.id),
      409,
      "error.badTransition",
    );
  });

  it("release on cancel by either party, and refuse claims past what is left", () => {
    const recycler = world.people.recyclerManager.actor();
    const first = claimListing(recycler, world.listing.id, {
      facilityId: world.plant.id,
      quantityKg: 70_000,
      note: "",
    });
    const error = expectDomainError(
      () =>
        claimListing(recycler, world.listing.id, {
          facilityId: world.plant.id,
          quantityKg: 30_001,
          note: "",
        }),
      409,
      "order.overClaim",
    );
    expect(error.params.available).toBe("30");
    cancelOrder(recycler, first.id);
    expect(listingRow(world.listing.id)?.allocatedKg).toBe(0);
    claimListing(recycler, world.listing.id, {
      facilityId: world.plant.id,
      quantityKg: 100_000,
      note: "",
    });
    expect(listingRow(world.listing.id)?.allocatedKg).toBe(100_000);
  });

  it("move to in progress on the first manifest, and complete releasing what never moved", () => {
    const contractor = world.people.contractorManager.actor();
    const order = claimListing(world.people.recyclerManager.actor(), world.listing.id, {
      facilityId: world.plant.id,
      quantityKg: 80_000,
      note: "",
    });
    expectDomainError(
      () => dispatchManifest(contractor, order.id, trip),
      409,
      "manifest.orderNotAccepted",
    );
    acceptOrder(contractor, order.id);
    const manifest = dispatchManifest(world.people.siteAgent.actor(), order.id, trip);
    expect(manifest.manifestNo).toMatch(/^SC\d{8}\d{7}$/);
    expect(orderRow(order.id)?.status).toBe("in_progress");
    expectDomainError(() => completeOrder(contractor, order.id), 409, "order.manifestsInTransit");
    receiveManifest(world.people.clerk.actor(), manifest.id, receipt("T-1"));
    expect(orderRow(order.id)?.receivedKg).toBe(30_000);
    completeOrder(contractor, order.id);
    expect(orderRow(order.id)?.status).toBe("completed");
    expect(listingRow(world.listing.id)?.allocatedKg).toBe(30_000);
  });
});

describe("weighbridge receipt", () => {
  function dispatched() {
    const order = claimListing(world.people.recyclerManager.actor(), world.listing.id, {
      facilityId: world.plant.id,
      quantityKg: 90_000,
      note: "",
    });
    acceptOrder(world.people.contractorManager.actor(), order.id);
    return {
      order,
      manifest: dispatchManifest(world.people.contractorManager.actor(), order.id, trip),
    };
  }

  it("records the same ticket once, however often it is posted", () => {
    const { order, manifest } = dispatched();
    const clerk = world.people.clerk.actor();
    const first = receiveManifest(clerk, manifest.id, receipt("T-9"));
    const again = receiveManifest(clerk, manifest.id, receipt("T-9"));
    expect(again).toEqual(first);
    expect(orderRow(order.id)?.receivedKg).toBe(30_000);
    const events = db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "manifest.received"))
      .all();
    expect(events.filter((e) => e.entityId === String(manifest.id))).toHaveLength(1);
  });

  it("refuses a ticket already used for another trip at the facility", () => {
    const clerk = world.people.clerk.actor();
    const a = dispatched();
    const b = dispatchManifest(world.people.contractorManager.actor(), a.order.id, trip);
    receiveManifest(clerk, a.manifest.id, receipt("T-5"));
    const error = expectDomainError(() => receiveManifest(clerk, b.id, receipt("T-5")), 422);
    expect(error.fieldErrors.weighbridgeTicket).toBe("manifest.ticketUsed");
    expect(db.select().from(manifests).where(eq(manifests.id, b.id)).get()?.status).toBe(
      "dispatched",
    );
  });

  it("records a rejection with its reason and counts no tonnes", () => {
    const { order, manifest } = dispatched();
    const rejected = receiveManifest(world.people.clerk.actor(), manifest.id, {
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

  it("is refused at a facility whose approval has expired", () => {
    const { manifest } = dispatched();
    // The approval lapses while the truck is on the road.
    db.update(facilities)
      .set({ approvalExpiresOn: "2000-01-01" })
      .where(eq(facilities.id, world.plant.id))
      .run();
    expectDomainError(
      () => receiveManifest(world.people.clerk.actor(), manifest.id, receipt("T-8")),
      409,
      "facility.approvalExpired",
    );
  });
});

describe("listings across organisations", () => {
  it("cannot be claimed while a draft, and read as not found to others", () => {
    const draft = insertListing(db, {
      projectId: world.project.id,
      orgId: world.orgs.contractorA.id,
      divisionCode: "510100",
      status: "draft",
    });
    expectDomainError(
      () =>
        claimListing(world.people.recyclerManager.actor(), draft.id, {
          facilityId: world.plant.id,
          quantityKg: 1_000,
          note: "",
        }),
      404,
    );
  });
});
