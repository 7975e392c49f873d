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

export const ReceiptInput = z
  .object({
    weighbridgeTicket: requiredText(40),
    grossKg: kilograms(1, MAX_TRUCK_KG + 60_000),
    tareKg: kilograms(1, 60_000),
    decision: z.enum(["accept", "reject"], "form.chooseOne"),
    rejectReason: optionalText(300),
  })
  .refine((r) => r.grossKg > r.tareKg, { path: ["tareKg"], message: "manifest.tareNotBelowGross" })
  .refine((r) => r.decision === "accept" || r.rejectReason.length > 0, {
    path: ["rejectReason"],
    message: "manifest.rejectReasonRequired",
  });
export type ReceiptInput = z.output<typeof ReceiptInput>;
