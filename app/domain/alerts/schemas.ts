import { z } from "zod";

export const alertKinds = ["unclosed_manifest", "weight_discrepancy"] as const;
export type AlertKind = (typeof alertKinds)[number];

/** An alert is open until the trip it is about is closed (received, rejected or voided). */
export const alertStates = ["open", "resolved", "all"] as const;
export type AlertState = (typeof alertStates)[number];

/** The alerts page's filters, from the query string: anything unreadable falls back to its default. */
export const AlertQuery = z.object({
  state: z.enum(alertStates).catch("open"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type AlertQuery = z.output<typeof AlertQuery>;
