import { z } from "zod";

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

/** A period of whole months, inclusive; bad or missing values fall back to the last 12 months. */
export const PeriodQuery = z.object({
  from: month.optional().catch(undefined),
  to: month.optional().catch(undefined),
});
