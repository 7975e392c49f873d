import { and, count, eq, inArray, sql } from "drizzle-orm";
import { db, preparedQuery } from "#db/client";
import { facilities, manifests, projects, wasteListings, wasteOrders } from "#db/schema";
import type { Actor } from "../accounts/actor";

const orgId = sql.placeholder("orgId");

/** The home page's counts, prepared once: they are asked on every visit to it. */
const counts = {
  projects: preparedQuery(() =>
    db.select({ n: count() }).from(projects).where(eq(projects.orgId, orgId)).prepare(),
  ),
  openListings: preparedQuery(() =>
    db
      .select({ n: count() })
      .from(wasteListings)
      .where(and(eq(wasteListings.orgId, orgId), eq(wasteListings.status, "open")))
      .prepare(),
  ),
  claimsToDecide: preparedQuery(() =>
    db
      .select({ n: count() })
      .from(wasteOrders)
      .innerJoin(wasteListings, eq(wasteListings.id, wasteOrders.listingId))
      .where(and(eq(wasteListings.orgId, orgId), eq(wasteOrders.status, "requested")))
      .prepare(),
  ),
  inTransit: preparedQuery(() =>
    db
      .select({ n: count() })
      .from(manifests)
      .where(and(eq(manifests.producerOrgId, orgId), eq(manifests.status, "dispatched")))
      .prepare(),
  ),
  facilities: preparedQuery(() =>
    db.select({ n: count() }).from(facilities).where(eq(facilities.orgId, orgId)).prepare(),
  ),
  claimsPending: preparedQuery(() =>
    db
      .select({ n: count() })
      .from(wasteOrders)
      .where(and(eq(wasteOrders.recyclerOrgId, orgId), eq(wasteOrders.status, "requested")))
      .prepare(),
  ),
  activeOrders: preparedQuery(() =>
    db
      .select({ n: count() })
      .from(wasteOrders)
      .where(
        and(
          eq(wasteOrders.recyclerOrgId, orgId),
          inArray(wasteOrders.status, ["accepted", "in_progress"]),
        ),
      )
      .prepare(),
  ),
  inbound: preparedQuery(() =>
    db
      .select({ n: count() })
      .from(manifests)
      .where(and(eq(manifests.recyclerOrgId, orgId), eq(manifests.status, "dispatched")))
      .prepare(),
  ),
};

const countOf = (name: keyof typeof counts, actor: Actor) =>
  counts[name]().get({ orgId: actor.orgId })?.n ?? 0;

/** The few numbers that tell a contractor or recycler what needs doing today. */
export function workbench(actor: Actor) {
  if (actor.orgKind === "contractor") {
    return {
      kind: "contractor" as const,
      projects: countOf("projects", actor),
      openListings: countOf("openListings", actor),
      claimsToDecide: countOf("claimsToDecide", actor),
      inTransit: countOf("inTransit", actor),
    };
  }
  if (actor.orgKind === "recycler") {
    return {
      kind: "recycler" as const,
      facilities: countOf("facilities", actor),
      claimsPending: countOf("claimsPending", actor),
      activeOrders: countOf("activeOrders", actor),
      inbound: countOf("inbound", actor),
    };
  }
  return null;
}
