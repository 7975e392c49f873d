import { and, eq, inArray, sql } from "drizzle-orm";
import {
  facilities,
  manifests,
  organisations,
  projects,
  wasteListings,
  wasteOrders,
} from "#db/schema";
import { prepared, read } from "#db/store";
import type { Actor } from "../access";

const orgId = sql.placeholder("orgId");

/**
 * The home page's counts of one organisation, one prepared statement per kind: they are asked on
 * every visit to it, and one round trip costs less than four.
 */
const countsOf = {
  contractor: prepared((db) =>
    db
      .select({
        projects: db.$count(projects, eq(projects.orgId, orgId)),
        openListings: db.$count(
          wasteListings,
          and(eq(wasteListings.orgId, orgId), eq(wasteListings.status, "open")),
        ),
        claimsToDecide: db.$count(
          wasteOrders,
          and(
            eq(wasteOrders.status, "requested"),
            inArray(
              wasteOrders.listingId,
              db
                .select({ id: wasteListings.id })
                .from(wasteListings)
                .where(eq(wasteListings.orgId, orgId)),
            ),
          ),
        ),
        inTransit: db.$count(
          manifests,
          and(eq(manifests.producerOrgId, orgId), eq(manifests.status, "dispatched")),
        ),
      })
      .from(organisations)
      .where(eq(organisations.id, orgId))
      .prepare(),
  ),
  recycler: prepared((db) =>
    db
      .select({
        facilities: db.$count(facilities, eq(facilities.orgId, orgId)),
        claimsPending: db.$count(
          wasteOrders,
          and(eq(wasteOrders.recyclerOrgId, orgId), eq(wasteOrders.status, "requested")),
        ),
        activeOrders: db.$count(
          wasteOrders,
          and(
            eq(wasteOrders.recyclerOrgId, orgId),
            inArray(wasteOrders.status, ["accepted", "in_progress"]),
          ),
        ),
        inbound: db.$count(
          manifests,
          and(eq(manifests.recyclerOrgId, orgId), eq(manifests.status, "dispatched")),
        ),
      })
      .from(organisations)
      .where(eq(organisations.id, orgId))
      .prepare(),
  ),
};

const noContractorWork = { projects: 0, openListings: 0, claimsToDecide: 0, inTransit: 0 };
const noRecyclerWork = { facilities: 0, claimsPending: 0, activeOrders: 0, inbound: 0 };

/** The few numbers that tell a contractor or recycler what needs doing today. */
export async function workbench(actor: Actor) {
  const of = { orgId: actor.orgId };
  if (actor.orgKind === "contractor") {
    const [counts] = await read(async (db) => countsOf.contractor(db).execute(of));
    return { kind: "contractor" as const, ...(counts ?? noContractorWork) };
  }
  if (actor.orgKind === "recycler") {
    const [counts] = await read(async (db) => countsOf.recycler(db).execute(of));
    return { kind: "recycler" as const, ...(counts ?? noRecyclerWork) };
  }
  return null;
}
