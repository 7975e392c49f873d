import { z } from "zod";
import { marketSorts } from "~/domain/listings/schemas";
import type { MarketResult, MarketRow } from "~/domain/listings/search.server";
import { listingStatuses } from "~/domain/listings/status";
import { materialKeys, wasteClassKeys } from "~/domain/reference/waste";
import { storedEnum, timestamp } from "~/lib/api/resources/parts";

/** A listing as the API shows it, to its producer and to recyclers browsing the market. */
export const ListingResource = z.object({
  id: z.int(),
  projectId: z.int(),
  projectName: z.string(),
  producerName: z.string(),
  divisionCode: z.string(),
  wasteClass: storedEnum(wasteClassKeys),
  material: storedEnum(materialKeys),
  quantityKg: z.int(),
  allocatedKg: z.int(),
  availableKg: z.int(),
  availableFrom: z.iso.date(),
  availableUntil: z.iso.date(),
  priceFenPerTonne: z.int(),
  payer: z.enum(["recycler", "producer"]),
  description: z.string(),
  status: z.enum(listingStatuses),
  createdAt: timestamp,
  publishedAt: timestamp.nullable(),
});

export function listingResource(
  view: Pick<MarketRow, "listing" | "projectName" | "producerName">,
): z.input<typeof ListingResource> {
  const { listing } = view;
  return {
    ...listing,
    projectName: view.projectName,
    producerName: view.producerName,
    availableKg: listing.quantityKg - listing.allocatedKg,
  };
}

/** One page of a market search, as the market page shows it. */
export const MarketPage = z.object({
  items: z.array(
    ListingResource.extend({
      /** Straight-line km from the search's centre; null without one. */
      distanceKm: z.number().nullable(),
    }),
  ),
  total: z.int(),
  /** More listings match than `total`; narrow the search to see them. */
  capped: z.boolean(),
  page: z.int(),
  pageCount: z.int(),
  sort: z.enum(marketSorts),
  centre: z.object({ lat: z.number(), lon: z.number() }).nullable(),
});

export function marketPage(result: MarketResult): z.input<typeof MarketPage> {
  return {
    ...result,
    items: result.rows.map((row) => ({ ...listingResource(row), distanceKm: row.distanceKm })),
  };
}
