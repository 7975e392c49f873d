import { z } from "zod";
import { MAX_PRICE_FEN_PER_TONNE } from "~/domain/money";
import { MAX_LISTING_KG } from "~/domain/quantity";
import { materialKeys, materialsByClass, wasteClassKeys } from "~/domain/reference/waste";
import { id, isoDate, optionalText, tonnes, yuan } from "~/lib/fields";

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
  .refine((l) => l.availableUntil >= l.availableFrom, {
    path: ["availableUntil"],
    message: "form.endBeforeStart",
  })
  .refine((l) => materialsByClass[l.wasteClass].includes(l.material), {
    path: ["material"],
    message: "listing.materialNotInClass",
  });
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
