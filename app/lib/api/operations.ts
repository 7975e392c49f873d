import { z } from "zod";
import type { Permission } from "~/domain/access/permissions";
import { ListingCreateBody, MarketQuery } from "~/domain/listings/schemas";
import { DispatchBody, ReceiptBody } from "~/domain/manifests/schemas";
import { ClaimBody } from "~/domain/orders/schemas";
import {
  BatchBody,
  DeliveryBody,
  ProductCreateBody,
  ProductOrderBody,
  ProductQuery,
} from "~/domain/products/schemas";
import { PriceIndexParams } from "~/domain/stats/price-index";
import { PeriodParams, PublishedMonthParams } from "~/domain/stats/queries";
import { MaterialUseBody } from "~/domain/usage/schemas";
import { ListingResource, MarketPage } from "~/lib/api/resources/listings";
import { ManifestResource } from "~/lib/api/resources/manifests";
import { WasteOrderResource } from "~/lib/api/resources/orders";
import {
  BatchResource,
  DeliveryResource,
  DeliveryTrace,
  ProductOrderResource,
  ProductPage,
  ProductResource,
} from "~/lib/api/resources/products";
import {
  DepartmentFigures,
  PriceIndexResource,
  PublishedMonthList,
} from "~/lib/api/resources/stats";
import { MaterialUseReport, ProjectUsage } from "~/lib/api/resources/usage";

/**
 * The contract of /api/v1, declared once: the server validates every request and serialises
 * every response with these schemas, and /api/v1/openapi.json is generated from them.
 */

/** An RFC 9457 problem, in the caller's language (Accept-Language). */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  instance: z.string(),
  /** Stable, language-neutral reason for programs to branch on (the message key). */
  code: z.string(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});

export const problemStatuses = [400, 401, 403, 404, 405, 409, 413, 422, 429, 500] as const;
export type ProblemStatus = (typeof problemStatuses)[number];

/** Request bodies (documented as what a client sends, io: "input"). */
export const requestSchemas = {
  ListingCreateBody,
  ClaimBody,
  DispatchBody,
  ReceiptBody,
  ProductCreateBody,
  BatchBody,
  ProductOrderBody,
  DeliveryBody,
  MaterialUseBody,
};
/** Response bodies (documented as what the server sends, io: "output"). */
export const responseSchemas = {
  ListingResource,
  MarketPage,
  WasteOrderResource,
  ManifestResource,
  ProductPage,
  ProductResource,
  BatchResource,
  ProductOrderResource,
  DeliveryResource,
  DeliveryTrace,
  MaterialUseReport,
  ProjectUsage,
  DepartmentFigures,
  PublishedMonthList,
  PriceIndexResource,
  Problem,
};

/** The groups of operations in the document, in its order. */
export const operationTags = [
  { name: "listings", description: "The waste market." },
  { name: "orders", description: "Claims on listings." },
  { name: "manifests", description: "One electronic manifest (电子联单) per truck trip." },
  { name: "products", description: "Recycled products and their production batches." },
  {
    name: "product-orders",
    description: "Orders of recycled products for a project, and their payment state.",
  },
  { name: "deliveries", description: "Truckloads of product orders and their traceability." },
  {
    name: "usage",
    description: "A project's material use and its recycled-product usage rate (再生产品使用率).",
  },
  {
    name: "department",
    description:
      "For housing departments (住建主管部门): the figures, published months and price index of the token's jurisdiction only.",
  },
] as const;

export type Operation = {
  operationId: string;
  method: "GET" | "POST" | "PUT";
  /** OpenAPI path under /api/v1; every {parameter} in it is a record id. */
  path: `/${string}`;
  summary: string;
  description: string;
  tag: (typeof operationTags)[number]["name"];
  /** The permissions the services check, for the documentation; the services decide. */
  permissions: readonly Permission[];
  pathParams?: readonly string[];
  query?: z.ZodObject;
  body?: keyof typeof requestSchemas;
  response: { status: 200 | 201; schema: keyof typeof responseSchemas; description: string };
  /** For 201: where the created record lives, each "{field}" filled from the response (e.g. its id). */
  location?: `/${string}`;
  /** Refusals particular to this operation; authentication, rate limits and bad input are added. */
  problems: readonly ProblemStatus[];
};

export const operations = {
  searchListings: {
    operationId: "searchListings",
    method: "GET",
    path: "/listings",
    summary: "Search the waste market",
    description:
      "Open listings still within their availability window and not fully claimed, searched, sorted and paged exactly as on the market page, with the same parameters. A parameter that cannot be read is ignored rather than refused.",
    tag: "listings",
    permissions: ["market.browse"],
    query: MarketQuery,
    response: { status: 200, schema: "MarketPage", description: "One page of open listings." },
    problems: [403],
  },
  getListing: {
    operationId: "getListing",
    method: "GET",
    path: "/listings/{listingId}",
    summary: "Read a listing",
    description:
      "The producer reads its own listings in any state; others read a listing while it is open, or when they hold an order on it.",
    tag: "listings",
    permissions: ["project.read", "market.browse"],
    pathParams: ["listingId"],
    response: { status: 200, schema: "ListingResource", description: "The listing." },
    problems: [403, 404],
  },
  createListing: {
    operationId: "createListing",
    method: "POST",
    path: "/listings",
    summary: "List waste from one of your projects",
    description:
      "Publishes the listing to the market, or keeps it as a draft with `publish: false`. Quantities are whole kilograms, prices whole fen per tonne.",
    tag: "listings",
    permissions: ["listing.create"],
    body: "ListingCreateBody",
    response: { status: 201, schema: "ListingResource", description: "The new listing." },
    location: "/listings/{id}",
    problems: [403, 404],
  },
  claimListing: {
    operationId: "claimListing",
    method: "POST",
    path: "/listings/{listingId}/claims",
    summary: "Claim a quantity of a listing for one of your facilities",
    description:
      "Reserves the quantity at once; the producer accepts or declines the claim. The facility must accept the waste class and material and hold a valid disposal approval.",
    tag: "orders",
    permissions: ["order.claim"],
    pathParams: ["listingId"],
    body: "ClaimBody",
    response: { status: 201, schema: "WasteOrderResource", description: "The new order." },
    location: "/orders/{id}",
    problems: [403, 404, 409],
  },
  getOrder: {
    operationId: "getOrder",
    method: "GET",
    path: "/orders/{orderId}",
    summary: "Read a waste order",
    description: "For the producer and the recycler of the order, with its trips.",
    tag: "orders",
    permissions: ["order.read"],
    pathParams: ["orderId"],
    response: { status: 200, schema: "WasteOrderResource", description: "The order." },
    problems: [403, 404],
  },
  dispatchManifest: {
    operationId: "dispatchManifest",
    method: "POST",
    path: "/orders/{orderId}/manifests",
    summary: "Dispatch a truckload with an electronic manifest",
    description:
      "One manifest per trip, against an accepted order of one of your listings. The estimate is in whole kilograms.",
    tag: "manifests",
    permissions: ["manifest.dispatch"],
    pathParams: ["orderId"],
    body: "DispatchBody",
    response: { status: 201, schema: "ManifestResource", description: "The new manifest." },
    location: "/manifests/{id}",
    problems: [403, 404, 409],
  },
  getManifest: {
    operationId: "getManifest",
    method: "GET",
    path: "/manifests/{manifestId}",
    summary: "Read a manifest",
    description: "For both ends of the trip.",
    tag: "manifests",
    permissions: ["order.read"],
    pathParams: ["manifestId"],
    response: { status: 200, schema: "ManifestResource", description: "The manifest." },
    problems: [403, 404],
  },
  receiveManifest: {
    operationId: "receiveManifest",
    method: "POST",
    path: "/manifests/{manifestId}/receipt",
    summary: "Record the weighbridge receipt of a manifest",
    description:
      "Accepts or rejects the load at the gate of the receiving facility, with gross and tare weights in whole kilograms. Idempotent: posting the same ticket again returns the manifest as first received and records nothing new, so weighbridge software may retry safely.",
    tag: "manifests",
    permissions: ["manifest.receive"],
    pathParams: ["manifestId"],
    body: "ReceiptBody",
    response: { status: 200, schema: "ManifestResource", description: "The received manifest." },
    problems: [403, 404, 409],
  },
  searchProducts: {
    operationId: "searchProducts",
    method: "GET",
    path: "/products",
    summary: "Search recycled products",
    description:
      "Active products, filtered, sorted and paged exactly as in the product browser, with the same parameters. With `project` (one of your own projects) each product carries its distance, the estimated haul of one unit there and the delivered price per unit; estimates, like on the web page. A parameter that cannot be read is ignored rather than refused; a project that is not yours is 404.",
    tag: "products",
    permissions: ["product.browse", "project.read"],
    query: ProductQuery,
    response: { status: 200, schema: "ProductPage", description: "One page of products." },
    problems: [403, 404],
  },
  getProduct: {
    operationId: "getProduct",
    method: "GET",
    path: "/products/{productId}",
    summary: "Read a product with its batches",
    description:
      "Active products for buyers; the seller also reads its archived ones. Quantities (`stockMilli`, `minOrderMilli`, a batch's `quantityMilli`) are thousandths of the product's unit; `massPerUnitG` converts them to mass.",
    tag: "products",
    permissions: ["product.browse", "product.read"],
    pathParams: ["productId"],
    response: { status: 200, schema: "ProductResource", description: "The product." },
    problems: [403, 404],
  },
  createProduct: {
    operationId: "createProduct",
    method: "POST",
    path: "/products",
    summary: "List a recycled product made at one of your facilities",
    description:
      "The product starts with no stock: stock comes from production batches. Prices are whole fen per unit; the minimum order is in thousandths of the unit. Photos are added on the web page.",
    tag: "products",
    permissions: ["product.manage"],
    body: "ProductCreateBody",
    response: { status: 201, schema: "ProductResource", description: "The new product." },
    location: "/products/{id}",
    problems: [403],
  },
  createBatch: {
    operationId: "createBatch",
    method: "POST",
    path: "/products/{productId}/batches",
    summary: "Record a production batch of one of your products",
    description:
      "The batch's input (`inputKg`, whole kilograms) is drawn from the waste the facility has weighed in, oldest loads first, which links the product to the truck trips and sites it came from; the batch weighs no more than its input, and its quantity is added to the product's stock. Test results go in `testResults` as text: uploading the test report file (PDF or image) is a feature of the web form only.",
    tag: "products",
    permissions: ["product.manage"],
    pathParams: ["productId"],
    body: "BatchBody",
    response: { status: 201, schema: "BatchResource", description: "The new batch." },
    location: "/products/{productId}",
    problems: [403, 404, 409],
  },
  placeProductOrder: {
    operationId: "placeProductOrder",
    method: "POST",
    path: "/products/{productId}/orders",
    summary: "Order a product for one of your projects",
    description:
      "At today's price; the amount is whole fen, rounded half up. `quantityMilli` is in thousandths of the product's unit and at least its minimum order. The seller confirms (reserving stock) or rejects the order.",
    tag: "product-orders",
    permissions: ["product.order", "project.read"],
    pathParams: ["productId"],
    body: "ProductOrderBody",
    response: { status: 201, schema: "ProductOrderResource", description: "The new order." },
    location: "/product-orders/{id}",
    problems: [403, 404],
  },
  getProductOrder: {
    operationId: "getProductOrder",
    method: "GET",
    path: "/product-orders/{orderId}",
    summary: "Read a product order",
    description:
      "For its buyer and its seller, with its deliveries and the state of its payments (payments are made on the web page).",
    tag: "product-orders",
    permissions: ["product.orders.read"],
    pathParams: ["orderId"],
    response: { status: 200, schema: "ProductOrderResource", description: "The order." },
    problems: [403, 404],
  },
  confirmProductOrder: {
    operationId: "confirmProductOrder",
    method: "POST",
    path: "/product-orders/{orderId}/confirm",
    summary: "Confirm an order of your product, reserving stock",
    description:
      "The seller confirms a placed order; its quantity is taken from stock at once, never below zero (409 when stock is short).",
    tag: "product-orders",
    permissions: ["product.sell"],
    pathParams: ["orderId"],
    response: { status: 200, schema: "ProductOrderResource", description: "The confirmed order." },
    problems: [403, 404, 409],
  },
  rejectProductOrder: {
    operationId: "rejectProductOrder",
    method: "POST",
    path: "/product-orders/{orderId}/reject",
    summary: "Reject an order of your product",
    description: "The seller declines a placed order.",
    tag: "product-orders",
    permissions: ["product.sell"],
    pathParams: ["orderId"],
    response: { status: 200, schema: "ProductOrderResource", description: "The rejected order." },
    problems: [403, 404, 409],
  },
  cancelProductOrder: {
    operationId: "cancelProductOrder",
    method: "POST",
    path: "/product-orders/{orderId}/cancel",
    summary: "Cancel a product order before anything is delivered",
    description:
      "Either party cancels a placed or confirmed order; reserved stock goes back, and a card payment is refunded (a bank transfer is refunded by the seller, recorded on the web page).",
    tag: "product-orders",
    permissions: ["product.cancel"],
    pathParams: ["orderId"],
    response: { status: 200, schema: "ProductOrderResource", description: "The cancelled order." },
    problems: [403, 404, 409],
  },
  recordDelivery: {
    operationId: "recordDelivery",
    method: "POST",
    path: "/product-orders/{orderId}/deliveries",
    summary: "Record a truckload leaving for a confirmed order",
    description:
      "The seller records part or the rest of a confirmed order, in thousandths of the product's unit, optionally naming the batch it came from (which makes it traceable to truck trips).",
    tag: "deliveries",
    permissions: ["product.sell"],
    pathParams: ["orderId"],
    body: "DeliveryBody",
    response: { status: 201, schema: "DeliveryResource", description: "The new delivery." },
    location: "/deliveries/{id}/trace",
    problems: [403, 404, 409],
  },
  confirmDelivery: {
    operationId: "confirmDelivery",
    method: "POST",
    path: "/deliveries/{deliveryId}/confirm",
    summary: "Confirm a delivery arrived",
    description:
      "The buyer confirms receipt; the delivery then counts towards the project's recycled-product usage. When every delivery of a fully delivered order is confirmed the order is delivered, and completed if paid. Idempotent: confirming again changes nothing.",
    tag: "deliveries",
    permissions: ["product.receive"],
    pathParams: ["deliveryId"],
    response: { status: 200, schema: "DeliveryResource", description: "The confirmed delivery." },
    problems: [403, 404],
  },
  traceDelivery: {
    operationId: "traceDelivery",
    method: "GET",
    path: "/deliveries/{deliveryId}/trace",
    summary: "Trace a delivery back to the truck trips its product was made from",
    description:
      "For the buyer and the seller: project ← delivery ← order ← batch ← facility ← weighed loads (manifests) ← the sites the waste came from.",
    tag: "deliveries",
    permissions: ["product.orders.read"],
    pathParams: ["deliveryId"],
    response: { status: 200, schema: "DeliveryTrace", description: "The chain." },
    problems: [403, 404],
  },
  reportMaterialUse: {
    operationId: "reportMaterialUse",
    method: "PUT",
    path: "/projects/{projectId}/material-use",
    summary: "Report a month's use of a material class on one of your projects",
    description:
      "Replaces the report of that class and month, if any. Quantities are whole kilograms. Recycled product delivered through the platform is counted from confirmed deliveries and never typed here; `offPlatformRecycledKg` is recycled product bought elsewhere, which needs evidence (an invoice or delivery note) uploaded on the project's web page: above zero it is refused (422, field `evidence`) unless evidence for that class and month is already on file.",
    tag: "usage",
    permissions: ["material_use.report", "project.read"],
    pathParams: ["projectId"],
    body: "MaterialUseBody",
    response: { status: 200, schema: "MaterialUseReport", description: "The saved report." },
    problems: [403, 404],
  },
  getProjectUsage: {
    operationId: "getProjectUsage",
    method: "GET",
    path: "/projects/{projectId}/usage",
    summary: "Read a project's recycled-product usage rate",
    description:
      "Per material class, over every month reported: recycled quantity used (confirmed deliveries plus declared off-platform purchases) ÷ total quantity used, and for government-invested projects whether each class reaches the target.",
    tag: "usage",
    permissions: ["project.read"],
    pathParams: ["projectId"],
    response: { status: 200, schema: "ProjectUsage", description: "The usage." },
    problems: [403, 404],
  },
  getDepartmentFigures: {
    operationId: "getDepartmentFigures",
    method: "GET",
    path: "/department/figures",
    summary: "The dashboard's figures for your jurisdiction",
    description:
      "The figures of the department dashboard for the token's jurisdiction only, in total, by month, by city or prefecture and by waste class: generated, recycled, backfilled, landfilled and off-platform tonnes by receipt date (Asia/Shanghai), the resource and comprehensive utilization rates against their targets under the definitions in force, manifest closure, recycled products delivered, government-invested projects complying with the usage rule, open alerts, and haul and avoided CO₂ (estimates, with their factors). Quantities are whole kilograms, or grams where named. At most 120 months.",
    tag: "department",
    permissions: ["stats.read"],
    query: PeriodParams,
    response: { status: 200, schema: "DepartmentFigures", description: "The figures." },
    problems: [403, 422],
  },
  listPublishedMonths: {
    operationId: "listPublishedMonths",
    method: "GET",
    path: "/department/published-months",
    summary: "Months your jurisdiction published",
    description:
      "The months your department published for its jurisdiction, every version, newest month first: the figures as they were frozen (`total`, `byDivision` for the province, `byClass` and `deliveredByClass`) — tonnes and utilization rates, and, since they are frozen with the month, manifest closure, recycled products delivered, the usage rule and the CO₂ estimates — and for a restatement what changed and why.",
    tag: "department",
    permissions: ["stats.read"],
    query: PublishedMonthParams,
    response: {
      status: 200,
      schema: "PublishedMonthList",
      description: "The published months.",
    },
    problems: [403, 422],
  },
  getPriceIndex: {
    operationId: "getPriceIndex",
    method: "GET",
    path: "/department/prices",
    summary: "The price index for your jurisdiction",
    description:
      "By month: the median gate fee (the producer pays) and the median price paid for waste (the recycler pays) per waste class, from the listings published that month; and the median price per tonne of recycled products per type, from the products on offer that month (created by then and still active). Medians are whole fen per tonne; for an even count, the mean of the two middle values rounded half up. A division outside the token's jurisdiction is 404. At most 120 months.",
    tag: "department",
    permissions: ["stats.read"],
    query: PriceIndexParams,
    response: { status: 200, schema: "PriceIndexResource", description: "The price index." },
    problems: [403, 404, 422],
  },
} as const satisfies Record<string, Operation>;

/** What every operation can answer besides its own refusals. */
export function problemsOf(operation: Operation): ProblemStatus[] {
  const statuses = new Set<ProblemStatus>([401, 429, 500, ...operation.problems]);
  if (operation.pathParams) statuses.add(404);
  if (operation.body) for (const status of [400, 413, 422] as const) statuses.add(status);
  return [...statuses].sort((a, b) => a - b);
}
