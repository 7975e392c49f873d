import { z } from "zod";
import { id, kilogramCount, optionalText, recordId, tonnes } from "~/domain/fields";
import { MAX_LISTING_KG } from "~/domain/quantity";

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
