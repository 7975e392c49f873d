import { z } from "zod";
import { choices, monthField, requiredText } from "~/domain/fields";
import { wasteClassKeys } from "../reference";

/** A whole number typed into a form, within [min, max]. */
const wholeNumber = (min: number, max: number) =>
  z
    .string({ error: "form.required" })
    .trim()
    .min(1, "form.required")
    .regex(/^\d{1,6}$/, "form.wholeNumber")
    .transform(Number)
    .pipe(z.number().min(min, "form.outOfRange").max(max, "form.outOfRange"));

/** A new version of the definitions behind the figures, from its effective month on. */
export const DefinitionsInput = z.object({
  effectiveFrom: monthField,
  // Checkbox groups are joined into one comma-separated value before parsing.
  resourceClasses: choices(wasteClassKeys),
  comprehensiveClasses: choices(wasteClassKeys),
  resourceTargetPct: wholeNumber(0, 100),
  comprehensiveTargetPct: wholeNumber(0, 100),
  usageTargetPct: wholeNumber(0, 100),
  unclosedManifestHours: wholeNumber(1, 720),
  weightDiscrepancyPct: wholeNumber(1, 100),
  note: requiredText(500),
});
export type DefinitionsInput = z.output<typeof DefinitionsInput>;
