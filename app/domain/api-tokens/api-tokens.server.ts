import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import { apiTokens, organisations, users } from "#db/schema";
import { read, returnedRow, write } from "#db/store";
import { type Actor, authorize, rolesByKind } from "../access";
import { audit } from "../audit";
import { now } from "../clock";
import { invalid, notFound } from "../errors";
import type { ApiTokenInput } from "./schemas";

export type ApiToken = typeof apiTokens.$inferSelect;
/** Someone acting through a token; their changes are audited with the token's id. */
export type ApiActor = Actor & { apiTokenId: number };

/** "rx_" and 32 random bytes: unguessable, and recognisable when it leaks into a log or a repo. */
const TOKEN_SHAPE = /^rx_[A-Za-z0-9_-]{43}$/;
/** Enough of the token to tell tokens apart on the settings page, far too little to guess it. */
const PREFIX_LENGTH = 10;
/** Recording every use would write on every request; a minute is precise enough to answer "in use?". */
const LAST_USED_RESOLUTION_MS = 60_000;

const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");

export async function listApiTokens(actor: Actor) {
  return read(async (db) => {
    authorize(actor, "api_token.manage");
    return await db
      .select({
        id: apiTokens.id,
        name: apiTokens.name,
        role: apiTokens.role,
        prefix: apiTokens.prefix,
        createdAt: apiTokens.createdAt,
        createdByName: users.name,
        lastUsedAt: apiTokens.lastUsedAt,
        revokedAt: apiTokens.revokedAt,
      })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.createdByUserId))
      .where(eq(apiTokens.orgId, actor.orgId))
      .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
  });
}

/**
 * Creates a token that acts with one of the organisation's roles. The secret is returned once,
 * here; only its hash is stored, so nobody can read it back later.
 */
export async function createApiToken(
  actor: Actor,
  input: ApiTokenInput,
): Promise<{ token: ApiToken; secret: string }> {
  authorize(actor, "api_token.manage");
  const roles: readonly string[] = rolesByKind[actor.orgKind];
  if (!roles.includes(input.role)) throw invalid("form.fixErrors", { role: "form.chooseOne" });
  const secret = `rx_${randomBytes(32).toString("base64url")}`;
  return write(async (tx) => {
    const token = returnedRow(
      await tx
        .insert(apiTokens)
        .values({
          orgId: actor.orgId,
          createdByUserId: actor.userId,
          role: input.role,
          name: input.name,
          tokenHash: hashSecret(secret),
          prefix: secret.slice(0, PREFIX_LENGTH),
          createdAt: now(),
        })
        .returning(),
    );
    await audit(
      tx,
      actor,
      "api_token.created",
      { type: "api_token", id: token.id },
      { name: token.name, role: token.role, prefix: token.prefix },
    );
    return { token, secret };
  });
}

/** Revoking is final and takes effect on the token's next request; revoking twice changes nothing. */
export async function revokeApiToken(actor: Actor, tokenId: number): Promise<ApiToken> {
  authorize(actor, "api_token.manage");
  return write(async (tx) => {
    const token = (
      await tx
        .select()
        .from(apiTokens)
        .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.orgId, actor.orgId)))
        .limit(1)
    )[0];
    if (!token) throw notFound("apiTokens.notFound");
    if (token.revokedAt) return token;
    const revoked = returnedRow(
      await tx
        .update(apiTokens)
        .set({ revokedAt: now() })
        .where(eq(apiTokens.id, token.id))
        .returning(),
    );
    await audit(
      tx,
      actor,
      "api_token.revoked",
      { type: "api_token", id: token.id },
      { name: token.name, prefix: token.prefix },
    );
    return revoked;
  });
}

/**
 * The actor a bearer token stands for: its organisation, its role, and the person who created it
 * (so changes made through the API are traced to someone). Null for anything but a live token.
 */
export async function authenticateApiToken(secret: string): Promise<ApiActor | null> {
  if (!TOKEN_SHAPE.test(secret)) return null;
  const row = await read(
    async (db) =>
      (
        await db
          .select({
            tokenId: apiTokens.id,
            role: apiTokens.role,
            lastUsedAt: apiTokens.lastUsedAt,
            userId: users.id,
            userName: users.name,
            email: users.email,
            orgId: organisations.id,
            orgKind: organisations.kind,
            orgName: organisations.name,
            orgVerified: organisations.verified,
            divisionCode: organisations.divisionCode,
          })
          .from(apiTokens)
          .innerJoin(users, eq(users.id, apiTokens.createdByUserId))
          .innerJoin(organisations, eq(organisations.id, apiTokens.orgId))
          .where(and(eq(apiTokens.tokenHash, hashSecret(secret)), isNull(apiTokens.revokedAt)))
          .limit(1)
      )[0],
  );
  if (!row) return null;
  const at = now();
  const staleBefore = new Date(at.getTime() - LAST_USED_RESOLUTION_MS);
  if (!row.lastUsedAt || row.lastUsedAt < staleBefore) {
    // Conditional, so concurrent requests (or server processes) record a minute's use once.
    await write(async (tx) => {
      await tx
        .update(apiTokens)
        .set({ lastUsedAt: at })
        .where(
          and(
            eq(apiTokens.id, row.tokenId),
            or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, staleBefore)),
          ),
        );
    });
  }
  const { tokenId, lastUsedAt: _lastUsedAt, ...actor } = row;
  return { ...actor, apiTokenId: tokenId };
}
