import { and, eq, sql } from "drizzle-orm";
import { manifests, wasteListings, wasteOrders } from "#db/schema";
import { read } from "#db/store";
import { liveOrderStatuses } from "../orders";

export type MassBalance = {
  listedKg: number;
  recycledKg: number;
  backfilledKg: number;
  landfilledKg: number;
  transferredKg: number;
  /** Claimed by live orders and not yet weighed in. */
  reservedKg: number;
  /** Claimed by nobody yet (zero once the listing is closed or cancelled). */
  openKg: number;
  disposedOffPlatformKg: number;
  notGeneratedKg: number;
  /** Weighed more than was listed (negative when trucks brought more than declared). */
  differenceKg: number;
  /** Moved through the platform, any destination. */
  movedKg: number;
};

/** Until a listing is closed or withdrawn, what nobody claimed is still its producer's to place. */
const unclaimedStatuses = new Set(["draft", "open", "expired"]);

const destination: Record<
  string,
  "recycledKg" | "backfilledKg" | "landfilledKg" | "transferredKg"
> = {
  recycling_plant: "recycledKg",
  backfill_site: "backfilledKg",
  landfill: "landfilledKg",
  transfer_station: "transferredKg",
};

/**
 * Where every kilogram of a listing is: listed = moved (by destination) + reserved + open +
 * disposed off-platform + not generated (+ a difference when trucks weighed more than declared).
 */
export async function massBalance(listingId: number): Promise<MassBalance> {
  return read(async (db) => {
    const listing = (
      await db.select().from(wasteListings).where(eq(wasteListings.id, listingId)).limit(1)
    )[0];
    if (!listing) throw new Error(`no listing ${listingId}`);
    const moved = await db
      .select({
        facilityType: manifests.facilityType,
        netKg: sql<number>`coalesce(sum(${manifests.netKg}), 0)`,
      })
      .from(manifests)
      .where(and(eq(manifests.listingId, listingId), eq(manifests.status, "received")))
      .groupBy(manifests.facilityType);
    const reservedKg =
      (
        await db
          .select({
            kg: sql<number>`coalesce(sum(max(0, ${wasteOrders.quantityKg} - ${wasteOrders.receivedKg})), 0)`,
          })
          .from(wasteOrders)
          .where(
            and(
              eq(wasteOrders.listingId, listingId),
              sql`${wasteOrders.status} in (${sql.join(
                liveOrderStatuses.map((s) => sql`${s}`),
                sql`, `,
              )})`,
            ),
          )
          .limit(1)
      )[0]?.kg ?? 0;
    const balance: MassBalance = {
      listedKg: listing.quantityKg,
      recycledKg: 0,
      backfilledKg: 0,
      landfilledKg: 0,
      transferredKg: 0,
      reservedKg,
      openKg: unclaimedStatuses.has(listing.status) ? listing.quantityKg - listing.allocatedKg : 0,
      disposedOffPlatformKg: listing.disposedOffPlatformKg,
      notGeneratedKg: listing.notGeneratedKg,
      differenceKg: 0,
      movedKg: 0,
    };
    for (const row of moved) {
      const key = destination[row.facilityType];
      if (key) balance[key] += row.netKg;
      balance.movedKg += row.netKg;
    }
    balance.differenceKg =
      balance.listedKg -
      balance.movedKg -
      balance.reservedKg -
      balance.openKg -
      balance.disposedOffPlatformKg -
      balance.notGeneratedKg;
    return balance;
  });
}
