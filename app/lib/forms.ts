import type { z } from "zod";
import { isMessageKey, type MessageKey } from "~/i18n/messages";

export type FieldErrors = Record<string, MessageKey>;
export type FormValues = Record<string, string>;

/** Never echoed back to the page, even on a failed submission. */
const SECRET_FIELDS = new Set(["password"]);

/** A checkbox group posts one entry per ticked box; they travel as one comma-separated value. */
function join(previous: string | undefined, value: string): string {
  return previous === undefined ? value : `${previous},${value}`;
}

export function formValues(formData: FormData): FormValues {
  const values: FormValues = {};
  for (const [name, value] of formData) {
    if (typeof value === "string" && !SECRET_FIELDS.has(name))
      values[name] = join(values[name], value);
  }
  return values;
}

function issueKey(issue: z.core.$ZodIssue): MessageKey {
  if (isMessageKey(issue.message)) return issue.message;
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined || issue.input === "" ? "form.required" : "form.invalid";
    case "invalid_value":
      return "form.chooseOne";
    case "too_small":
    case "too_big":
      return "form.outOfRange";
    default:
      return "form.invalid";
  }
}

export type ParsedForm<T> =
  | { success: true; data: T }
  | { success: false; fieldErrors: FieldErrors; values: FormValues };

/**
 * The one way a form is read: all string fields through the form's zod schema; on failure, the
 * first message per field (as an i18n key) and the values to put back into the form.
 */
export function parseForm<S extends z.ZodType>(
  schema: S,
  formData: FormData,
): ParsedForm<z.output<S>> {
  const raw: Record<string, string> = {};
  for (const [name, value] of formData)
    if (typeof value === "string") raw[name] = join(raw[name], value);
  const result = schema.safeParse(raw);
  if (result.success) return { success: true, data: result.data };
  return { success: false, fieldErrors: fieldErrorsOf(result.error), values: formValues(formData) };
}

/** The first message per field (as an i18n key) of a failed parse, for forms and the API alike. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : "_form";
    fieldErrors[field] ??= issueKey(issue);
  }
  return fieldErrors;
}
