import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, lt, sql } from "drizzle-orm";
import { createCookie, redirect } from "react-router";
import { organisations, sessions, users } from "#db/schema";
import { prepared, read, returnedRow, write } from "#db/store";
import type { Actor, OrgKind } from "../access";
import { audit } from "../audit";
import { now } from "../clock";

const SESSION_DAYS = 30;

const sessionCookie = createCookie("rx_session", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  maxAge: SESSION_DAYS * 24 * 60 * 60,
});

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * Secure cookies whenever the request came over TLS (directly or through a proxy that says so).
 * A plain-http localhost start still works; every real deployment sits behind TLS.
 */
function isSecure(request: Request): boolean {
  return (
    new URL(request.url).protocol === "https:" ||
    request.headers.get("x-forwarded-proto") === "https"
  );
}

export async function startSession(request: Request, userId: number): Promise<string> {
  return write(async (db) => {
    const token = randomBytes(32).toString("base64url");
    const createdAt = now();
    await db.insert(sessions).values({
      idHash: hashToken(token),
      userId,
      createdAt,
      expiresAt: new Date(createdAt.getTime() + SESSION_DAYS * 86_400_000),
    });
    // Expired sessions are swept as new ones start, so the table cannot grow without bound.
    await db.delete(sessions).where(lt(sessions.expiresAt, createdAt));
    return sessionCookie.serialize(token, { secure: isSecure(request) });
  });
}

export async function endSession(request: Request): Promise<string> {
  const token = await readToken(request);
  if (token) {
    await write(async (tx) => {
      const ended = returnedRow(
        await tx
          .delete(sessions)
          .where(eq(sessions.idHash, hashToken(token)))
          .returning(),
      );
      const user =
        ended && (await tx.select().from(users).where(eq(users.id, ended.userId)).limit(1))[0];
      if (user)
        await audit(tx, { userId: user.id, orgId: user.orgId }, "user.logged_out", {
          type: "user",
          id: user.id,
        });
    });
  }
  return sessionCookie.serialize("", { maxAge: 0, secure: isSecure(request) });
}

async function readToken(request: Request): Promise<string | null> {
  const value = await sessionCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

const actorOfSession = prepared((db) =>
  db
    .select({
      userId: users.id,
      userName: users.name,
      email: users.email,
      role: users.role,
      orgId: organisations.id,
      orgKind: organisations.kind,
      orgName: organisations.name,
      orgVerified: organisations.verified,
      divisionCode: organisations.divisionCode,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organisations, eq(organisations.id, users.orgId))
    .where(
      and(
        eq(sessions.idHash, sql.placeholder("idHash")),
        gt(sessions.expiresAt, sql.placeholder("now")),
      ),
    )
    .prepare(),
);

async function lookUpActor(request: Request): Promise<Actor | null> {
  const token = await readToken(request);
  if (!token) return null;
  // A placeholder is bound as is: the expiry column holds milliseconds (timestamp_ms).
  const [row] = await read(async (db) =>
    actorOfSession(db).execute({ idHash: hashToken(token), now: now().getTime() }),
  );
  return row ? { ...row, orgKind: row.orgKind as OrgKind } : null;
}

/**
 * The root loader and the page's loader both ask who is signed in: a GET is answered from one
 * lookup per request. Other methods look up each time, so loaders that run after an action see
 * what the action changed.
 */
const actorOfRequest = new WeakMap<Request, Promise<Actor | null>>();

export async function getActor(request: Request): Promise<Actor | null> {
  if (request.method !== "GET" && request.method !== "HEAD") return await lookUpActor(request);
  let actor = actorOfRequest.get(request);
  if (!actor) {
    actor = lookUpActor(request);
    actorOfRequest.set(request, actor);
  }
  return await actor;
}

/** Authentication guard for routes: the signed-in actor, or a redirect to the login page. */
export async function requireActor(request: Request): Promise<Actor> {
  const actor = await getActor(request);
  if (actor) return actor;
  const url = new URL(request.url);
  const back = `${url.pathname}${url.search}`;
  throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
}
