import { z } from "zod";
import {
  divisionCode,
  fenAmount,
  id,
  isoDate,
  kilogramCount,
  optionalText,
  recordId,
  tonnes,
  yuan,
} from "~/domain/fields";
import { MAX_PRICE_FEN_PER_TONNE } from "~/domain/money";
import { kgToTonnesText, MAX_LISTING_KG, parseTonnesToKg } from "~/domain/quantity";
import {
  type Material,
  materialKeys,
  materialsByClass,
  type WasteClass,
  wasteClassKeys,
} from "../reference";

/**
 * Rules across fields of a listing, shared by every schema that carries one (the web form, the
 * API, the edit form), so each is written once.
 */
export function listingRules(
  l: { wasteClass: WasteClass; material: Material; availableFrom: string; availableUntil: string },
  ctx: z.RefinementCtx,
) {
  if (l.availableUntil < l.availableFrom) {
    ctx.addIssue({ code: "custom", path: ["availableUntil"], message: "form.endBeforeStart" });
  }
  if (!materialsByClass[l.wasteClass].includes(l.material)) {
    ctx.addIssue({ code: "custom", path: ["material"], message: "listing.materialNotInClass" });
  }
}

/** The fields a producer fills in for a listing, on creation and when editing. */
const listingFields = z.object({
  wasteClass: z.enum(wasteClassKeys, "form.chooseOne"),
  material: z.enum(materialKeys, "form.chooseOne"),
  quantityKg: tonnes(1, MAX_LISTING_KG),
  availableFrom: isoDate,
  availableUntil: isoDate,
  priceFenPerTonne: yuan(MAX_PRICE_FEN_PER_TONNE),
  payer: z.enum(["recycler", "producer"], "form.chooseOne"),
  description: optionalText(1000),
});

export const ListingInput = listingFields
  .extend({
    projectId: id,
    publish: z
      .string()
      .optional()
      .transform((v) => v !== "draft"),
  })
  .superRefine(listingRules);
export type ListingInput = z.output<typeof ListingInput>;

export const MARKET_PAGE_SIZE = 20;
/**
 * A search counts and pages through at most this many listings: past it, the count says "more
 * than" and the person narrows the search, which keeps every search to one pass over the market.
 */
export const MARKET_RESULT_CAP = 10_000;
export const MARKET_MAX_PAGE = MARKET_RESULT_CAP / MARKET_PAGE_SIZE;
export const MARKET_RADIUS_KM = { min: 1, max: 500, default: 50 } as const;
export const marketSorts = ["newest", "price", "distance"] as const;
export type MarketSort = (typeof marketSorts)[number];

/** Where a search is centred: a point, or one of the searcher's own projects or facilities. */
export type MarketCentre =
  | { kind: "point"; lat: number; lon: number }
  | { kind: "project"; id: number }
  | { kind: "facility"; id: number };

const CENTRE_POINT = /^(-?\d{1,2}(?:\.\d{1,10})?),(-?\d{1,3}(?:\.\d{1,10})?)$/;
const CENTRE_REFERENCE = /^(project|facility):([1-9]\d{0,14})$/;

/** "30.66,104.07", "project:12" or "facility:3"; anything else is no centre. */
export function parseCentre(text: string): MarketCentre | undefined {
  const value = text.replace(/\s+/g, "");
  const reference = CENTRE_REFERENCE.exec(value);
  if (reference) {
    return { kind: reference[1] as "project" | "facility", id: Number(reference[2]) };
  }
  const point = CENTRE_POINT.exec(value);
  if (!point) return undefined;
  const lat = Number(point[1]);
  const lon = Number(point[2]);
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { kind: "point", lat, lon } : undefined;
}

export function centreParam(centre: MarketCentre): string {
  return centre.kind === "point" ? `${centre.lat},${centre.lon}` : `${centre.kind}:${centre.id}`;
}

/** Plain decimal digits only: "0x10" or "1e3" in a URL are not numbers a person typed. */
const wholeNumber = z
  .string()
  .trim()
  .regex(/^\d{1,15}$/)
  .transform(Number);

const quantityBound = z
  .string()
  .optional()
  .transform((v) => (v ? (parseTonnesToKg(v) ?? undefined) : undefined))
  .catch(undefined);

/**
 * The market's search parameters, for the page's URL and the API alike. A parameter that cannot
 * be read falls back to "no filter" (or its default) rather than failing the search.
 */
export const MarketQuery = z.object({
  wasteClass: z.enum(wasteClassKeys).optional().catch(undefined),
  material: z.enum(materialKeys).optional().catch(undefined),
  divisionCode: divisionCode.optional().catch(undefined),
  payer: z.enum(["recycler", "producer"]).optional().catch(undefined),
  /** Least quantity still available, typed in tonnes; parsed to whole kilograms. */
  minTonnes: quantityBound.meta({ description: "Least available quantity, tonnes" }),
  /** Most quantity still available, typed in tonnes; parsed to whole kilograms. */
  maxTonnes: quantityBound.meta({ description: "Most available quantity, tonnes" }),
  near: z
    .string()
    .optional()
    .transform((v) => (v ? parseCentre(v) : undefined))
    .catch(undefined)
    .meta({
      description:
        'Centre of a radius search: "lat,lon", "project:<id>" or "facility:<id>" (your own)',
    }),
  radiusKm: wholeNumber
    .pipe(z.number().min(MARKET_RADIUS_KM.min).max(MARKET_RADIUS_KM.max))
    .catch(MARKET_RADIUS_KM.default)
    .meta({ description: "Radius around `near` in km, 1–500 (50 if absent)" }),
  sort: z.enum(marketSorts).optional().catch(undefined).meta({
    description:
      "newest, price (lowest first) or distance (nearest first, needs `near`); absent: distance with `near`, else newest",
  }),
  page: wholeNumber
    .pipe(z.number().min(1))
    .catch(1)
    .transform((p) => Math.min(p, MARKET_MAX_PAGE))
    .meta({ description: "Page of 20 results; past the last page, the last page" }),
});
export type MarketQuery = z.output<typeof MarketQuery>;

/** The URL parameters that reproduce a search, so a search can be shared and paged. */
export function marketSearchParams(query: MarketQuery, page = query.page): URLSearchParams {
  const params = new URLSearchParams();
  const set = (name: string, value: string | number | undefined) => {
    if (value !== undefined) params.set(name, String(value));
  };
  set("wasteClass", query.wasteClass);
  set("material", query.material);
  set("divisionCode", query.divisionCode);
  set("payer", query.payer);
  set("minTonnes", query.minTonnes === undefined ? undefined : kgToTonnesText(query.minTonnes));
  set("maxTonnes", query.maxTonnes === undefined ? undefined : kgToTonnesText(query.maxTonnes));
  if (query.near) {
    set("near", centreParam(query.near));
    set("radiusKm", query.radiusKm);
  }
  set("sort", query.sort);
  if (page > 1) set("page", page);
  return params;
}

/** What the producer may change on a listing that is a draft or open. */
export const ListingEdit = listingFields.superRefine(listingRules);
export type ListingEdit = z.output<typeof ListingEdit>;

/**
 * Close-out: the quantity that never moved through the platform was either disposed of elsewhere
 * (with its destination) or never generated; the rest of the declaration is "not generated".
 */
export const ListingCloseOut = z
  .object({
    disposedOffPlatformKg: tonnes(0, MAX_LISTING_KG),
    offPlatformDestination: optionalText(200),
    closeNote: optionalText(500),
  })
  .superRefine((c, ctx) => {
    if (c.disposedOffPlatformKg > 0 && c.offPlatformDestination.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["offPlatformDestination"],
        message: "listing.destinationRequired",
      });
    }
  });
export type ListingCloseOut = z.output<typeof ListingCloseOut>;

/**
 * A new listing through the API: the web form's fields, rules and domain input, in JSON-native
 * types (whole kilograms, whole fen, a boolean for publishing rather than a draft button).
 */
export const ListingCreateBody = z
  .object({
    ...ListingInput.shape,
    projectId: recordId,
    quantityKg: kilogramCount(1, MAX_LISTING_KG),
    priceFenPerTonne: fenAmount(MAX_PRICE_FEN_PER_TONNE),
    publish: z.boolean({ error: "form.invalid" }).default(true),
  })
  .superRefine(listingRules) satisfies z.ZodType<ListingInput>;
