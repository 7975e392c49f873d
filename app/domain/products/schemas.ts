import { z } from "zod";
import { MAX_PRICE_FEN_PER_TONNE } from "~/domain/money";
import { MAX_LISTING_KG, parseTonnesToKg } from "~/domain/quantity";
import { type ProductUnit, productTypeKeys, productUnitKeys } from "~/domain/reference/products";
import { id, isoDate, optionalText, requiredText, tonnes, vehiclePlate, yuan } from "~/lib/fields";
import { parseUnitsToMilli } from "./quantity";

const MAX_UNITS_MILLI = 1_000_000_000_000;

/** A quantity of a product in its unit (whole pieces for bricks), as integer milli-units. */
export const unitsOf = (unit: ProductUnit, minMilli = 1) =>
  z
    .string({ error: "form.required" })
    .trim()
    .min(1, "form.required")
    .refine(
      (v) => parseUnitsToMilli(v, unit) !== null,
      unit === "piece" ? "product.wholePieces" : "form.units",
    )
    .transform((v) => parseUnitsToMilli(v, unit) as number)
    .pipe(
      z
        .number()
        .min(minMilli, "form.quantityTooSmall")
        .max(MAX_UNITS_MILLI, "form.quantityTooLarge"),
    );

export const ProductInput = z
  .object({
    facilityId: id,
    productType: z.enum(productTypeKeys, "form.chooseOne"),
    name: requiredText(100),
    standard: requiredText(80),
    grade: optionalText(40),
    unit: z.enum(productUnitKeys, "form.chooseOne"),
    // Mass of one unit typed in kilograms (three decimals), kept in grams.
    massPerUnitG: z
      .string({ error: "form.required" })
      .trim()
      .min(1, "form.required")
      .refine((v) => parseTonnesToKg(v) !== null, "product.massPerUnit")
      .transform((v) => parseTonnesToKg(v) as number)
      .pipe(z.number().min(1, "form.quantityTooSmall").max(100_000_000, "form.quantityTooLarge")),
    priceFenPerUnit: yuan(MAX_PRICE_FEN_PER_TONNE),
    minOrder: z.string().trim().optional().default("0"),
    recycledContentPct: z.coerce
      .number({ error: "form.number" })
      .int("form.wholeNumber")
      .min(0, "form.outOfRange")
      .max(100, "form.outOfRange"),
    description: optionalText(1000),
  })
  .transform((p, ctx) => {
    // A tonne weighs a tonne whatever was typed; m³ and m² are weighed in whole kilograms so that
    // every quantity converts to grams exactly.
    const massPerUnitG = p.unit === "t" ? 1_000_000 : p.massPerUnitG;
    if ((p.unit === "m3" || p.unit === "m2") && massPerUnitG % 1000 !== 0) {
      ctx.addIssue({ code: "custom", path: ["massPerUnitG"], message: "product.wholeKgPerUnit" });
    }
    const minOrderMilli = parseUnitsToMilli(p.minOrder || "0", p.unit);
    if (minOrderMilli === null) {
      ctx.addIssue({ code: "custom", path: ["minOrder"], message: "form.units" });
    }
    const { minOrder: _, ...rest } = p;
    return { ...rest, massPerUnitG, minOrderMilli: minOrderMilli ?? 0 };
  });
export type ProductInput = z.output<typeof ProductInput>;

export const BatchInput = z.object({
  batchNo: requiredText(40),
  producedOn: isoDate,
  quantity: z.string({ error: "form.required" }).trim().min(1, "form.required"),
  inputKg: tonnes(1, MAX_LISTING_KG),
  testResults: optionalText(2000),
});
export type BatchInput = z.output<typeof BatchInput>;

export const ProductOrderInput = z.object({
  projectId: id,
  quantity: z.string({ error: "form.required" }).trim().min(1, "form.required"),
  note: optionalText(500),
});
export type ProductOrderInput = z.output<typeof ProductOrderInput>;

export const DeliveryInput = z.object({
  quantity: z.string({ error: "form.required" }).trim().min(1, "form.required"),
  vehiclePlate,
  batchId: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(id.optional()),
});
export type DeliveryInput = z.output<typeof DeliveryInput>;

/** Query parameters of the product browser; anything unusable is dropped rather than refused. */
export const ProductQuery = z.object({
  productType: z.enum(productTypeKeys).optional().catch(undefined),
  standard: z.string().trim().max(40).optional().catch(undefined),
  grade: z.string().trim().max(40).optional().catch(undefined),
  divisionCode: z
    .string()
    .regex(/^51\d{4}$/)
    .optional()
    .catch(undefined),
  project: z.coerce.number().int().positive().optional().catch(undefined),
  radiusKm: z.coerce.number().int().min(1).max(500).optional().catch(undefined),
  maxPriceYuan: z.coerce.number().min(0).max(100_000).optional().catch(undefined),
  sort: z.enum(["distance", "price", "newest"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type ProductQuery = z.output<typeof ProductQuery>;
