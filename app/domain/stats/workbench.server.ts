import { and, count, eq, inArray } from "drizzle-orm";
import { db } from "#db/client";
import { facilities, manifests, projects, wasteListings, wasteOrders } from "#db/schema";
import type { Actor } from "../accounts/actor";

const countOf = (query: { get(): { n: number } | undefined }) => query.get()?.n ?? 0;

/** The few numbers that tell a contractor or recycler what needs doing today. */
export function workbench(actor: Actor) {
  if (actor.orgKind === "contractor") {
    return {
      kind: "contractor" as const,
      projects: countOf(
        db.select({ n: count() }).from(projects).where(eq(projects.orgId, actor.orgId)),
      ),
      openListings: countOf(
        db
          .select({ n: count() })
          .from(wasteListings)
          .where(and(eq(wasteListings.orgId, actor.orgId), eq(wasteListings.status, "open"))),
      ),
      claimsToDecide: countOf(
        db
          .select({ n: count() })
          .from(wasteOrders)
          .innerJoin(wasteListings, eq(wasteListings.id, wasteOrders.listingId))
          .where(and(eq(wasteListings.orgId, actor.orgId), eq(wasteOrders.status, "requested"))),
      ),
      inTransit: countOf(
        db
          .select({ n: count() })
          .from(manifests)
          .where(and(eq(manifests.producerOrgId, actor.orgId), eq(manifests.status, "dispatched"))),
      ),
    };
  }
  if (actor.orgKind === "recycler") {
    return {
      kind: "recycler" as const,
      facilities: countOf(
        db.select({ n: count() }).from(facilities).where(eq(facilities.orgId, actor.orgId)),
      ),
      claimsPending: countOf(
        db
          .select({ n: count() })
          .from(wasteOrders)
          .where(
            and(eq(wasteOrders.recyclerOrgId, actor.orgId), eq(wasteOrders.status, "requested")),
          ),
      ),
      activeOrders: countOf(
        db
          .select({ n: count() })
          .from(wasteOrders)
          .where(
            and(
              eq(wasteOrders.recyclerOrgId, actor.orgId),
              inArray(wasteOrders.status, ["accepted", "in_progress"]),
            ),
          ),
      ),
      inbound: countOf(
        db
          .select({ n: count() })
          .from(manifests)
          .where(and(eq(manifests.recyclerOrgId, actor.orgId), eq(manifests.status, "dispatched"))),
      ),
    };
  }
  return null;
}
