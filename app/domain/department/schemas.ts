import { z } from "zod";
import { id, isoDate, MONTH, monthField, optionalText, requiredText } from "~/domain/fields";
import { rectificationCategoryKeys, rectificationStatuses } from "./rectification-status";

/** Publishing a closed month; a restatement (version 2 on) must say what changed and why. */
export const PublishInput = z.object({
  month: monthField,
  explanation: optionalText(2000),
});
export type PublishInput = z.output<typeof PublishInput>;

const optionalId = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined))
  .pipe(id.optional());

/** A department raises an item against an organisation, optionally about one of its records. */
export const RaiseInput = z.object({
  targetOrgId: id,
  projectId: optionalId,
  facilityId: optionalId,
  manifestNo: z
    .string()
    .trim()
    .max(40, "form.tooLong")
    .optional()
    .transform((v) => (v ? v : undefined)),
  alertId: optionalId,
  category: z.enum(rectificationCategoryKeys, "form.chooseOne"),
  problem: requiredText(2000),
  evidence: optionalText(2000),
  responsiblePerson: requiredText(100),
  deadline: isoDate,
});
export type RaiseInput = z.output<typeof RaiseInput>;

/** The organisation's answer: what it did (an evidence file travels beside it). */
export const RespondInput = z.object({ text: requiredText(4000) });
export type RespondInput = z.output<typeof RespondInput>;

/** The department's verification: closing (销号) may carry a note; reopening must say why. */
export const VerifyInput = z.discriminatedUnion(
  "decision",
  [
    z.object({ decision: z.literal("close"), note: optionalText(4000) }),
    z.object({ decision: z.literal("reopen"), note: requiredText(4000) }),
  ],
  { error: "form.chooseOne" },
);
export type VerifyInput = z.output<typeof VerifyInput>;

const catchUndefined = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

/** The register's filters, from the query string: anything unreadable is left out. */
export const RectificationQuery = z.object({
  status: catchUndefined(z.enum(rectificationStatuses)),
  overdue: z
    .string()
    .optional()
    .transform((v) => v === "1" || v === "on")
    .catch(false),
  category: catchUndefined(z.enum(rectificationCategoryKeys)),
  orgId: catchUndefined(z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER)),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type RectificationQuery = z.output<typeof RectificationQuery>;

/** Which month a report or publication page is about; bad values fall back to the default. */
export const MonthQuery = z.object({ month: z.string().regex(MONTH).optional().catch(undefined) });

export const exportFormats = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof exportFormats)[number];

const text = (max: number) => z.string().max(max).optional().catch(undefined);

/** What a "raise an item" link may fill in (from an alert); anything unreadable is left blank. */
export const RaisePrefill = z.object({
  q: text(100),
  orgId: catchUndefined(z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER)),
  projectId: text(16),
  facilityId: text(16),
  manifestNo: text(40),
  alertId: text(16),
  category: catchUndefined(z.enum(rectificationCategoryKeys)),
  problem: text(2000),
  evidence: text(2000),
});
export type RaisePrefill = z.output<typeof RaisePrefill>;

/** Which list the alerts page shows a department: the trip alerts or one of the derived ones. */
export const alertViews = ["trips", "approvals", "usage", "listings"] as const;
export type AlertView = (typeof alertViews)[number];
export const AlertViewQuery = z.object({ view: z.enum(alertViews).catch("trips") });
