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

export const ListingInput = z
  .object({
    projectId: id,
    wasteClass: z.enum(wasteClassKeys, "form.chooseOne"),
    material: z.enum(materialKeys, "form.chooseOne"),
    quantityKg: tonnes(1, MAX_LISTING_KG),
    availableFrom: isoDate,
    availableUntil: isoDate,
    priceFenPerTonne: yuan(MAX_PRICE_FEN_PER_TONNE),
    payer: z.enum(["recycler", "producer"], "form.chooseOne"),
    description: optionalText(1000),
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
