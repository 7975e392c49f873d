import { z } from "zod";

/** The department API's query parameters: wrong values are refused (422), never guessed. */

export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
/** Longest period one request may cover: ten years of months, as on the dashboard. */
export const MAX_MONTHS = 120;

export const month = z.string().regex(MONTH, "form.month");

export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split("-").map(Number) as [number, number];
  const [ty, tm] = to.split("-").map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm) + 1;
}

type Period = { from?: string; to?: string };
export const inOrder = (q: Period) => !q.from || !q.to || q.from <= q.to;
export const notTooLong = (q: Period) =>
  !q.from || !q.to || monthsBetween(q.from, q.to) <= MAX_MONTHS;

export const periodFields = {
  from: month.optional().meta({
    description: "First month, YYYY-MM (Asia/Shanghai). Default: 11 months before `to`.",
  }),
  to: month.optional().meta({ description: "Last month, YYYY-MM. Default: the current month." }),
};

/** A period of whole months. */
export const PeriodParams = z
  .object(periodFields)
  .refine(inOrder, { message: "form.endBeforeStart", path: ["to"] })
  .refine(notTooLong, { message: "form.outOfRange", path: ["from"] });

export const PublishedMonthParams = z.object({
  month: month.optional().meta({ description: "Only this month, YYYY-MM." }),
});
