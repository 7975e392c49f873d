import { z } from "zod";
import { facilityTypeKeys, materialKeys, wasteClassKeys } from "~/domain/reference/waste";
import { divisionCode, isoDate, latitude, longitude, requiredText, tonnes } from "~/lib/fields";

const multi = <T extends [string, ...string[]]>(keys: T) =>
  z
    .string()
    .optional()
    .transform((v) => (v ? v.split(",").filter(Boolean) : []))
    .pipe(z.array(z.enum(keys, "form.chooseOne")).min(1, "form.chooseAtLeastOne"));

export const FacilityInput = z.object({
  name: requiredText(100),
  type: z.enum(facilityTypeKeys, "form.chooseOne"),
  divisionCode,
  address: requiredText(200),
  lat: latitude,
  lon: longitude,
  // Checkbox groups are joined into one comma-separated value before parsing.
  acceptedClasses: multi(wasteClassKeys),
  acceptedMaterials: multi(materialKeys),
  annualCapacityKg: tonnes(1000, 100_000_000_000),
  approvalNo: requiredText(60),
  approvalExpiresOn: isoDate,
});
export type FacilityInput = z.output<typeof FacilityInput>;
