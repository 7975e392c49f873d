import { z } from "zod";
import {
  choices,
  divisionCode,
  isoDate,
  latitude,
  longitude,
  requiredText,
  tonnes,
  yuan,
} from "~/domain/fields";
import { MAX_PRICE_FEN_PER_TONNE } from "~/domain/money";
import { facilityTypeKeys, materialKeys, wasteClassKeys } from "../reference";
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
