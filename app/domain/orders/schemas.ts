import { z } from "zod";
import { MAX_LISTING_KG } from "~/domain/quantity";
import { id, kilogramCount, optionalText, recordId, tonnes } from "~/lib/fields";
import { storedEnum, timestamp } from "~/lib/resources";
import { manifestStatuses } from "../manifests/status";
import { materialKeys, wasteClassKeys } from "../reference/waste";
import type { getOrder } from "./orders.server";
import { wasteOrderStatuses } from "./status";

export const ClaimInput = z.object({
  facilityId: id,
  quantityKg: tonnes(1, MAX_LISTING_KG),
  note: optionalText(500),
});
export type ClaimInput = z.output<typeof ClaimInput>;

export const OrderDecision = z.object({
  intent: z.enum(["accept", "decline", "cancel", "complete"], "form.chooseOne"),
});

/** A claim through the API: the web form's fields and domain input, with whole kilograms. */
export const ClaimBody = z.object({
  ...ClaimInput.shape,
  facilityId: recordId,
  quantityKg: kilogramCount(1, MAX_LISTING_KG),
}) satisfies z.ZodType<ClaimInput>;

/** A waste order as the API shows it to either party, with the trips made against it. */
export const WasteOrderResource = z.object({
  id: z.int(),
  listingId: z.int(),
  status: z.enum(wasteOrderStatuses),
  wasteClass: storedEnum(wasteClassKeys),
  material: storedEnum(materialKeys),
  quantityKg: z.int(),
  receivedKg: z.int(),
  note: z.string(),
  producerName: z.string(),
  projectName: z.string(),
  recyclerName: z.string(),
  facilityId: z.int(),
  facilityName: z.string(),
  createdAt: timestamp,
  updatedAt: timestamp,
  manifests: z.array(
    z.object({
      id: z.int(),
      manifestNo: z.string(),
      status: z.enum(manifestStatuses),
      vehiclePlate: z.string(),
      estimatedKg: z.int(),
      netKg: z.int().nullable(),
      dispatchedAt: timestamp,
      receivedAt: timestamp.nullable(),
    }),
  ),
});

export function wasteOrderResource(
  view: Awaited<ReturnType<typeof getOrder>>,
): z.input<typeof WasteOrderResource> {
  return {
    ...view.order,
    wasteClass: view.listing.wasteClass,
    material: view.listing.material,
    producerName: view.producerName,
    projectName: view.project.name,
    recyclerName: view.recyclerName,
    facilityName: view.facility.name,
    manifests: view.manifests,
  };
}
