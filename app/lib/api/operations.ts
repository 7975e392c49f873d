import { z } from "zod";
import type { Permission } from "~/domain/accounts/permissions";
import {
  ListingCreateBody,
  ListingResource,
  MarketPage,
  MarketQuery,
} from "~/domain/listings/schemas";
import { DispatchBody, ManifestResource, ReceiptBody } from "~/domain/manifests/schemas";
import { ClaimBody, WasteOrderResource } from "~/domain/orders/schemas";

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
export const requestSchemas = { ListingCreateBody, ClaimBody, DispatchBody, ReceiptBody };
/** Response bodies (documented as what the server sends, io: "output"). */
export const responseSchemas = {
  ListingResource,
  MarketPage,
  WasteOrderResource,
  ManifestResource,
  Problem,
};

export type Operation = {
  operationId: string;
  method: "GET" | "POST";
  /** OpenAPI path under /api/v1; every {parameter} in it is a record id. */
  path: `/${string}`;
  summary: string;
  description: string;
  tag: "listings" | "orders" | "manifests";
  /** The permissions the services check, for the documentation; the services decide. */
  permissions: readonly Permission[];
  pathParams?: readonly string[];
  query?: z.ZodObject;
  body?: keyof typeof requestSchemas;
  response: { status: 200 | 201; schema: keyof typeof responseSchemas; description: string };
  /** For 201: where the created record lives, "{id}" being its id. */
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
} as const satisfies Record<string, Operation>;

/** What every operation can answer besides its own refusals. */
export function problemsOf(operation: Operation): ProblemStatus[] {
  const statuses = new Set<ProblemStatus>([401, 429, 500, ...operation.problems]);
  if (operation.pathParams) statuses.add(404);
  if (operation.body) for (const status of [400, 413, 422] as const) statuses.add(status);
  return [...statuses].sort((a, b) => a - b);
}
