import { and, desc, eq } from "drizzle-orm";
import { db, writeTransaction } from "#db/client";
import { organisations, projects, wasteListings, wasteOrders } from "#db/schema";
import { type Actor, authorize } from "../accounts/actor";
import { audit } from "../audit/audit.server";
import { now, shanghaiDate } from "../clock";
import { invalid, notFound } from "../errors";
import { notifyFeedstockSubscribers } from "../matching/subscriptions.server";
import { getMyProject } from "../projects/projects.server";
import { assertTransition } from "../state-machine";
import type { ListingInput } from "./schemas";
import { listingTransitions } from "./status";

export type Listing = typeof wasteListings.$inferSelect;

export function createListing(actor: Actor, input: ListingInput): Listing {
  authorize(actor, "listing.create");
  const project = getMyProject(actor, input.projectId);
  if (input.availableUntil < shanghaiDate(now())) {
    throw invalid("form.fixErrors", { availableUntil: "listing.windowInPast" });
  }
  const { publish, ...fields } = input;
  return writeTransaction((tx) => {
    const at = now();
    const listing = tx
      .insert(wasteListings)
      .values({
        ...fields,
        orgId: actor.orgId,
        divisionCode: project.divisionCode,
        lat: project.lat,
        lon: project.lon,
        status: publish ? "open" : "draft",
        createdAt: at,
        publishedAt: publish ? at : null,
      })
      .returning()
      .get();
    audit(
      tx,
      actor,
      "listing.created",
      { type: "listing", id: listing.id },
      {
        status: listing.status,
        quantityKg: listing.quantityKg,
      },
    );
    if (listing.status === "open") notifyFeedstockSubscribers(tx, listing);
    return listing;
  });
}

export function publishListing(actor: Actor, listingId: number): Listing {
  authorize(actor, "listing.publish");
  return writeTransaction((tx) => {
    const listing = tx
      .select()
      .from(wasteListings)
      .where(and(eq(wasteListings.id, listingId), eq(wasteListings.orgId, actor.orgId)))
      .get();
    if (!listing) throw notFound("listing.notFound");
    assertTransition(listingTransitions, listing.status, "open");
    const published = tx
      .update(wasteListings)
      .set({ status: "open", publishedAt: now() })
      .where(eq(wasteListings.id, listing.id))
      .returning()
      .get();
    audit(tx, actor, "listing.published", { type: "listing", id: listing.id });
    notifyFeedstockSubscribers(tx, published);
    return published;
  });
}

/**
 * A listing as its viewer may see it: the producer sees its own in any state; others see it only
 * while it is open (or when they already hold an order on it).
 */
export function getListing(actor: Actor, listingId: number) {
  const row = db
    .select({ listing: wasteListings, project: projects, producerName: organisations.name })
    .from(wasteListings)
    .innerJoin(projects, eq(projects.id, wasteListings.projectId))
    .innerJoin(organisations, eq(organisations.id, wasteListings.orgId))
    .where(eq(wasteListings.id, listingId))
    .get();
  if (!row) throw notFound("listing.notFound");
  const isOwner = row.listing.orgId === actor.orgId;
  if (isOwner) authorize(actor, "project.read");
  else {
    authorize(actor, "market.browse");
    if (row.listing.status !== "open" && !holdsOrder(actor, listingId))
      throw notFound("listing.notFound");
  }
  return { ...row, isOwner };
}

function holdsOrder(actor: Actor, listingId: number): boolean {
  const order = db
    .select({ id: wasteOrders.id })
    .from(wasteOrders)
    .where(and(eq(wasteOrders.listingId, listingId), eq(wasteOrders.recyclerOrgId, actor.orgId)))
    .get();
  return order !== undefined;
}

export function listProjectListings(actor: Actor, projectId: number): Listing[] {
  getMyProject(actor, projectId);
  return db
    .select()
    .from(wasteListings)
    .where(eq(wasteListings.projectId, projectId))
    .orderBy(desc(wasteListings.id))
    .all();
}
