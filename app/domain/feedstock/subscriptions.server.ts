import { and, asc, eq, gte, sql } from "drizzle-orm";
import { facilities, feedstockSubscriptions, type wasteListings } from "#db/schema";
import { jsonArrayHas, jsonArrayLength } from "#db/sql";
import { read, returnedRow, type Tx, write } from "#db/store";
import { type Actor, authorize } from "../access";
import { audit } from "../audit";
import { now, shanghaiDate } from "../clock";
import { conflict, notFound } from "../errors";
import { approvalStatus, facilityOfMine, getMyFacility } from "../facilities";
import { haversineKm } from "../geo";
import { notify } from "../notifications";
import { kgToTonnesText } from "../quantity";
import { materialByKey } from "../reference";
import type { SubscriptionInput } from "./schemas";

export type Subscription = typeof feedstockSubscriptions.$inferSelect;

/** A facility's feedstock alerts; anyone of the organisation who may see the facility sees them. */
export async function listSubscriptions(actor: Actor, facilityId: number): Promise<Subscription[]> {
  return read(async (db) => {
    await getMyFacility(actor, facilityId);
    return await db
      .select()
      .from(feedstockSubscriptions)
      .where(
        and(
          eq(feedstockSubscriptions.facilityId, facilityId),
          eq(feedstockSubscriptions.orgId, actor.orgId),
        ),
      )
      .orderBy(asc(feedstockSubscriptions.id));
  });
}

export async function createSubscription(
  actor: Actor,
  facilityId: number,
  input: SubscriptionInput,
): Promise<Subscription> {
  authorize(actor, "feedstock.subscribe");
  return write(async (tx) => {
    const facility = await facilityOfMine(tx, actor, facilityId);
    // A facility that may not receive waste has no use for alerts about it.
    if (approvalStatus(facility) === "expired") throw conflict("facility.approvalExpired");
    const subscription = returnedRow(
      await tx
        .insert(feedstockSubscriptions)
        .values({ ...input, orgId: actor.orgId, facilityId, createdAt: now() })
        .returning(),
    );
    await audit(
      tx,
      actor,
      "feedstock_subscription.created",
      {
        type: "feedstock_subscription",
        id: subscription.id,
      },
      { facilityId, ...input },
    );
    return subscription;
  });
}

export async function deleteSubscription(actor: Actor, subscriptionId: number): Promise<void> {
  authorize(actor, "feedstock.subscribe");
  await write(async (tx) => {
    const subscription = (
      await tx
        .select()
        .from(feedstockSubscriptions)
        .where(
          and(
            eq(feedstockSubscriptions.id, subscriptionId),
            eq(feedstockSubscriptions.orgId, actor.orgId),
          ),
        )
        .limit(1)
    )[0];
    if (!subscription) throw notFound("feedstock.notFound");
    await tx.delete(feedstockSubscriptions).where(eq(feedstockSubscriptions.id, subscription.id));
    await audit(
      tx,
      actor,
      "feedstock_subscription.deleted",
      { type: "feedstock_subscription", id: subscription.id },
      {
        facilityId: subscription.facilityId,
        wasteClasses: subscription.wasteClasses,
        materials: subscription.materials,
        radiusKm: subscription.radiusKm,
      },
    );
  });
}

/**
 * Tells each recycler with a matching feedstock alert about a listing that has just opened, in
 * the transaction that opened it: once per organisation, naming its nearest matching facility.
 * Facilities whose approval has expired are left out, as they may not receive the waste.
 */
export async function notifyFeedstockSubscribers(
  tx: Tx,
  listing: typeof wasteListings.$inferSelect,
): Promise<void> {
  const candidates = await tx
    .select({
      orgId: feedstockSubscriptions.orgId,
      radiusKm: feedstockSubscriptions.radiusKm,
      facilityName: facilities.name,
      lat: facilities.lat,
      lon: facilities.lon,
    })
    .from(feedstockSubscriptions)
    .innerJoin(facilities, eq(facilities.id, feedstockSubscriptions.facilityId))
    .where(
      and(
        gte(facilities.approvalExpiresOn, shanghaiDate(now())),
        jsonArrayHas(feedstockSubscriptions.wasteClasses, listing.wasteClass),
        sql`(${jsonArrayLength(feedstockSubscriptions.materials)} = 0 OR ${jsonArrayHas(feedstockSubscriptions.materials, listing.material)})`,
      ),
    )
    .orderBy(asc(feedstockSubscriptions.id));
  const nearest = new Map<number, { facilityName: string; km: number }>();
  for (const c of candidates) {
    const km = haversineKm(c, listing);
    const known = nearest.get(c.orgId);
    if (km <= c.radiusKm && (!known || km < known.km)) nearest.set(c.orgId, { ...c, km });
  }
  const material = materialByKey(listing.material);
  for (const [orgId, { facilityName }] of nearest) {
    await notify(
      tx,
      orgId,
      "feedstock_match",
      { type: "listing", id: listing.id },
      {
        facility: facilityName,
        quantity: `${kgToTonnesText(listing.quantityKg - listing.allocatedKg)} t`,
        // Notifications carry plain text in both languages (see notify).
        material: material ? `${material.zh} / ${material.en}` : listing.material,
      },
    );
  }
}
