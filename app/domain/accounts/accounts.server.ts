import { eq } from "drizzle-orm";
import { organisations, users } from "#db/schema";
import { read, returnedRow, write } from "#db/store";
import { audit } from "../audit";
import { now } from "../clock";
import { DomainError } from "../errors";
import {
  addressKey,
  admitLoginAttempt,
  forgetPair,
  restartPairDelay,
} from "./login-throttle.server";
import { decoyHash, hashPassword, verifyPassword } from "./password.server";
import type { SignupInput } from "./schemas";

/**
 * Checks a password. Throttled per account and client address together, with growing delays,
 * and per address across accounts (ADR 011): failures from one address never keep the account's
 * owner out from another. A throttled attempt is refused (429) before the password is looked at.
 */
export async function logIn(input: {
  email: string;
  password: string;
  ip: string;
}): Promise<number> {
  const ip = addressKey(input.ip);
  const admission = await write(async (tx) => await admitLoginAttempt(tx, input.email, ip));
  // Thrown outside the transaction, so the audit event of the refusal is kept.
  if (!admission.admitted) throw admission.error;
  const user = await read(
    async (db) => (await db.select().from(users).where(eq(users.email, input.email)).limit(1))[0],
  );
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await decoyHash()));
  if (!user || !ok) {
    await write(async (tx) => await restartPairDelay(tx, input.email, ip, admission.delayMs));
    throw new DomainError(400, "auth.invalidCredentials");
  }
  await write(async (tx) => {
    await forgetPair(tx, input.email, ip, admission.failureId);
    await audit(tx, { userId: user.id, orgId: user.orgId }, "user.logged_in", {
      type: "user",
      id: user.id,
    });
  });
  return user.id;
}

/** Creates a contractor or recycler organisation with its first user, a manager. */
export async function signUp(input: SignupInput): Promise<number> {
  const passwordHash = await hashPassword(input.password);
  return write(async (tx) => {
    if (
      (
        await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email)).limit(1)
      )[0]
    ) {
      throw new DomainError(409, "auth.emailTaken", {}, { email: "auth.emailTaken" });
    }
    if (
      (
        await tx
          .select({ id: organisations.id })
          .from(organisations)
          .where(eq(organisations.creditCode, input.creditCode))
          .limit(1)
      )[0]
    ) {
      throw new DomainError(
        409,
        "auth.creditCodeTaken",
        {},
        { creditCode: "auth.creditCodeTaken" },
      );
    }
    const at = now();
    const org = returnedRow(
      await tx
        .insert(organisations)
        .values({
          kind: input.orgKind,
          name: input.orgName,
          creditCode: input.creditCode,
          divisionCode: input.divisionCode,
          verified: false,
          createdAt: at,
        })
        .returning({ id: organisations.id }),
    );
    const user = returnedRow(
      await tx
        .insert(users)
        .values({
          orgId: org.id,
          email: input.email,
          name: input.userName,
          role: "manager",
          passwordHash,
          createdAt: at,
        })
        .returning({ id: users.id }),
    );
    const actor = { userId: user.id, orgId: org.id };
    await audit(
      tx,
      actor,
      "organisation.signed_up",
      { type: "organisation", id: org.id },
      {
        kind: input.orgKind,
        name: input.orgName,
        creditCode: input.creditCode,
      },
    );
    return user.id;
  });
}
