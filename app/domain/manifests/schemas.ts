import { z } from "zod";
import { MAX_TRUCK_KG } from "~/domain/quantity";
import { kilograms, optionalText, requiredText, tonnes, vehiclePlate } from "~/lib/fields";

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

export const ReceiptInput = z
  .object({
    weighbridgeTicket: requiredText(40),
    grossKg: kilograms(1, MAX_TRUCK_KG + 60_000),
    tareKg: kilograms(1, 60_000),
    decision: z.enum(["accept", "reject"], "form.chooseOne"),
    rejectReason: optionalText(300),
  })
  .superRefine(receiptRules);
export type ReceiptInput = z.output<typeof ReceiptInput>;
