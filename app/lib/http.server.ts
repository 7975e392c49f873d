import { data } from "react-router";
import { DomainError, ThrottledError } from "~/domain/errors";
import type { MessageKey } from "~/i18n/messages";
import type { FieldErrors, FormValues } from "./forms";

/** What every action returns when it did not succeed; pages render it next to the form. */
export type ActionFailure = {
  ok: false;
  formError?: { key: MessageKey; params: Record<string, string | number> };
  fieldErrors: FieldErrors;
  values: FormValues;
};

export function invalidForm(fieldErrors: FieldErrors, values: FormValues) {
  // `intent` is the button that was pressed, never a field on the page: say so at the top.
  const key = fieldErrors.intent ? "form.unknownAction" : "form.fixErrors";
  return data<ActionFailure>(
    { ok: false, formError: { key, params: {} }, fieldErrors, values },
    { status: 400 },
  );
}

/**
 * Runs a domain call for an action. A DomainError becomes a 4xx carrying its message and the
 * submitted values (a ThrottledError also says when to retry in `Retry-After`); any other error
 * is a bug and propagates as a 500.
 */
export async function attempt<T>(values: FormValues, work: () => T | Promise<T>) {
  try {
    return { ok: true as const, value: await work() };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return {
      ok: false as const,
      response: data<ActionFailure>(
        {
          ok: false,
          formError: { key: error.code, params: error.params },
          fieldErrors: error.fieldErrors,
          values,
        },
        {
          status: error.status,
          headers:
            error instanceof ThrottledError
              ? { "Retry-After": String(error.retryAfterSeconds) }
              : undefined,
        },
      ),
    };
  }
}

/** For loaders: a DomainError becomes the matching error response, shown by the error boundary. */
export async function orRespond<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) throw data({ key: error.code }, { status: error.status });
    throw error;
  }
}

/** Only same-site paths are followed after login or a language switch. */
export function safeRedirectPath(target: unknown, fallback = "/"): string {
  if (typeof target !== "string" || !target.startsWith("/") || target.startsWith("//"))
    return fallback;
  return target;
}

/** A numeric id from the URL; anything else is a 404, not a 500. */
export function routeId(value: string | undefined): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw data({ key: "error.notFound" }, { status: 404 });
  return id;
}
