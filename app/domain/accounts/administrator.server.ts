import { randomInt } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { organisations, users } from "#db/schema";
import { returnedRow, write } from "#db/store";
import { audit } from "../audit";
import { now } from "../clock";
import { creditCodeCheckCharacter, isValidCreditCode } from "../credit-code";
import { hashPassword, verifyPassword } from "./password.server";

/** A refusal of the administrator command, said to the operator at the terminal. */
export class AdministratorError extends Error {}

const COMMON = new Set([
  "demo-password",
  "password1234",
  "123456789012",
  "qwertyuiop12",
  "administrator",
  "admin1234567",
  "rebuildexchange",
  "changeme1234",
]);

/**
 * Why a password is too weak for the platform administrator, or null. The administrator verifies
 * every organisation, so the bar is above the members' 10 characters: at least 12, three kinds of
 * character (or 20 and more of anything), nothing common, not the email's name.
 */
export function administratorPasswordProblem(password: string, email: string): string | null {
  if (password.length < 12) return "the password must have at least 12 characters";
  if (password.length > 200) return "the password must have at most 200 characters";
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((kind) => kind.test(password));
  if (kinds.length < 3 && password.length < 20) {
    return "use three of lower case, upper case, digits and symbols (or 20 characters or more)";
  }
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || new Set(lower).size < 5) return "the password is too common";
  const name = email.split("@")[0]?.toLowerCase() ?? "";
  if (name.length >= 4 && lower.includes(name)) return "the password must not contain the email";
  return null;
}

const CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/** A valid credit code for the platform's own organisation when the operator gives none. */
function internalCreditCode(): string {
  let body = "";
  for (let i = 0; i < 9; i++) body += CODE_ALPHABET[randomInt(31)];
  const first17 = `91510000${body}`;
  return `${first17}${creditCodeCheckCharacter(first17)}`;
}

export type AdministratorResult = {
  userId: number;
  outcome: "created" | "promoted" | "password-changed" | "unchanged";
};

/**
 * Creates the platform administrator, or promotes a member of the platform organisation. Run again
 * with the same email it changes nothing unless the password differs. Users of other
 * organisations are never moved into the platform.
 */
export async function ensurePlatformAdministrator(input: {
  email: string;
  name: string;
  password: string;
  orgName?: string;
  creditCode?: string;
}): Promise<AdministratorResult> {
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    throw new AdministratorError("--email is not an email address");
  const name = input.name.trim();
  if (!name || name.length > 100)
    throw new AdministratorError("--name must have 1 to 100 characters");
  const weak = administratorPasswordProblem(input.password, email);
  if (weak) throw new AdministratorError(weak);
  if (input.creditCode && !isValidCreditCode(input.creditCode)) {
    throw new AdministratorError("--credit-code is not a valid unified social credit code");
  }
  // scrypt is slow and must not run inside the write transaction.
  const newHash = await hashPassword(input.password);
  const existingHash = await write(
    async (tx) =>
      (
        await tx
          .select({ hash: users.passwordHash })
          .from(users)
          .where(eq(users.email, email))
          .limit(1)
      )[0]?.hash,
  );
  const samePassword = existingHash ? await verifyPassword(input.password, existingHash) : false;

  return write(async (tx) => {
    const at = now();
    let platform = (
      await tx
        .select({ id: organisations.id })
        .from(organisations)
        .where(eq(organisations.kind, "platform"))
        .limit(1)
    )[0];
    if (!platform) {
      platform = returnedRow(
        await tx
          .insert(organisations)
          .values({
            kind: "platform",
            name: input.orgName?.trim() || "再建易平台运营 Rebuild Exchange operations",
            creditCode: input.creditCode ?? internalCreditCode(),
            divisionCode: "510000",
            verified: true,
            createdAt: at,
          })
          .returning({ id: organisations.id }),
      );
      await audit(tx, null, "organisation.created_by_operator", {
        type: "organisation",
        id: platform.id,
      });
    }
    const user = (await tx.select().from(users).where(eq(users.email, email)).limit(1))[0];
    if (!user) {
      const created = returnedRow(
        await tx
          .insert(users)
          .values({
            orgId: platform.id,
            email,
            name,
            role: "admin",
            passwordHash: newHash,
            createdAt: at,
          })
          .returning({ id: users.id }),
      );
      await audit(
        tx,
        null,
        "user.administrator_created",
        { type: "user", id: created.id },
        { email },
      );
      return { userId: created.id, outcome: "created" };
    }
    if (user.orgId !== platform.id) {
      throw new AdministratorError(
        `${email} belongs to another organisation; the administrator needs an account of the platform's own`,
      );
    }
    const changes: Partial<typeof users.$inferInsert> = {};
    if (user.role !== "admin") changes.role = "admin";
    if (user.name !== name) changes.name = name;
    if (!samePassword) changes.passwordHash = newHash;
    if (Object.keys(changes).length === 0) return { userId: user.id, outcome: "unchanged" };
    await tx
      .update(users)
      .set(changes)
      .where(and(eq(users.id, user.id), eq(users.orgId, platform.id)));
    await audit(
      tx,
      null,
      changes.role ? "user.administrator_promoted" : "user.administrator_updated",
      {
        type: "user",
        id: user.id,
      },
      {
        fields: Object.keys(changes)
          .filter((key) => key !== "passwordHash")
          .concat(changes.passwordHash ? ["password"] : []),
      },
    );
    return {
      userId: user.id,
      outcome: changes.role ? "promoted" : changes.passwordHash ? "password-changed" : "unchanged",
    };
  });
}
