import { z } from "zod";
import { id, kilogramCount, optionalText, tonnes } from "~/domain/fields";
import { MAX_LISTING_KG } from "~/domain/quantity";
import { materialClassKeys } from "../reference";

export const MaterialUseInput = z.object({
  projectId: id,
  materialClass: z.enum(materialClassKeys, "form.chooseOne"),
  month: z
    .string({ error: "form.required" })
    .trim()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "form.month"),
  totalKg: tonnes(0, MAX_LISTING_KG),
  offPlatformRecycledKg: tonnes(0, MAX_LISTING_KG),
  note: optionalText(500),
});
export type MaterialUseInput = z.output<typeof MaterialUseInput>;

/**
 * A month's material use through the API, for the project in the path: the form's fields and
 * domain input in whole kilograms. Evidence for off-platform purchases is a file, uploaded on the
 * web form; the API keeps evidence already there and refuses off-platform kilograms without it.
 */
const { projectId: _pathProjectId, ...materialUseShape } = MaterialUseInput.shape;
export const MaterialUseBody = z.object({
  ...materialUseShape,
  totalKg: kilogramCount(0, MAX_LISTING_KG),
  offPlatformRecycledKg: kilogramCount(0, MAX_LISTING_KG).default(0),
}) satisfies z.ZodType<Omit<MaterialUseInput, "projectId">>;
