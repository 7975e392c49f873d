import type { MessageKey } from "~/i18n/messages";

/**
 * A failure the user can act on. Routes map it to its status and show the message in the user's
 * language; anything that is not a DomainError is a bug and becomes a 500.
 */
export class DomainError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 422 | 429,
    readonly messageKey: MessageKey,
    readonly params: Record<string, string | number> = {},
    /** Field-level messages (field name → message key), for forms. */
    readonly fieldErrors: Record<string, MessageKey> = {},
  ) {
    super(messageKey);
    this.name = "DomainError";
  }
}

export const notFound = (key: MessageKey = "error.notFound") => new DomainError(404, key);
export const forbidden = (key: MessageKey = "error.forbidden") => new DomainError(403, key);
export const conflict = (key: MessageKey, params: Record<string, string | number> = {}) =>
  new DomainError(409, key, params);
export const invalid = (
  key: MessageKey,
  fieldErrors: Record<string, MessageKey> = {},
  params: Record<string, string | number> = {},
) => new DomainError(422, key, params, fieldErrors);

/** A 429 that says when to try again: routes send `retryAfterSeconds` as `Retry-After`. */
export class ThrottledError extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    messageKey: MessageKey,
    params: Record<string, string | number> = {},
  ) {
    super(429, messageKey, params);
    this.name = "ThrottledError";
  }
}
