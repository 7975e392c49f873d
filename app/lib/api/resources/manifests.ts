import { z } from "zod";
import type { getManifest } from "~/domain/manifests/manifests.server";
import { manifestStatuses } from "~/domain/manifests/status";
import { materialKeys, wasteClassKeys } from "~/domain/reference/waste";
import { storedEnum, timestamp } from "~/lib/api/resources/parts";

/** A manifest as the API shows it to either end of the trip. */
export const ManifestResource = z.object({
  id: z.int(),
  manifestNo: z.string(),
  orderId: z.int(),
  listingId: z.int(),
  status: z.enum(manifestStatuses),
  wasteClass: storedEnum(wasteClassKeys),
  material: storedEnum(materialKeys),
  producerName: z.string(),
  projectName: z.string(),
  recyclerName: z.string(),
  facilityId: z.int(),
  facilityName: z.string(),
  vehiclePlate: z.string(),
  driverName: z.string(),
  hauler: z.string(),
  estimatedKg: z.int(),
  dispatchedAt: timestamp,
  weighbridgeTicket: z.string().nullable(),
  grossKg: z.int().nullable(),
  tareKg: z.int().nullable(),
  netKg: z.int().nullable(),
  receivedAt: timestamp.nullable(),
  rejectReason: z.string().nullable(),
  voidReason: z.string().nullable(),
  voidedAt: timestamp.nullable(),
});

export function manifestResource(
  view: Awaited<ReturnType<typeof getManifest>>,
): z.input<typeof ManifestResource> {
  return {
    ...view.manifest,
    material: view.material,
    producerName: view.producer.name,
    projectName: view.project.name,
    recyclerName: view.recycler.name,
    facilityName: view.facility.name,
  };
}
