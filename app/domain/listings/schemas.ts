import { z } from "zod";
import { MAX_PRICE_FEN_PER_TONNE } from "~/domain/money";
import { MAX_LISTING_KG } from "~/domain/quantity";
import {
  type Material,
  materialKeys,
  materialsByClass,
  type WasteClass,
  wasteClassKeys,
} from "~/domain/reference/waste";
import { id, isoDate, optionalText, tonnes, yuan } from "~/lib/fields";

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

export const MarketQuery = z.object({
  wasteClass: z.enum(wasteClassKeys).optional().catch(undefined),
  divisionCode: z
    .string()
    .regex(/^51\d{4}$/)
    .optional()
    .catch(undefined),
  payer: z.enum(["recycler", "producer"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type MarketQuery = z.output<typeof MarketQuery>;

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
