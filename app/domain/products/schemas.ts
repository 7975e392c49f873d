import { z } from "zod";
import { DomainError } from "~/domain/errors";
import { MAX_PRICE_FEN_PER_TONNE } from "~/domain/money";
import { MAX_LISTING_KG, parseTonnesToKg } from "~/domain/quantity";
import { type ProductUnit, productTypeKeys, productUnitKeys } from "~/domain/reference/products";
import { facilityTypeKeys, materialKeys, wasteClassKeys } from "~/domain/reference/waste";
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
} from "~/lib/fields";
import { storedEnum, timestamp } from "~/lib/resources";
import type { getProduct } from "./catalogue.server";
import type { getProductOrder } from "./orders.server";
import { MAX_UNITS_MILLI, parseUnitsToMilli, unitQuantityError } from "./quantity";
import type { searchProducts } from "./search.server";
import { productOrderStatuses } from "./status";
import type { traceDelivery } from "./trace.server";

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
    throw new DomainError(error.status, error.messageKey, error.params, {
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

/** A product's fields as the API shows them, in a search and on its own. */
const productFieldsResource = z.object({
  id: z.int(),
  sellerName: z.string(),
  facilityId: z.int(),
  facilityName: z.string(),
  divisionCode: z.string(),
  lat: z.number(),
  lon: z.number(),
  productType: storedEnum(productTypeKeys),
  name: z.string(),
  standard: z.string(),
  grade: z.string(),
  unit: z.enum(productUnitKeys),
  massPerUnitG: z.int(),
  priceFenPerUnit: z.int(),
  stockMilli: z.int(),
  minOrderMilli: z.int(),
  recycledContentPct: z.int(),
  description: z.string(),
  status: z.enum(["active", "archived"]),
  createdAt: timestamp,
});

type ProductRecord = Awaited<ReturnType<typeof getProduct>>["product"];

function productFieldsOf(
  product: ProductRecord,
  names: { sellerName: string; facilityName: string },
): z.input<typeof productFieldsResource> {
  return { ...product, ...names };
}

/** A production batch; its test report file, if any, opens on the web page. */
export const BatchResource = z.object({
  id: z.int(),
  productId: z.int(),
  batchNo: z.string(),
  producedOn: z.iso.date(),
  quantityMilli: z.int(),
  inputKg: z.int(),
  testResults: z.string(),
  hasTestReport: z.boolean(),
  createdAt: timestamp,
});

type BatchRecord = Awaited<ReturnType<typeof getProduct>>["batches"][number];

export function batchResource(batch: BatchRecord): z.input<typeof BatchResource> {
  return { ...batch, hasTestReport: batch.testReportFile !== null };
}

/** A product with its batches, newest first. */
export const ProductResource = productFieldsResource.extend({
  batches: z.array(BatchResource),
});

export function productResource(
  view: Awaited<ReturnType<typeof getProduct>>,
): z.input<typeof ProductResource> {
  return {
    ...productFieldsOf(view.product, {
      sellerName: view.sellerName,
      facilityName: view.facility.name,
    }),
    batches: view.batches.map(batchResource),
  };
}

/** One page of the product browser. */
export const ProductPage = z.object({
  items: z.array(
    productFieldsResource.extend({
      /** Straight-line km from the chosen project; null without one. */
      distanceKm: z.number().nullable(),
      /** Estimated haul of one unit to the chosen project; null without one. */
      haulPerUnit: z
        .object({
          roadMetres: z.int(),
          costFen: z.int(),
          co2Grams: z.int(),
        })
        .nullable(),
      /** Price plus estimated haul, per unit, in fen; null without a project. */
      deliveredFenPerUnit: z.int().nullable(),
    }),
  ),
  total: z.int(),
  page: z.int(),
  pageCount: z.int(),
  sort: z.enum(["distance", "price", "newest"]),
  projectId: z.int().nullable(),
});

export function productPage(
  result: Awaited<ReturnType<typeof searchProducts>>,
): z.input<typeof ProductPage> {
  return {
    ...result,
    projectId: result.project?.id ?? null,
    items: result.rows.map((row) => ({
      ...productFieldsOf(row.product, {
        sellerName: row.sellerName,
        facilityName: row.facilityName,
      }),
      distanceKm: row.distanceKm,
      haulPerUnit: row.haulPerUnit,
      deliveredFenPerUnit: row.deliveredFenPerUnit,
    })),
  };
}

/** A truckload of an order, and whether its buyer confirmed receipt. */
export const DeliveryResource = z.object({
  id: z.int(),
  orderId: z.int(),
  batchId: z.int().nullable(),
  quantityMilli: z.int(),
  vehiclePlate: z.string(),
  deliveredAt: timestamp,
  confirmedAt: timestamp.nullable(),
});

/** A product order as either party sees it, with its deliveries and payment state (read-only). */
export const ProductOrderResource = z.object({
  id: z.int(),
  productId: z.int(),
  productName: z.string(),
  productType: storedEnum(productTypeKeys),
  unit: z.enum(productUnitKeys),
  massPerUnitG: z.int(),
  /** Which party the caller is. */
  side: z.enum(["buyer", "seller"]),
  sellerName: z.string(),
  buyerName: z.string(),
  projectId: z.int(),
  projectName: z.string(),
  status: z.enum(productOrderStatuses),
  quantityMilli: z.int(),
  deliveredMilli: z.int(),
  unitPriceFen: z.int(),
  amountFen: z.int(),
  /** Paid by payments that succeeded, less refunds. */
  paidFen: z.int(),
  note: z.string(),
  createdAt: timestamp,
  updatedAt: timestamp,
  deliveries: z.array(DeliveryResource),
  payments: z.array(
    z.object({
      id: z.int(),
      provider: z.enum(["stripe", "bank_transfer"]),
      status: z.enum(["pending", "succeeded", "failed", "refunded", "cancelled"]),
      amountFen: z.int(),
      refundedFen: z.int(),
      createdAt: timestamp,
      updatedAt: timestamp,
    }),
  ),
});

export function productOrderResource(
  view: Awaited<ReturnType<typeof getProductOrder>>,
): z.input<typeof ProductOrderResource> {
  return {
    ...view.order,
    productName: view.product.name,
    productType: view.product.productType,
    unit: view.product.unit,
    massPerUnitG: view.product.massPerUnitG,
    side: view.side,
    sellerName: view.sellerName,
    buyerName: view.buyerName,
    projectName: view.project.name,
    paidFen: view.paidFen,
    deliveries: view.deliveries,
    payments: view.payments,
  };
}

/**
 * The chain behind a delivery: the project it went to, the order and product, the batch it came
 * from, the facility that made it and the weighed loads (and their sites) the batch drew on.
 */
export const DeliveryTrace = z.object({
  delivery: DeliveryResource,
  order: z.object({
    id: z.int(),
    status: z.enum(productOrderStatuses),
    quantityMilli: z.int(),
    deliveredMilli: z.int(),
  }),
  product: z.object({
    id: z.int(),
    name: z.string(),
    productType: storedEnum(productTypeKeys),
    standard: z.string(),
    unit: z.enum(productUnitKeys),
    massPerUnitG: z.int(),
  }),
  project: z.object({ id: z.int(), name: z.string(), divisionCode: z.string() }),
  batch: BatchResource.nullable(),
  facility: z
    .object({
      id: z.int(),
      name: z.string(),
      type: storedEnum(facilityTypeKeys),
      divisionCode: z.string(),
      approvalNo: z.string(),
    })
    .nullable(),
  sources: z.array(
    z.object({
      manifestId: z.int(),
      manifestNo: z.string(),
      receivedAt: timestamp.nullable(),
      /** Kilograms of this load the batch drew on. */
      kg: z.int(),
      listingId: z.int(),
      wasteClass: storedEnum(wasteClassKeys),
      material: storedEnum(materialKeys),
      producerName: z.string(),
      sourceProjectName: z.string(),
    }),
  ),
});

export function deliveryTrace(
  view: Awaited<ReturnType<typeof traceDelivery>>,
): z.input<typeof DeliveryTrace> {
  return {
    ...view,
    batch: view.batch ? batchResource(view.batch) : null,
    sources: view.sources.map((s) => ({
      ...s,
      manifestId: s.manifest.id,
      manifestNo: s.manifest.manifestNo,
      receivedAt: s.manifest.receivedAt,
    })),
  };
}
