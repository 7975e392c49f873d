import { z } from "zod";

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

/** A period of whole months, inclusive; bad or missing values fall back to the last 12 months. */
export const PeriodQuery = z.object({
  from: month.optional().catch(undefined),
  to: month.optional().catch(undefined),
});

/**
 * A drill-down page's query: the period, a page of its table and, for a facility, the area (the
 * jurisdiction or one division in it) whose waste is shown. Unreadable values fall back.
 */
export const DrillQuery = PeriodQuery.extend({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  facilityPage: z.coerce.number().int().min(1).max(100_000).catch(1),
  area: z
    .string()
    .regex(/^\d{6}$/)
    .optional()
    .catch(undefined),
});

/** A division code in a drill-down's path: six digits, else not found. */
export const AreaParam = z.string().regex(/^\d{6}$/);

/** The query string that keeps a period (and any extra parameters) on a drill-down link. */
export function periodSearch(
  period: { from: string; to: string },
  extra: Record<string, string | number | undefined> = {},
): string {
  const params = new URLSearchParams({ from: period.from, to: period.to });
  for (const [key, value] of Object.entries(extra)) {
    if (value !== undefined) params.set(key, String(value));
  }
  return `?${params}`;
}
