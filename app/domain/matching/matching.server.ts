import { and, eq, gte } from "drizzle-orm";
import { facilities, organisations } from "#db/schema";
import { jsonArrayHas } from "#db/sql";
import { read } from "#db/store";
import type { Actor } from "../access";
import { now, shanghaiDate } from "../clock";
import { approvalStatus } from "../facilities";
import { haversineKm } from "../geo";
import { getListing } from "../listings";
import { getSetting } from "../settings";
import { estimateHaul, type HaulEstimate, type HaulFactors } from "./haul";

/** Other organisations' facilities shown per listing; one's own are always all shown. */
const MATCH_LIMIT = 10;

export type FacilityMatch = {
  facilityId: number;
  name: string;
  type: string;
  divisionCode: string;
  recyclerName: string;
  mine: boolean;
  approval: "valid" | "expiring";
  straightKm: number;
  gateFeeFenPerTonne: number;
  haul: HaulEstimate;
  /** Gate fee plus haul, per tonne: what the ranking orders by. */
  deliveredFenPerTonne: number;
};

export type ListingMatches = {
  matches: FacilityMatch[];
  /** The quantity the haul totals are for: what is still available on the listing. */
  quantityKg: number;
  factors: HaulFactors;
};

export async function haulFactors(): Promise<HaulFactors> {
  return {
    roadFactor: await getSetting("roadFactor"),
    costFenPerTonneKm: await getSetting("haulCostFenPerTonneKm"),
    co2GramsPerTonneKm: await getSetting("haulCo2GramsPerTonneKm"),
  };
}

/**
 * Facilities that could take a listing: they accept its class and material and their disposal
 * approval is still valid. Ranked by what a tonne costs delivered (gate fee + estimated haul, so
 * both distance and price count), nearest first on a tie; a recycler sees its own first.
 */
export async function matchFacilities(actor: Actor, listingId: number): Promise<ListingMatches> {
  return read(async (db) => {
    const { listing } = await getListing(actor, listingId);
    const factors = await haulFactors();
    const quantityKg = listing.quantityKg - listing.allocatedKg;
    const rows = await db
      .select({ facility: facilities, recyclerName: organisations.name })
      .from(facilities)
      .innerJoin(organisations, eq(organisations.id, facilities.orgId))
      .where(
        and(
          gte(facilities.approvalExpiresOn, shanghaiDate(now())),
          jsonArrayHas(facilities.acceptedClasses, listing.wasteClass),
          jsonArrayHas(facilities.acceptedMaterials, listing.material),
        ),
      );
    const ranked = rows
      .map(({ facility, recyclerName }): FacilityMatch => {
        const straightKm = haversineKm(listing, facility);
        const haul = estimateHaul(straightKm, quantityKg, factors);
        return {
          facilityId: facility.id,
          name: facility.name,
          type: facility.type,
          divisionCode: facility.divisionCode,
          recyclerName,
          mine: facility.orgId === actor.orgId,
          approval: approvalStatus(facility) === "expiring" ? "expiring" : "valid",
          straightKm,
          gateFeeFenPerTonne: facility.gateFeeFenPerTonne,
          haul,
          deliveredFenPerTonne: facility.gateFeeFenPerTonne + haul.costFenPerTonne,
        };
      })
      .sort(
        (a, b) =>
          a.deliveredFenPerTonne - b.deliveredFenPerTonne ||
          a.haul.roadMetres - b.haul.roadMetres ||
          a.facilityId - b.facilityId,
      );
    const mine = ranked.filter((m) => m.mine);
    const others = ranked.filter((m) => !m.mine).slice(0, MATCH_LIMIT);
    return { matches: [...mine, ...others], quantityKg, factors };
  });
}
