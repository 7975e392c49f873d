import { and, count, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import { db, writeTransaction } from "#db/client";
import { organisations, projects, wasteListings, wasteOrders } from "#db/schema";
import { type Actor, authorize } from "../accounts/actor";
import { audit } from "../audit/audit.server";
import { now, shanghaiDate } from "../clock";
import { invalid, notFound } from "../errors";
import { getMyProject } from "../projects/projects.server";
import { assertTransition } from "../state-machine";
import type { ListingInput, MarketQuery } from "./schemas";
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
    return published;
  });
}

const PAGE_SIZE = 20;

export type MarketRow = {
  listing: Listing;
  projectName: string;
  producerName: string;
};

/** Open listings still within their window with quantity left, newest first. */
export function searchMarket(actor: Actor, query: MarketQuery) {
  authorize(actor, "market.browse");
  const filters: SQL[] = [
    eq(wasteListings.status, "open"),
    gte(wasteListings.availableUntil, shanghaiDate(now())),
    // Fully claimed listings leave the market; their producers still see them on the project.
    lt(wasteListings.allocatedKg, wasteListings.quantityKg),
  ];
  if (query.wasteClass) filters.push(eq(wasteListings.wasteClass, query.wasteClass));
  if (query.divisionCode) filters.push(eq(wasteListings.divisionCode, query.divisionCode));
  if (query.payer) filters.push(eq(wasteListings.payer, query.payer));
  const where = and(...filters);
  const total = db.select({ n: count() }).from(wasteListings).where(where).get()?.n ?? 0;
  const rows: MarketRow[] = db
    .select({
      listing: wasteListings,
      projectName: projects.name,
      producerName: organisations.name,
    })
    .from(wasteListings)
    .innerJoin(projects, eq(projects.id, wasteListings.projectId))
    .innerJoin(organisations, eq(organisations.id, wasteListings.orgId))
    .where(where)
    .orderBy(desc(wasteListings.createdAt), desc(wasteListings.id))
    .limit(PAGE_SIZE)
    .offset((query.page - 1) * PAGE_SIZE)
    .all();
  return { rows, total, page: query.page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
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
