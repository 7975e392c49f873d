import { z } from "zod";
import { MAX_LISTING_KG } from "~/domain/quantity";
import { materialClassKeys } from "~/domain/reference/products";
import { id, optionalText, tonnes } from "~/lib/fields";

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
