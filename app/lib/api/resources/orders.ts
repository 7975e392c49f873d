import { z } from "zod";
import { manifestStatuses } from "~/domain/manifests/status";
import type { getOrder } from "~/domain/orders/orders.server";
import { wasteOrderStatuses } from "~/domain/orders/status";
import { materialKeys, wasteClassKeys } from "~/domain/reference/waste";
import { storedEnum, timestamp } from "~/lib/api/resources/parts";

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
