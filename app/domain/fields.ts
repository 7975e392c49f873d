import { z } from "zod";
import { isValidCreditCode, normaliseCreditCode } from "./credit-code";
import type { ErrorCode } from "./error-codes";
import { parseYuanToFen } from "./money";
import { parseTonnesToKg } from "./quantity";
import { divisions } from "./reference";

/**
 * Field schemas shared by every form and the API. Messages are error codes; `parseForm` and the
 * API's problem responses turn them into the user's language. Forms post strings, so form fields
 * start from a string; the API's JSON-native fields (whole kilograms, fen, ids) are at the end.
 */

const absent = (issue: { input?: unknown }) => issue.input === undefined || issue.input === null;

/** A form never posts anything but text; JSON can, and a number where text belongs is invalid. */
const textError = (issue: { input?: unknown }): ErrorCode =>
  absent(issue) ? "form.required" : "form.invalid";

export const requiredText = (max = 200) =>
  z.string({ error: textError }).trim().min(1, "form.required").max(max, "form.tooLong");

export const optionalText = (max = 2000) =>
  z.string({ error: "form.invalid" }).trim().max(max, "form.tooLong").optional().default("");

export const email = z
  .string({ error: textError })
  .trim()
  .toLowerCase()
  .min(1, "form.required")
  .max(254, "form.tooLong")
  .pipe(z.email("form.email"));

export const newPassword = z
  .string({ error: "form.required" })
  .min(1, "form.required")
  .min(10, "form.passwordLength")
  .max(200, "form.tooLong");

export const creditCode = z
  .string({ error: "form.required" })
  .transform(normaliseCreditCode)
  .refine((code) => code.length > 0, "form.required")
  .refine(isValidCreditCode, "form.creditCode");

export const divisionCode = z.enum(
  divisions.map((d) => d.code) as [string, ...string[]],
  "form.chooseDivision",
);

export const isoDate = z
  .string({ error: textError })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "form.date")
  // Date.parse rolls "2026-02-30" over into March: a real date reads back as itself.
  .refine((d) => {
    const ms = Date.parse(`${d}T00:00:00Z`);
    return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === d;
  }, "form.date");

export const optionalIsoDate = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined))
  .pipe(isoDate.optional());

/**
 * A quantity typed as a plain number that no quantity field can hold: negative, or more whole
 * digits than any field allows. Such text is out of range rather than mistyped, and the person
 * should be told which end it is off, not how to write a number.
 */
function quantityOutOfRange(text: string): ErrorCode | null {
  const match = /^([+-]?)(\d+)(?:\.\d+)?$/.exec(text);
  if (!match) return null;
  if (match[1] === "-") return "form.quantityTooSmall";
  return (match[2] ?? "").replace(/^0+/, "").length > 9 ? "form.quantityTooLarge" : null;
}

/** Tonnes typed by a person (≤ 3 decimals), as integer kilograms within [minKg, maxKg]. */
export const tonnes = (minKg: number, maxKg: number) =>
  z
    .string({ error: "form.required" })
    .trim()
    .min(1, "form.required")
    .superRefine((v, ctx) => {
      if (v.length === 0 || parseTonnesToKg(v) !== null) return;
      ctx.addIssue({ code: "custom", message: quantityOutOfRange(v) ?? "form.tonnes" });
    })
    .transform((v) => parseTonnesToKg(v) as number)
    .pipe(z.number().min(minKg, "form.quantityTooSmall").max(maxKg, "form.quantityTooLarge"));

/** Kilograms typed as a whole number, within [minKg, maxKg]. */
export const kilograms = (minKg: number, maxKg: number) =>
  z
    .string({ error: "form.required" })
    .trim()
    .min(1, "form.required")
    .superRefine((v, ctx) => {
      if (v.length === 0 || /^\d{1,9}$/.test(v)) return;
      ctx.addIssue({ code: "custom", message: quantityOutOfRange(v) ?? "form.wholeKg" });
    })
    .transform(Number)
    .pipe(z.number().min(minKg, "form.quantityTooSmall").max(maxKg, "form.quantityTooLarge"));

/** Yuan typed by a person (≤ 2 decimals), as integer fen within [0, maxFen]. */
export const yuan = (maxFen: number) =>
  z
    .string({ error: "form.required" })
    .trim()
    .min(1, "form.required")
    .refine((v) => parseYuanToFen(v) !== null, "form.money")
    .transform((v) => parseYuanToFen(v) as number)
    .pipe(z.number().max(maxFen, "form.priceTooHigh"));

/** A record id as posted by a form: plain decimal digits only (no "0x10", "1e3" or spaces). */
export const id = z
  .string({ error: "form.required" })
  .trim()
  .regex(/^[1-9]\d{0,14}$/, "form.invalid")
  .transform(Number);

export const latitude = z.coerce
  .number({ error: "form.coordinates" })
  .min(26, "form.coordinatesSichuan")
  .max(34.5, "form.coordinatesSichuan");
export const longitude = z.coerce
  .number({ error: "form.coordinates" })
  .min(97, "form.coordinatesSichuan")
  .max(108.6, "form.coordinatesSichuan");

/** A checkbox posts "on" when ticked and nothing otherwise. */
export const checkbox = z
  .string()
  .optional()
  .transform((v) => v === "on" || v === "true");

/**
 * Chinese vehicle plates (GA 36-2018): province character, issuing-office letter, then five
 * characters, or six for new-energy vehicles (D/F first for small cars, last for large ones).
 * I and O are never used.
 */
const PLATE =
  /^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z](?:[A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9挂学警]|[DF][A-HJ-NP-Z0-9][0-9]{4}|[0-9]{5}[DF])$/;
export const vehiclePlate = z
  .string({ error: textError })
  .transform((v) => v.replace(/[\s·•.-]/g, "").toUpperCase())
  .refine((v) => v.length > 0, "form.required")
  .refine((v) => PLATE.test(v), "form.plate");

/**
 * Errors of a JSON number field: absent is required; beyond the safe-integer range is too large
 * or too small; any other type or a fraction gets the field's own message.
 */
const numberError =
  (wrong: ErrorCode, tooSmall: ErrorCode, tooLarge: ErrorCode) =>
  (issue: { input?: unknown; code?: string }): ErrorCode =>
    absent(issue)
      ? "form.required"
      : issue.code === "too_big"
        ? tooLarge
        : issue.code === "too_small"
          ? tooSmall
          : wrong;

/** Whole kilograms as a JSON number, within [minKg, maxKg]: how the API carries quantities. */
export const kilogramCount = (minKg: number, maxKg: number) =>
  z
    .int({ error: numberError("form.wholeKg", "form.quantityTooSmall", "form.quantityTooLarge") })
    .min(minKg, "form.quantityTooSmall")
    .max(maxKg, "form.quantityTooLarge");

/** Whole fen (¥1 = 100 fen) as a JSON number, within [0, maxFen]: how the API carries money. */
export const fenAmount = (maxFen: number) =>
  z
    .int({ error: numberError("form.wholeFen", "form.wholeFen", "form.priceTooHigh") })
    .min(0, "form.wholeFen")
    .max(maxFen, "form.priceTooHigh");

/** A record id as a JSON number. */
export const recordId = z
  .int({ error: numberError("form.invalid", "form.invalid", "form.invalid") })
  .min(1, "form.invalid");

/** A checkbox group of which at least one must be ticked. */
export const choices = <T extends [string, ...string[]]>(keys: T) =>
  z
    .string()
    .optional()
    .transform((v) => (v ? v.split(",").filter(Boolean) : []))
    .pipe(z.array(z.enum(keys, "form.chooseOne")).min(1, "form.chooseAtLeastOne"));

export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** "YYYY-MM" typed into a month field. */
export const monthField = z
  .string({ error: "form.required" })
  .trim()
  .min(1, "form.required")
  .regex(MONTH, "form.month");
