import { z } from "zod";
import { MAX_LISTING_KG } from "~/domain/quantity";
import { id, optionalText, tonnes } from "~/lib/fields";

export const ClaimInput = z.object({
  facilityId: id,
  quantityKg: tonnes(1, MAX_LISTING_KG),
  note: optionalText(500),
});
export type ClaimInput = z.output<typeof ClaimInput>;

export const OrderDecision = z.object({
  intent: z.enum(["accept", "decline", "cancel", "complete"], "form.chooseOne"),
});
