import { z } from "zod";
import {
  id,
  isoDate,
  kilogramCount,
  kilograms,
  optionalText,
  requiredText,
  tonnes,
  vehiclePlate,
} from "~/domain/fields";
import { MAX_TRUCK_KG } from "~/domain/quantity";
import { manifestStatuses } from "./status";

export const DispatchInput = z.object({
  vehiclePlate,
  driverName: requiredText(50),
  hauler: requiredText(100),
  estimatedKg: tonnes(100, MAX_TRUCK_KG),
});
export type DispatchInput = z.output<typeof DispatchInput>;

/** Rules across fields of a weighbridge receipt, shared by the web form and the API. */
export function receiptRules(
  r: { grossKg: number; tareKg: number; decision: "accept" | "reject"; rejectReason: string },
  ctx: z.RefinementCtx,
) {
  if (r.grossKg <= r.tareKg) {
    ctx.addIssue({ code: "custom", path: ["tareKg"], message: "manifest.tareNotBelowGross" });
  }
  if (r.decision === "reject" && r.rejectReason.length === 0) {
    ctx.addIssue({
      code: "custom",
      path: ["rejectReason"],
      message: "manifest.rejectReasonRequired",
    });
  }
}

/** The heaviest empty vehicle a weighbridge sees, and so the heaviest loaded one with it. */
const MAX_TARE_KG = 60_000;
const MAX_GROSS_KG = MAX_TRUCK_KG + MAX_TARE_KG;

export const ReceiptInput = z
  .object({
    weighbridgeTicket: requiredText(40),
    grossKg: kilograms(1, MAX_GROSS_KG),
    tareKg: kilograms(1, MAX_TARE_KG),
    decision: z.enum(["accept", "reject"], "form.chooseOne"),
    rejectReason: optionalText(300),
  })
  .superRefine(receiptRules);
export type ReceiptInput = z.output<typeof ReceiptInput>;

/** The producer calls off a trip that will not arrive; the receiving facility is told why. */
export const VoidInput = z.object({ voidReason: requiredText(300) });
export type VoidInput = z.output<typeof VoidInput>;

/**
 * Filters of a party's manifest list and its CSV export, from the query string: a value that
 * cannot be read is dropped rather than refused, so a hand-edited link still shows a list.
 */
export const ManifestQuery = z.object({
  status: z.enum(manifestStatuses).optional().catch(undefined),
  /** Dispatch dates, inclusive, as Asia/Shanghai calendar days. */
  from: isoDate.optional().catch(undefined),
  to: isoDate.optional().catch(undefined),
  projectId: id.optional().catch(undefined),
  facilityId: id.optional().catch(undefined),
  /** Part of a plate, written the way plates are stored: no spaces or dots, upper case. */
  plate: z
    .string()
    .transform((v) => v.replace(/[\s·•.-]/g, "").toUpperCase())
    .pipe(z.string().regex(/^[\p{Script=Han}A-Z0-9]{1,8}$/u))
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type ManifestQuery = z.output<typeof ManifestQuery>;

/** A dispatch through the API: the web form's fields and domain input, with whole kilograms. */
export const DispatchBody = z.object({
  ...DispatchInput.shape,
  estimatedKg: kilogramCount(100, MAX_TRUCK_KG),
}) satisfies z.ZodType<DispatchInput>;

/** A weighbridge receipt through the API: the web form's fields, rules and domain input. */
export const ReceiptBody = z
  .object({
    ...ReceiptInput.shape,
    grossKg: kilogramCount(1, MAX_GROSS_KG),
    tareKg: kilogramCount(1, MAX_TARE_KG),
  })
  .superRefine(receiptRules) satisfies z.ZodType<ReceiptInput>;
