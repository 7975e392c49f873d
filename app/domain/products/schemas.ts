import { z } from "zod";
import { DomainError } from "~/domain/errors";
import {
  fenAmount,
  id,
  isoDate,
  kilogramCount,
  optionalText,
  recordId,
  requiredText,
  tonnes,
  vehiclePlate,
  yuan,
} from "~/domain/fields";
import { MAX_PRICE_FEN_PER_TONNE } from "~/domain/money";
import { MAX_LISTING_KG, parseTonnesToKg } from "~/domain/quantity";
import { type ProductUnit, productTypeKeys, productUnitKeys } from "../reference";
import { MAX_UNITS_MILLI, parseUnitsToMilli, unitQuantityError } from "./quantity";

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

/**
 * A quantity of a product as a JSON number of milli-units (thousandths of the product's unit),
 * how the API carries it. Whether it suits the unit (whole pieces) is checked by the services,
 * which know the product.
 */
export const milliUnits = (minMilli: number) =>
  z
    .int({
      error: (issue) =>
        issue.input === undefined || issue.input === null
          ? "form.required"
          : issue.code === "too_big"
            ? "form.quantityTooLarge"
            : issue.code === "too_small"
              ? "form.quantityTooSmall"
              : "form.wholeMilli",
    })
    .min(minMilli, "form.quantityTooSmall")
    .max(MAX_UNITS_MILLI, "form.quantityTooLarge")
    .meta({
      description:
        "Thousandths of the product's unit (12.5 t = 12500; 2000 pieces = 2000000; pieces are whole)",
    });

/**
 * Rules across fields of a product, for the web form and the API alike: a tonne weighs a tonne
 * whatever was given, and m³ and m² are weighed in whole kilograms so that every quantity
 * converts to grams exactly.
 */
function productRules<P extends { unit: ProductUnit; massPerUnitG: number }>(
  p: P,
  ctx: z.RefinementCtx,
): P {
  const massPerUnitG = p.unit === "t" ? 1_000_000 : p.massPerUnitG;
  if ((p.unit === "m3" || p.unit === "m2") && massPerUnitG % 1000 !== 0) {
    ctx.addIssue({ code: "custom", path: ["massPerUnitG"], message: "product.wholeKgPerUnit" });
  }
  return { ...p, massPerUnitG };
}

const productFields = z.object({
  facilityId: id,
  productType: z.enum(productTypeKeys, "form.chooseOne"),
  name: requiredText(100),
  standard: requiredText(80),
  grade: optionalText(40),
  unit: z.enum(productUnitKeys, "form.chooseOne"),
  // Mass of one unit typed in kilograms (three decimals), kept in grams; not asked for tonnes.
  massPerUnitG: z
    .string()
    .trim()
    .optional()
    .refine((v) => !v || parseTonnesToKg(v) !== null, "product.massPerUnit")
    .transform((v) => (v ? (parseTonnesToKg(v) as number) : null))
    .pipe(
      z
        .number()
        .min(1, "form.quantityTooSmall")
        .max(100_000_000, "form.quantityTooLarge")
        .nullable(),
    ),
  priceFenPerUnit: yuan(MAX_PRICE_FEN_PER_TONNE),
  minOrder: z.string().trim().optional().default("0"),
  recycledContentPct: z.coerce
    .number({ error: "form.number" })
    .int("form.wholeNumber")
    .min(0, "form.outOfRange")
    .max(100, "form.outOfRange"),
  description: optionalText(1000),
});

export const ProductInput = productFields.transform((p, ctx) => {
  const minOrderMilli = parseUnitsToMilli(p.minOrder || "0", p.unit);
  if (minOrderMilli === null) {
    ctx.addIssue({ code: "custom", path: ["minOrder"], message: "form.units" });
  }
  if (p.massPerUnitG === null && p.unit !== "t") {
    ctx.addIssue({ code: "custom", path: ["massPerUnitG"], message: "form.required" });
  }
  const { minOrder: _, massPerUnitG, ...rest } = p;
  return productRules(
    { ...rest, massPerUnitG: massPerUnitG ?? 0, minOrderMilli: minOrderMilli ?? 0 },
    ctx,
  );
});
export type ProductInput = z.output<typeof ProductInput>;

/**
 * Text typed into a form's `quantity` field becomes the services' `quantityMilli`; a service's
 * refusal of `quantityMilli` is shown on the form's `quantity` field again.
 */
export async function onQuantityField<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof DomainError) || !error.fieldErrors.quantityMilli) throw error;
    const { quantityMilli, ...others } = error.fieldErrors;
    throw new DomainError(error.status, error.code, error.params, {
      ...others,
      quantity: quantityMilli,
    });
  }
}

const quantityText = <T extends Record<string, unknown>>({
  quantity,
  ...rest
}: T & { quantity: number }) => ({ ...rest, quantityMilli: quantity });

const batchFields = z.object({
  batchNo: requiredText(40),
  producedOn: isoDate,
  inputKg: tonnes(1, MAX_LISTING_KG),
  testResults: optionalText(2000),
});
/** A production batch as the services take it: its quantity in milli-units of the product. */
export type BatchInput = z.output<typeof batchFields> & { quantityMilli: number };

/** The batch form, for a product sold in `unit`: the quantity is typed in that unit. */
export const batchForm = (unit: ProductUnit) =>
  batchFields
    .extend({ quantity: unitsOf(unit) })
    .transform(quantityText) satisfies z.ZodType<BatchInput>;

const productOrderFields = z.object({
  projectId: id,
  note: optionalText(500),
});
export type ProductOrderInput = z.output<typeof productOrderFields> & { quantityMilli: number };

/** The order form on a product sold in `unit`. */
export const productOrderForm = (unit: ProductUnit) =>
  productOrderFields
    .extend({ quantity: unitsOf(unit) })
    .transform(quantityText) satisfies z.ZodType<ProductOrderInput>;

const deliveryFields = z.object({
  vehiclePlate,
  batchId: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(id.optional()),
});
export type DeliveryInput = z.output<typeof deliveryFields> & { quantityMilli: number };

/** The delivery form on an order of a product sold in `unit`. */
export const deliveryForm = (unit: ProductUnit) =>
  deliveryFields
    .extend({ quantity: unitsOf(unit) })
    .transform(quantityText) satisfies z.ZodType<DeliveryInput>;

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
  project: z.coerce.number().int().positive().optional().catch(undefined).meta({
    description:
      "One of your projects (contractors): adds distance, haul and delivered price per unit",
  }),
  radiusKm: z.coerce.number().int().min(1).max(500).optional().catch(undefined).meta({
    description: "With `project`: only products within this many km (straight line)",
  }),
  maxPriceYuan: z.coerce.number().min(0).max(100_000).optional().catch(undefined).meta({
    description: "Highest price per unit, in yuan as on the web page",
  }),
  sort: z.enum(["distance", "price", "newest"]).optional().catch(undefined).meta({
    description:
      "distance (needs `project`), price (delivered price with `project`, lowest first) or newest; absent: distance with `project`, else newest",
  }),
  page: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .catch(1)
    .meta({ description: "Page of 20 results" }),
});
export type ProductQuery = z.output<typeof ProductQuery>;

/**
 * A new product through the API: the form's fields and rules, in JSON-native types (grams per
 * unit, whole fen per unit, the minimum order in milli-units), producing the form's domain input.
 */
const { minOrder: _typedMinOrder, ...productBodyShape } = productFields.shape;
export const ProductCreateBody = z
  .object({
    ...productBodyShape,
    facilityId: recordId,
    massPerUnitG: z
      .int({ error: (issue) => (issue.input === undefined ? "form.required" : "form.wholeNumber") })
      .min(1, "form.quantityTooSmall")
      .max(100_000_000, "form.quantityTooLarge")
      .optional()
      .meta({
        description:
          "Grams per unit; whole kilograms (multiples of 1000) for m³ and m². Ignored for t: a tonne weighs 1000000 g.",
      }),
    priceFenPerUnit: fenAmount(MAX_PRICE_FEN_PER_TONNE),
    minOrderMilli: milliUnits(0).default(0),
    recycledContentPct: z
      .int({ error: (issue) => (issue.input === undefined ? "form.required" : "form.wholeNumber") })
      .min(0, "form.outOfRange")
      .max(100, "form.outOfRange"),
  })
  .transform(({ massPerUnitG, ...p }, ctx) => {
    if (massPerUnitG === undefined && p.unit !== "t") {
      ctx.addIssue({ code: "custom", path: ["massPerUnitG"], message: "form.required" });
    }
    const minOrderError = unitQuantityError(p.minOrderMilli, p.unit, 0);
    if (minOrderError) {
      ctx.addIssue({ code: "custom", path: ["minOrderMilli"], message: minOrderError });
    }
    return productRules({ ...p, massPerUnitG: massPerUnitG ?? 0 }, ctx);
  }) satisfies z.ZodType<ProductInput>;

/** A production batch through the API: test results as text; the report file is web-only. */
export const BatchBody = z.object({
  ...batchFields.shape,
  quantityMilli: milliUnits(1),
  inputKg: kilogramCount(1, MAX_LISTING_KG),
}) satisfies z.ZodType<BatchInput>;

/** A product order through the API. */
export const ProductOrderBody = z.object({
  ...productOrderFields.shape,
  projectId: recordId,
  quantityMilli: milliUnits(1),
}) satisfies z.ZodType<ProductOrderInput>;

/** A delivery through the API; the batch, when named, must be one of the product's. */
export const DeliveryBody = z.object({
  ...deliveryFields.shape,
  quantityMilli: milliUnits(1),
  batchId: recordId.optional(),
}) satisfies z.ZodType<DeliveryInput>;
