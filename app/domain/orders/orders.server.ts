import { and, desc, eq, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import {
  facilities,
  manifests,
  organisations,
  projects,
  wasteListings,
  wasteOrders,
} from "#db/schema";
import { read, returnedRow, type Tx, write } from "#db/store";
import { type Actor, authorize, type Permission } from "../access";
import { audit } from "../audit";
import { now, shanghaiDate } from "../clock";
import { conflict, forbidden, invalid, notFound } from "../errors";
import { approvalStatus } from "../facilities";
import { straightMetres } from "../geo";
import { notify } from "../notifications";
import { kgToTonnesText } from "../quantity";
import { assertTransition } from "../state-machine";
import type { ClaimInput } from "./schemas";
import { type WasteOrderStatus, wasteOrderTransitions } from "./status";

export type WasteOrder = typeof wasteOrders.$inferSelect;

/**
 * A recycler claims part of an open listing for one of its facilities. The quantity is reserved
 * in the same IMMEDIATE transaction that checks it, so concurrent claims can never together
 * exceed the listing (and the database's CHECK refuses it as a last resort).
 */
export async function claimListing(
  actor: Actor,
  listingId: number,
  input: ClaimInput,
): Promise<WasteOrder> {
  authorize(actor, "order.claim");
  return write(async (tx) => {
    const listing = (
      await tx.select().from(wasteListings).where(eq(wasteListings.id, listingId)).limit(1)
    )[0];
    if (!listing || listing.status === "draft") throw notFound("listing.notFound");
    if (listing.status !== "open" || listing.availableUntil < shanghaiDate(now())) {
      throw conflict("order.listingNotOpen");
    }
    const facility = (
      await tx
        .select()
        .from(facilities)
        .where(and(eq(facilities.id, input.facilityId), eq(facilities.orgId, actor.orgId)))
        .limit(1)
    )[0];
    if (!facility) throw invalid("form.fixErrors", { facilityId: "facility.notFound" });
    if (
      !facility.acceptedClasses.includes(listing.wasteClass) ||
      !facility.acceptedMaterials.includes(listing.material)
    ) {
      throw invalid("form.fixErrors", { facilityId: "order.facilityDoesNotAccept" });
    }
    if (approvalStatus(facility) === "expired") {
      throw invalid("form.fixErrors", { facilityId: "facility.approvalExpired" });
    }
    const availableKg = listing.quantityKg - listing.allocatedKg;
    if (input.quantityKg > availableKg) {
      throw conflict("order.overClaim", { available: kgToTonnesText(availableKg) });
    }
    await tx
      .update(wasteListings)
      .set({ allocatedKg: sql`${wasteListings.allocatedKg} + ${input.quantityKg}` })
      .where(eq(wasteListings.id, listing.id));
    const at = now();
    const order = returnedRow(
      await tx
        .insert(wasteOrders)
        .values({
          listingId: listing.id,
          recyclerOrgId: actor.orgId,
          facilityId: facility.id,
          routeM: straightMetres(listing, facility),
          quantityKg: input.quantityKg,
          status: "requested",
          note: input.note,
          createdByUserId: actor.userId,
          createdAt: at,
          updatedAt: at,
        })
        .returning(),
    );
    await notify(
      tx,
      listing.orgId,
      "claim_requested",
      { type: "waste_order", id: order.id },
      {
        recycler: actor.orgName,
        quantity: `${kgToTonnesText(input.quantityKg)} t`,
        listing: listing.id,
      },
    );
    await audit(
      tx,
      actor,
      "waste_order.requested",
      { type: "waste_order", id: order.id },
      {
        listingId: listing.id,
        facilityId: facility.id,
        quantityKg: input.quantityKg,
      },
    );
    return order;
  });
}

type Party = "producer" | "recycler";

/** Loads an order for one of its two parties; everyone else gets "not found". */
async function loadOrderForParty(tx: Tx, actor: Actor, orderId: number) {
  const row = (
    await tx
      .select({ order: wasteOrders, listing: wasteListings })
      .from(wasteOrders)
      .innerJoin(wasteListings, eq(wasteListings.id, wasteOrders.listingId))
      .where(eq(wasteOrders.id, orderId))
      .limit(1)
  )[0];
  if (!row) throw notFound("order.notFound");
  return { ...row, party: partyOf(actor, row) };
}

/** Which party to the order the actor is; anyone else reads it as absent. */
function partyOf(
  actor: Actor,
  row: { listing: { orgId: number }; order: { recyclerOrgId: number } },
): Party {
  if (row.listing.orgId === actor.orgId) return "producer";
  if (row.order.recyclerOrgId === actor.orgId) return "recycler";
  throw notFound("order.notFound");
}

async function moveOrder(
  actor: Actor,
  orderId: number,
  to: WasteOrderStatus,
  rule: { permission: Permission; parties: readonly Party[] },
): Promise<WasteOrder> {
  authorize(actor, rule.permission);
  return write(async (tx) => {
    const { order, listing, party } = await loadOrderForParty(tx, actor, orderId);
    if (!rule.parties.includes(party)) throw forbidden();
    assertTransition(wasteOrderTransitions, order.status, to);
    if (to === "completed" || to === "cancelled") {
      const inTransit = (
        await tx
          .select({ id: manifests.id })
          .from(manifests)
          .where(and(eq(manifests.orderId, order.id), eq(manifests.status, "dispatched")))
          .limit(1)
      )[0];
      if (inTransit) throw conflict("order.manifestsInTransit");
    }
    // Whatever the order will no longer take goes back to the listing.
    const releaseKg =
      to === "declined" || to === "cancelled" || to === "completed"
        ? Math.max(0, order.quantityKg - order.receivedKg)
        : 0;
    if (releaseKg > 0) {
      await tx
        .update(wasteListings)
        .set({ allocatedKg: sql`${wasteListings.allocatedKg} - ${releaseKg}` })
        .where(eq(wasteListings.id, listing.id));
    }
    const updated = returnedRow(
      await tx
        .update(wasteOrders)
        .set({ status: to, updatedAt: now() })
        .where(eq(wasteOrders.id, order.id))
        .returning(),
    );
    if (to === "accepted" || to === "declined" || to === "cancelled") {
      const counterpart = party === "producer" ? order.recyclerOrgId : listing.orgId;
      const kind = {
        accepted: "claim_accepted",
        declined: "claim_declined",
        cancelled: "claim_cancelled",
      } as const;
      await notify(
        tx,
        counterpart,
        kind[to],
        { type: "waste_order", id: order.id },
        {
          producer: actor.orgName,
          by: actor.orgName,
          order: order.id,
        },
      );
    }
    await audit(
      tx,
      actor,
      `waste_order.${to}`,
      { type: "waste_order", id: order.id },
      { from: order.status, releaseKg },
    );
    return updated;
  });
}

export const acceptOrder = async (actor: Actor, orderId: number) =>
  await moveOrder(actor, orderId, "accepted", {
    permission: "order.decide",
    parties: ["producer"],
  });
export const declineOrder = async (actor: Actor, orderId: number) =>
  await moveOrder(actor, orderId, "declined", {
    permission: "order.decide",
    parties: ["producer"],
  });
export const cancelOrder = async (actor: Actor, orderId: number) =>
  await moveOrder(actor, orderId, "cancelled", {
    permission: "order.cancel",
    parties: ["producer", "recycler"],
  });
export const completeOrder = async (actor: Actor, orderId: number) =>
  await moveOrder(actor, orderId, "completed", {
    permission: "order.complete",
    parties: ["producer", "recycler"],
  });

const recyclerOrg = alias(organisations, "recycler_org");
const producerOrg = alias(organisations, "producer_org");

function orderQuery(db: Tx) {
  return db
    .select({
      order: wasteOrders,
      listing: wasteListings,
      project: projects,
      facility: facilities,
      producerName: producerOrg.name,
      recyclerName: recyclerOrg.name,
    })
    .from(wasteOrders)
    .innerJoin(wasteListings, eq(wasteListings.id, wasteOrders.listingId))
    .innerJoin(projects, eq(projects.id, wasteListings.projectId))
    .innerJoin(facilities, eq(facilities.id, wasteOrders.facilityId))
    .innerJoin(producerOrg, eq(producerOrg.id, wasteListings.orgId))
    .innerJoin(recyclerOrg, eq(recyclerOrg.id, wasteOrders.recyclerOrgId));
}

export async function getOrder(actor: Actor, orderId: number) {
  return read(async (db) => {
    authorize(actor, "order.read");
    const row = (await orderQuery(db).where(eq(wasteOrders.id, orderId)).limit(1))[0];
    if (!row) throw notFound("order.notFound");
    const party = partyOf(actor, row);
    const trips = await db
      .select()
      .from(manifests)
      .where(eq(manifests.orderId, orderId))
      .orderBy(desc(manifests.id));
    return { ...row, party, manifests: trips };
  });
}

/** Orders where the actor's organisation is either party, newest first. */
export async function listMyOrders(actor: Actor, limit = 100) {
  authorize(actor, "order.read");
  return read(async (db) =>
    orderQuery(db)
      .where(or(eq(wasteListings.orgId, actor.orgId), eq(wasteOrders.recyclerOrgId, actor.orgId)))
      .orderBy(desc(wasteOrders.id))
      .limit(limit),
  );
}

export async function listOrdersOfListing(actor: Actor, listingId: number) {
  authorize(actor, "order.read");
  return read(async (db) =>
    orderQuery(db)
      .where(
        and(
          eq(wasteOrders.listingId, listingId),
          or(eq(wasteListings.orgId, actor.orgId), eq(wasteOrders.recyclerOrgId, actor.orgId)),
        ),
      )
      .orderBy(desc(wasteOrders.id)),
  );
}
