import { expect } from "vitest";
import { DomainError } from "~/domain/errors";

/** The DomainError a service call refused with; fails the test if it did not refuse. */
export async function domainError(work: () => Promise<unknown>): Promise<DomainError> {
  const outcome = await work().then(
    () => undefined,
    (error: unknown) => error,
  );
  if (outcome instanceof DomainError) return outcome;
  if (outcome !== undefined) throw outcome;
  throw new Error("expected a DomainError");
}

/** Asserts that a service call refused with `status` (and the message `key`, when given). */
export async function expectDomainError(
  work: () => Promise<unknown>,
  status: number,
  key?: string,
): Promise<DomainError> {
  const error = await domainError(work);
  expect(error.status).toBe(status);
  if (key) expect(error.code).toBe(key);
  return error;
}
