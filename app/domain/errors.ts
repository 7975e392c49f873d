import type { ErrorCode } from "./error-codes";

/**
 * A failure the user can act on, as a code and its parameters. The web layer maps it to its status
 * and words it in the user's language; anything that is not a DomainError is a bug and becomes a
 * 500.
 */
export class DomainError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 422 | 429,
    readonly code: ErrorCode,
    readonly params: Record<string, string | number> = {},
    /** Field-level failures (field name → code), for forms. */
    readonly fieldErrors: Record<string, ErrorCode> = {},
  ) {
    super(code);
    this.name = "DomainError";
  }
}

export const notFound = (code: ErrorCode = "error.notFound") => new DomainError(404, code);
export const forbidden = (code: ErrorCode = "error.forbidden") => new DomainError(403, code);
export const conflict = (code: ErrorCode, params: Record<string, string | number> = {}) =>
  new DomainError(409, code, params);
export const invalid = (
  code: ErrorCode,
  fieldErrors: Record<string, ErrorCode> = {},
  params: Record<string, string | number> = {},
) => new DomainError(422, code, params, fieldErrors);

/** A 429 that says when to try again: routes send `retryAfterSeconds` as `Retry-After`. */
export class ThrottledError extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    code: ErrorCode,
    params: Record<string, string | number> = {},
  ) {
    super(429, code, params);
    this.name = "ThrottledError";
  }
}
