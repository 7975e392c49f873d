import { z } from "zod";
import {
  divisionCode,
  isoDate,
  latitude,
  longitude,
  requiredText,
  tonnes,
  yuan,
} from "~/domain/fields";
import { MAX_PRICE_FEN_PER_TONNE } from "~/domain/money";
import { facilityTypeKeys, materialKeys, wasteClassKeys } from "~/domain/reference/waste";

/** A checkbox group of which at least one must be ticked. */
export const choices = <T extends [string, ...string[]]>(keys: T) =>
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
  acceptedClasses: choices(wasteClassKeys),
  acceptedMaterials: choices(materialKeys),
  annualCapacityKg: tonnes(1000, 100_000_000_000),
  approvalNo: requiredText(60),
  approvalExpiresOn: isoDate,
  // Blank means the facility takes this waste free of charge.
  gateFeeFenPerTonne: z
    .string()
    .optional()
    .transform((v) => v?.trim() || "0")
    .pipe(yuan(MAX_PRICE_FEN_PER_TONNE)),
});
export type FacilityInput = z.output<typeof FacilityInput>;
