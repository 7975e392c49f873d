import { z } from "zod";
import { choices } from "~/domain/fields";
import { materialKeys, wasteClassKeys } from "../reference";

export const FEEDSTOCK_RADIUS_KM = { min: 1, max: 500 } as const;

export const SubscriptionInput = z.object({
  wasteClasses: choices(wasteClassKeys),
  // None ticked: any material of the chosen classes.
  materials: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(",").filter(Boolean) : []))
    .pipe(z.array(z.enum(materialKeys, "form.chooseOne"))),
  radiusKm: z
    .string({ error: "form.required" })
    .trim()
    .min(1, "form.required")
    .regex(/^\d{1,9}$/, "form.wholeNumber")
    .transform(Number)
    .pipe(
      z
        .number()
        .min(FEEDSTOCK_RADIUS_KM.min, "feedstock.radiusRange")
        .max(FEEDSTOCK_RADIUS_KM.max, "feedstock.radiusRange"),
    ),
});
export type SubscriptionInput = z.output<typeof SubscriptionInput>;
