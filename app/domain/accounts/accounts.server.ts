import { and, count, eq, gt } from "drizzle-orm";
import { db, writeTransaction } from "#db/client";
import { loginFailures, organisations, users } from "#db/schema";
import { audit } from "../audit/audit.server";
import { now } from "../clock";
import { DomainError } from "../errors";
import { decoyHash, hashPassword, verifyPassword } from "./password.server";
import type { SignupInput } from "./schemas";

const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
const MAX_FAILURES_PER_EMAIL = 5;
const MAX_FAILURES_PER_IP = 30;

function recentFailures(
  column: typeof loginFailures.email | typeof loginFailures.ip,
  value: string,
) {
  const since = new Date(now().getTime() - THROTTLE_WINDOW_MS);
  return (
    db
      .select({ n: count() })
      .from(loginFailures)
      .where(and(eq(column, value), gt(loginFailures.at, since)))
      .get()?.n ?? 0
  );
}

/**
 * Checks a password. Throttled per account and per client address: after too many recent
 * failures every attempt is refused, right or wrong, until the window passes.
 */
export async function logIn(input: {
  email: string;
  password: string;
  ip: string;
}): Promise<number> {
  if (
    recentFailures(loginFailures.email, input.email) >= MAX_FAILURES_PER_EMAIL ||
    recentFailures(loginFailures.ip, input.ip) >= MAX_FAILURES_PER_IP
  ) {
    throw new DomainError(429, "auth.throttled");
  }
  const user = db.select().from(users).where(eq(users.email, input.email)).get();
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await decoyHash()));
  if (!user || !ok) {
    db.insert(loginFailures).values({ email: input.email, ip: input.ip, at: now() }).run();
    throw new DomainError(400, "auth.invalidCredentials");
  }
  writeTransaction((tx) => {
    tx.delete(loginFailures).where(eq(loginFailures.email, input.email)).run();
    audit(tx, { userId: user.id, orgId: user.orgId }, "user.logged_in", {
      type: "user",
      id: user.id,
    });
  });
  return user.id;
}

/** Creates a contractor or recycler organisation with its first user, a manager. */
export async function signUp(input: SignupInput): Promise<number> {
  const passwordHash = await hashPassword(input.password);
  return writeTransaction((tx) => {
    if (tx.select({ id: users.id }).from(users).where(eq(users.email, input.email)).get()) {
      throw new DomainError(409, "auth.emailTaken", {}, { email: "auth.emailTaken" });
    }
    if (
      tx
        .select({ id: organisations.id })
        .from(organisations)
        .where(eq(organisations.creditCode, input.creditCode))
        .get()
    ) {
      throw new DomainError(
        409,
        "auth.creditCodeTaken",
        {},
        { creditCode: "auth.creditCodeTaken" },
      );
    }
    const at = now();
    const org = tx
      .insert(organisations)
      .values({
        kind: input.orgKind,
        name: input.orgName,
        creditCode: input.creditCode,
        divisionCode: input.divisionCode,
        verified: false,
        createdAt: at,
      })
      .returning({ id: organisations.id })
      .get();
    const user = tx
      .insert(users)
      .values({
        orgId: org.id,
        email: input.email,
        name: input.userName,
        role: "manager",
        passwordHash,
        createdAt: at,
      })
      .returning({ id: users.id })
      .get();
    const actor = { userId: user.id, orgId: org.id };
    audit(
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
