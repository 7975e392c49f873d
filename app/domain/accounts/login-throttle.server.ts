import { isIPv4, isIPv6 } from "node:net";
import { and, count, desc, eq, gt, gte, isNotNull, lt, sql } from "drizzle-orm";
import { loginFailures, loginThrottles } from "#db/schema";
import { read, returnedRow, type Tx, write } from "#db/store";
import { type Actor, authorize } from "../access";
import { audit } from "../audit";
import { now } from "../clock";
import { type DomainError, notFound, ThrottledError } from "../errors";

/**
 * Login throttling without lockout (ADR 011). Failures are counted per account *and* client
 * address: after a few, that pair waits a delay that doubles with every further failure, and
 * nobody else does. One address failing against many accounts hits a ceiling and is refused for
 * the rest of the window. Refusals are answered at once (no sleeping) and audited.
 */

/** Failures a pair may make before its attempts are delayed. */
export const FREE_FAILURES = 3;
/** …and while the account is under attack from many addresses. */
export const FREE_FAILURES_UNDER_ATTACK = 1;
/** Failures of one account, from all addresses, in the window that mean it is under attack. */
export const ACCOUNT_UNDER_ATTACK = 50;
export const FIRST_DELAY_MS = 1000;
export const MAX_DELAY_MS = 15 * 60 * 1000;
/** Failures from one address, across all accounts, in the window before it is refused. */
export const ADDRESS_CEILING = 30;
export const WINDOW_MS = 15 * 60 * 1000;
/** A pair without failures for this long starts again from nothing. */
export const PAIR_MEMORY_MS = 24 * 60 * 60 * 1000;

/** The wait after a pair's `failures`th failure in a row: 0, then 1 s, 2 s, 4 s … up to 15 min. */
export function pairDelayMs(failures: number, free: number = FREE_FAILURES): number {
  if (failures < free) return 0;
  return Math.min(FIRST_DELAY_MS * 2 ** (failures - free), MAX_DELAY_MS);
}

/**
 * The address a throttle counts: IPv4 as is (also when mapped into IPv6), IPv6 by its /64, since
 * one subscriber is handed a whole /64 and could otherwise change address with every guess.
 */
export function addressKey(raw: string): string {
  const ip = raw.trim().toLowerCase().split("%")[0] ?? "";
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (mapped?.[1]) return mapped[1];
  if (isIPv4(ip) || !isIPv6(ip)) return ip || "unknown";
  const [head = "", tail] = ip.split("::");
  const groups = (part: string) => (part ? part.split(":") : []);
  // An IPv4 tail ("64:ff9b::192.0.2.1") is two groups.
  const width = (parts: string[]) => parts.reduce((n, g) => n + (g.includes(".") ? 2 : 1), 0);
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...Array(8 - width(left) - width(right)).fill("0"), ...right];
  const prefix = all.slice(0, 4).map((g) => Number.parseInt(g, 16).toString(16));
  return `${prefix.join(":")}::/64`;
}

function waitError(key: "pair" | "address", until: Date, at: Date): ThrottledError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - at.getTime()) / 1000));
  if (key === "address") {
    return new ThrottledError(seconds, "auth.addressThrottled", {
      minutes: Math.ceil(seconds / 60),
    });
  }
  return seconds < 120
    ? new ThrottledError(seconds, "auth.throttledSeconds", { seconds })
    : new ThrottledError(seconds, "auth.throttledMinutes", { minutes: Math.ceil(seconds / 60) });
}

/**
 * Until when an address is refused: with `ADDRESS_CEILING` failures in the window it is refused
 * until the oldest of the last `ADDRESS_CEILING` leaves the window; null when it is not.
 */
async function addressBlockedUntil(q: Tx, ip: string, at: Date): Promise<Date | null> {
  const since = new Date(at.getTime() - WINDOW_MS);
  const row = (
    await q
      .select({ at: loginFailures.at })
      .from(loginFailures)
      .where(and(eq(loginFailures.ip, ip), gt(loginFailures.at, since)))
      .orderBy(desc(loginFailures.at))
      .limit(1)
      .offset(ADDRESS_CEILING - 1)
  )[0];
  return row ? new Date(row.at.getTime() + WINDOW_MS) : null;
}

export type Admission =
  | { admitted: true; failureId: number; delayMs: number }
  | { admitted: false; error: DomainError };

/**
 * Decides, inside the write lock, whether a password may be checked for `email` from `ip`. An
 * admitted attempt is counted as a failure before the (slow) password check, so parallel
 * requests cannot all slip through before the first failure is written; a success takes it back
 * (`forgetPair`). A refused attempt is audited and the password is never looked at.
 */
export async function admitLoginAttempt(tx: Tx, email: string, ip: string): Promise<Admission> {
  const at = now();
  const refuse = async (
    reason: "pair" | "address",
    until: Date,
    failures: number,
  ): Promise<Admission> => {
    await audit(
      tx,
      null,
      "user.login_throttled",
      { type: "login", id: email },
      { ip, reason, failures, blockedUntil: until.toISOString() },
    );
    return { admitted: false, error: waitError(reason, until, at) };
  };

  const addressUntil = await addressBlockedUntil(tx, ip, at);
  if (addressUntil && addressUntil > at)
    return await refuse("address", addressUntil, ADDRESS_CEILING);

  const pair = (
    await tx
      .select()
      .from(loginThrottles)
      .where(and(eq(loginThrottles.email, email), eq(loginThrottles.ip, ip)))
      .limit(1)
  )[0];
  const remembered = pair && pair.lastFailureAt.getTime() > at.getTime() - PAIR_MEMORY_MS;
  if (remembered && pair.blockedUntil && pair.blockedUntil > at) {
    return await refuse("pair", pair.blockedUntil, pair.failures);
  }

  const since = new Date(at.getTime() - WINDOW_MS);
  const accountFailures =
    (
      await tx
        .select({ n: count() })
        .from(loginFailures)
        .where(and(eq(loginFailures.email, email), gt(loginFailures.at, since)))
        .limit(1)
    )[0]?.n ?? 0;
  const free = accountFailures >= ACCOUNT_UNDER_ATTACK ? FREE_FAILURES_UNDER_ATTACK : FREE_FAILURES;
  const failures = (remembered ? pair.failures : 0) + 1;
  const delay = pairDelayMs(failures, free);
  const blockedUntil = delay > 0 ? new Date(at.getTime() + delay) : null;
  await tx
    .insert(loginThrottles)
    .values({ email, ip, failures, lastFailureAt: at, blockedUntil })
    .onConflictDoUpdate({
      target: [loginThrottles.email, loginThrottles.ip],
      set: { failures, lastFailureAt: at, blockedUntil },
    });
  const failure = returnedRow(
    await tx.insert(loginFailures).values({ email, ip, at }).returning({ id: loginFailures.id }),
  );
  // Nothing older than its window is read again.
  await tx.delete(loginFailures).where(lt(loginFailures.at, since));
  await tx
    .delete(loginThrottles)
    .where(lt(loginThrottles.lastFailureAt, new Date(at.getTime() - PAIR_MEMORY_MS)));
  return { admitted: true, failureId: failure.id, delayMs: delay };
}

/**
 * A wrong password: the pair's wait starts now, when the person sees the refusal, not when the
 * attempt was admitted (the check itself takes a while).
 */
export async function restartPairDelay(
  tx: Tx,
  email: string,
  ip: string,
  delayMs: number,
): Promise<void> {
  if (delayMs <= 0) return;
  const at = now();
  const until = at.getTime() + delayMs;
  await tx
    .update(loginThrottles)
    .set({
      lastFailureAt: at,
      blockedUntil: sql`max(coalesce(${loginThrottles.blockedUntil}, 0), ${until})`,
    })
    .where(and(eq(loginThrottles.email, email), eq(loginThrottles.ip, ip)));
}

/** A success clears its own pair and takes back the failure counted when it was admitted. */
export async function forgetPair(
  tx: Tx,
  email: string,
  ip: string,
  failureId: number,
): Promise<void> {
  await tx.delete(loginFailures).where(eq(loginFailures.id, failureId));
  await tx
    .delete(loginThrottles)
    .where(and(eq(loginThrottles.email, email), eq(loginThrottles.ip, ip)));
}

export type LoginThrottleRow = {
  ip: string;
  /** Null for an address over the ceiling: it is refused for every account. */
  email: string | null;
  failures: number;
  blockedUntil: Date | null;
  blocked: boolean;
};

/**
 * The throttles the platform administrator sees: addresses over the ceiling, then every pair
 * past its free failures (the ones waiting now first).
 */
export async function listLoginThrottles(actor: Actor): Promise<LoginThrottleRow[]> {
  return read(async (db) => {
    authorize(actor, "login_throttle.manage");
    const at = now();
    const since = new Date(at.getTime() - WINDOW_MS);
    const addresses = await Promise.all(
      (
        await db
          .select({ ip: loginFailures.ip, failures: count() })
          .from(loginFailures)
          .where(gt(loginFailures.at, since))
          .groupBy(loginFailures.ip)
          .having(gte(count(), ADDRESS_CEILING))
          .orderBy(desc(count()))
          .limit(100)
      ).map(async ({ ip, failures }): Promise<LoginThrottleRow> => {
        const until = await addressBlockedUntil(db, ip, at);
        return { ip, email: null, failures, blockedUntil: until, blocked: !!until && until > at };
      }),
    );
    const pairs = (
      await db
        .select()
        .from(loginThrottles)
        .where(
          and(
            isNotNull(loginThrottles.blockedUntil),
            gt(loginThrottles.lastFailureAt, new Date(at.getTime() - PAIR_MEMORY_MS)),
          ),
        )
        .orderBy(desc(loginThrottles.blockedUntil))
        .limit(200)
    ).map(
      (p): LoginThrottleRow => ({
        ip: p.ip,
        email: p.email,
        failures: p.failures,
        blockedUntil: p.blockedUntil,
        blocked: !!p.blockedUntil && p.blockedUntil > at,
      }),
    );
    return [...addresses, ...pairs];
  });
}

/**
 * Clears one throttle: a pair (its failures in a row), or with no email an address's failures
 * in the window (its ceiling). 404 when there is nothing left to clear.
 */
export async function clearLoginThrottle(
  actor: Actor,
  input: { ip: string; email: string },
): Promise<void> {
  authorize(actor, "login_throttle.manage");
  await write(async (tx) => {
    if (input.email) {
      const [row] = await tx
        .delete(loginThrottles)
        .where(and(eq(loginThrottles.email, input.email), eq(loginThrottles.ip, input.ip)))
        .returning();
      if (!row) throw notFound("admin.throttleGone");
      await audit(
        tx,
        actor,
        "login_throttle.cleared",
        { type: "login", id: input.email },
        {
          ip: input.ip,
          failures: row.failures,
          blockedUntil: row.blockedUntil?.toISOString() ?? null,
        },
      );
      return;
    }
    const removed = (await tx.delete(loginFailures).where(eq(loginFailures.ip, input.ip))).changes;
    if (removed === 0) throw notFound("admin.throttleGone");
    await audit(
      tx,
      actor,
      "login_address_throttle.cleared",
      { type: "login_address", id: input.ip },
      { failures: removed },
    );
  });
}
