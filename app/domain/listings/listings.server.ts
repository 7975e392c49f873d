import { and, desc, eq } from "drizzle-orm";
import { organisations, projects, wasteListings, wasteOrders } from "#db/schema";
import { read, returnedRow, write } from "#db/store";
import { type Actor, authorize } from "../access";
import { audit } from "../audit";
import { now, shanghaiDate } from "../clock";
import { invalid, notFound } from "../errors";
import { notifyFeedstockSubscribers } from "../feedstock";
import { getMyProject } from "../projects";
import { assertTransition } from "../state-machine";
import type { ListingInput } from "./schemas";
import { listingTransitions } from "./status";

export type Listing = typeof wasteListings.$inferSelect;

export async function createListing(actor: Actor, input: ListingInput): Promise<Listing> {
  authorize(actor, "listing.create");
  const project = await getMyProject(actor, input.projectId);
  if (input.availableUntil < shanghaiDate(now())) {
    throw invalid("form.fixErrors", { availableUntil: "listing.windowInPast" });
  }
  const { publish, ...fields } = input;
  return write(async (tx) => {
    const at = now();
    const listing = returnedRow(
      await tx
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
        .returning(),
    );
    await audit(
      tx,
      actor,
      "listing.created",
      { type: "listing", id: listing.id },
      {
        status: listing.status,
        quantityKg: listing.quantityKg,
      },
    );
    if (listing.status === "open") await notifyFeedstockSubscribers(tx, listing);
    return listing;
  });
}

export async function publishListing(actor: Actor, listingId: number): Promise<Listing> {
  authorize(actor, "listing.publish");
  return write(async (tx) => {
    const listing = (
      await tx
        .select()
        .from(wasteListings)
        .where(and(eq(wasteListings.id, listingId), eq(wasteListings.orgId, actor.orgId)))
        .limit(1)
    )[0];
    if (!listing) throw notFound("listing.notFound");
    assertTransition(listingTransitions, listing.status, "open");
    const published = returnedRow(
      await tx
        .update(wasteListings)
        .set({ status: "open", publishedAt: now() })
        .where(eq(wasteListings.id, listing.id))
        .returning(),
    );
    await audit(tx, actor, "listing.published", { type: "listing", id: listing.id });
    await notifyFeedstockSubscribers(tx, published);
    return published;
  });
}

/**
 * A listing as its viewer may see it: the producer sees its own in any state; others see it only
 * while it is open (or when they already hold an order on it).
 */
export async function getListing(actor: Actor, listingId: number) {
  return read(async (db) => {
    const row = (
      await db
        .select({ listing: wasteListings, project: projects, producerName: organisations.name })
        .from(wasteListings)
        .innerJoin(projects, eq(projects.id, wasteListings.projectId))
        .innerJoin(organisations, eq(organisations.id, wasteListings.orgId))
        .where(eq(wasteListings.id, listingId))
        .limit(1)
    )[0];
    if (!row) throw notFound("listing.notFound");
    const isOwner = row.listing.orgId === actor.orgId;
    if (isOwner) authorize(actor, "project.read");
    else {
      authorize(actor, "market.browse");
      if (row.listing.status !== "open" && !(await holdsOrder(actor, listingId)))
        throw notFound("listing.notFound");
    }
    return { ...row, isOwner };
  });
}

async function holdsOrder(actor: Actor, listingId: number): Promise<boolean> {
  return read(async (db) => {
    const order = (
      await db
        .select({ id: wasteOrders.id })
        .from(wasteOrders)
        .where(
          and(eq(wasteOrders.listingId, listingId), eq(wasteOrders.recyclerOrgId, actor.orgId)),
        )
        .limit(1)
    )[0];
    return order !== undefined;
  });
}

export async function listProjectListings(actor: Actor, projectId: number): Promise<Listing[]> {
  return read(async (db) => {
    await getMyProject(actor, projectId);
    return await db
      .select()
      .from(wasteListings)
      .where(eq(wasteListings.projectId, projectId))
      .orderBy(desc(wasteListings.id));
  });
}
