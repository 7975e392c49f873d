import { z } from "zod";
import type { getProduct } from "~/domain/products/catalogue.server";
import type { getProductOrder } from "~/domain/products/orders.server";
import type { searchProducts } from "~/domain/products/search.server";
import { productOrderStatuses } from "~/domain/products/status";
import type { traceDelivery } from "~/domain/products/trace.server";
import { productTypeKeys, productUnitKeys } from "~/domain/reference/products";
import { facilityTypeKeys, materialKeys, wasteClassKeys } from "~/domain/reference/waste";
import { storedEnum, timestamp } from "~/lib/api/resources/parts";

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
