/**
 * Login throttling without lockout (ADR 011), over HTTP from different loopback source
 * addresses: Linux routes all of 127.0.0.0/8 to loopback, so a request bound to 127.0.0.2 reaches
 * the server (which listens on 127.0.0.1) from 127.0.0.2. Time moves with the domain clock:
 * servers on the same database with the test clock set ahead, instead of sleeping.
 */
import { request } from "node:http";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { auditEvents, loginFailures, loginThrottles } from "#db/schema";
import { write } from "#db/store";
import {
  ACCOUNT_UNDER_ATTACK,
  ADDRESS_CEILING,
  admitLoginAttempt,
} from "~/domain/accounts/login-throttle.server";
import { en } from "~/i18n/messages";
import { Client } from "../support/http";
import { type RunningServer, startServer } from "../support/server";
import { makeWorld, TEST_PASSWORD, type World } from "../support/world";

const SECOND = 1000;
const MINUTE = 60 * SECOND;

let world: World;
/** The same database seen at different times: now, 10 s, 20 s and 16 minutes on. */
let servers: { now: RunningServer; plus10s: RunningServer; plus20s: RunningServer };
let plus16min: RunningServer;

beforeAll(async () => {
  world = await makeWorld();
  const at = (offset: number) =>
    startServer({ ENABLE_TEST_CLOCK: "1", CLOCK_OFFSET_MS: String(offset) });
  const [now, plus10s, plus20s, later] = await Promise.all([
    at(0),
    at(10 * SECOND),
    at(20 * SECOND),
    at(16 * MINUTE),
  ]);
  servers = { now, plus10s, plus20s };
  plus16min = later;
});
afterAll(async () => {
  await Promise.all([...Object.values(servers ?? {}), plus16min].map((s) => s?.stop()));
});

type Answer = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
};

/** A form post (or a GET) as a browser without JavaScript sends it, from a chosen address. */
function send(
  server: RunningServer,
  from: string,
  path: string,
  form?: Record<string, string>,
): Promise<Answer> {
  const url = new URL(path, server.baseUrl);
  const body = form ? new URLSearchParams(form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: url.port,
        path: url.pathname + url.search,
        method: form ? "POST" : "GET",
        localAddress: from,
        agent: false,
        headers: {
          "Accept-Language": "en",
          ...(body
            ? {
                "Content-Type": "application/x-www-form-urlencoded",
                "Content-Length": String(Buffer.byteLength(body)),
              }
            : {}),
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const logIn = (server: RunningServer, from: string, email: string, password = TEST_PASSWORD) =>
  send(server, from, "/login", { email, password });

const hasSession = (answer: Answer) =>
  ((answer.headers["set-cookie"] as string[] | undefined) ?? []).some((c) =>
    c.startsWith("rx_session="),
  );

function say(key: keyof typeof en, params: Record<string, string | number>): string {
  return en[key].replace(/\{(\w+)\}/g, (_whole, name: string) => String(params[name]));
}

function expectWait(answer: Answer, seconds: number) {
  expect(answer.status, answer.body.slice(0, 300)).toBe(429);
  expect(answer.headers["retry-after"]).toBe(String(seconds));
  expect(answer.body).toContain(say("auth.throttledSeconds", { seconds }));
  expect(hasSession(answer)).toBe(false);
}

const throttledEvents = (email: string) =>
  db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, "user.login_throttled"), eq(auditEvents.entityId, email)))
    .all();

describe("one account from two addresses", () => {
  it("makes 127.0.0.2 wait longer after each failure while 127.0.0.3 gets in at once", async () => {
    const { clerk } = world.people;
    for (let attempt = 1; attempt <= 3; attempt++) {
      const wrong = await logIn(servers.now, "127.0.0.2", clerk.email, `guess-${attempt}`);
      expect(wrong.status).toBe(400);
      expect(wrong.body).toContain(en["auth.invalidCredentials"]);
    }
    // The third failure in a row: the next attempt from this pair waits 1 s, right or wrong.
    expectWait(await logIn(servers.now, "127.0.0.2", clerk.email, "guess-4"), 1);
    expectWait(await logIn(servers.now, "127.0.0.2", clerk.email), 1);

    // Meanwhile the clerk at the gate, from another address, is not delayed at all.
    const gate = await logIn(servers.now, "127.0.0.3", clerk.email);
    expect(gate.status).toBe(302);
    expect(gate.headers.location).toBe("/");
    expect(hasSession(gate)).toBe(true);

    // Ten seconds on, the wait is over; the next failure doubles it (the success from 127.0.0.3
    // cleared only its own pair), and the one after that doubles it again.
    expect((await logIn(servers.plus10s, "127.0.0.2", clerk.email, "guess-5")).status).toBe(400);
    expectWait(await logIn(servers.plus10s, "127.0.0.2", clerk.email), 2);
    expect((await logIn(servers.plus20s, "127.0.0.2", clerk.email, "guess-6")).status).toBe(400);
    expectWait(await logIn(servers.plus20s, "127.0.0.2", clerk.email), 4);

    const gateAgain = await logIn(servers.plus20s, "127.0.0.3", clerk.email);
    expect(gateAgain.status).toBe(302);
    expect(hasSession(gateAgain)).toBe(true);
  });

  it("audits every throttled attempt, with the address and until when", () => {
    const events = throttledEvents(world.people.clerk.email);
    expect(events).toHaveLength(4);
    for (const event of events) {
      expect(event).toMatchObject({ actorUserId: null, actorOrgId: null, entityType: "login" });
      expect(event.data).toMatchObject({ ip: "127.0.0.2", reason: "pair" });
      expect(Date.parse(String(event.data?.blockedUntil))).toBeGreaterThan(event.at.getTime());
    }
    expect(events.map((e) => e.data?.failures)).toEqual([3, 3, 4, 5]);
  });

  it("shows the throttle to the platform administrator, who clears it; then 127.0.0.2 gets in", async () => {
    const { clerk, admin } = world.people;
    // On the server whose clock is now, the last wait (set 20 s ahead) has not ended yet.
    const still = await logIn(servers.now, "127.0.0.2", clerk.email);
    expect(still.status).toBe(429);
    expect(Number(still.headers["retry-after"])).toBeGreaterThan(15);
    expect(Number(still.headers["retry-after"])).toBeLessThanOrEqual(24);

    const console = await new Client(servers.now.baseUrl).logIn(admin.email);
    const page = await console.get("/admin", { "Accept-Language": "en" });
    expect(page.status).toBe(200);
    expect(page.body).toContain(en["admin.throttles"]);
    const row =
      /<tr><td><code>127\.0\.0\.2<\/code><\/td><td>([^<]*)<\/td><td class="num">(\d+)<\/td><td>([^<]*)<\/td>/.exec(
        page.body,
      );
    expect(row?.slice(1, 3)).toEqual([clerk.email, "5"]);
    expect(row?.[3]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);

    // Someone who is not the platform administrator cannot clear it.
    const manager = await new Client(servers.now.baseUrl).logIn(world.people.recyclerManager.email);
    const form = { intent: "clearThrottle", ip: "127.0.0.2", email: clerk.email };
    expect((await manager.post("/admin", form)).status).toBe(403);
    expect(
      db.select().from(loginThrottles).where(eq(loginThrottles.email, clerk.email)).all(),
    ).toHaveLength(1);

    const cleared = await console.post("/admin", form);
    expect(cleared.status).toBe(302);
    expect(cleared.location).toBe("/admin");
    const event = db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "login_throttle.cleared"))
      .get();
    expect(event).toMatchObject({
      actorUserId: admin.id,
      entityType: "login",
      entityId: clerk.email,
    });
    expect(event?.data).toMatchObject({ ip: "127.0.0.2", failures: 5 });
    expect((await console.get("/admin")).body).not.toContain("<code>127.0.0.2</code>");
    // Clearing it again says there is nothing left to clear.
    expect((await console.post("/admin", form)).status).toBe(404);

    const back = await logIn(servers.now, "127.0.0.2", clerk.email);
    expect(back.status).toBe(302);
    expect(hasSession(back)).toBe(true);
  });

  it("lets no parallel burst past the free failures", async () => {
    const { siteAgent } = world.people;
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        logIn(servers.now, "127.0.0.5", siteAgent.email, `burst-${i}`),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([400, 400, 400, 429, 429, 429, 429, 429, 429, 429]);
  });
});

describe("one address against many accounts", () => {
  it("refuses 127.0.0.4 for every account after 30 failures in 15 minutes, and no one else", async () => {
    for (let i = 0; i < ADDRESS_CEILING; i++) {
      const wrong = await logIn(
        servers.now,
        "127.0.0.4",
        `sprayed-${i}@example.test`,
        "Winter2026!",
      );
      expect(wrong.status).toBe(400);
    }
    const { contractorManager } = world.people;
    const refused = await logIn(servers.now, "127.0.0.4", contractorManager.email);
    expect(refused.status).toBe(429);
    expect(refused.body).toContain(say("auth.addressThrottled", { minutes: 15 }));
    const retryAfter = Number(refused.headers["retry-after"]);
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(hasSession(refused)).toBe(false);
    expect(throttledEvents(contractorManager.email).at(-1)?.data).toMatchObject({
      ip: "127.0.0.4",
      reason: "address",
    });

    // The same account from another address is let in.
    expect((await logIn(servers.now, "127.0.0.3", contractorManager.email)).status).toBe(302);
  });

  it("lets the administrator clear an address ceiling", async () => {
    const console = await new Client(servers.now.baseUrl).logIn(world.people.admin.email);
    const page = await console.get("/admin", { "Accept-Language": "en" });
    expect(page.body).toContain(
      `<td><code>127.0.0.4</code></td><td>${en["admin.throttleAllAccounts"]}</td><td class="num">${ADDRESS_CEILING}</td>`,
    );
    const cleared = await console.post("/admin", { intent: "clearThrottle", ip: "127.0.0.4" });
    expect(cleared.status).toBe(302);
    expect(
      db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.action, "login_address_throttle.cleared"))
        .get(),
    ).toMatchObject({
      actorUserId: world.people.admin.id,
      entityType: "login_address",
      entityId: "127.0.0.4",
      data: { failures: ADDRESS_CEILING },
    });
    const back = await logIn(servers.now, "127.0.0.4", world.people.contractorManager.email);
    expect(back.status).toBe(302);
  });

  it("holds the ceiling against a burst, and lets the address in again after the window", async () => {
    const burst = await Promise.all(
      Array.from({ length: ADDRESS_CEILING + 1 }, (_, i) =>
        logIn(servers.now, "127.0.0.6", `burst-${i}@example.test`, "Spring2026!"),
      ),
    );
    const statuses = burst.map((a) => a.status);
    expect(statuses.filter((s) => s === 400)).toHaveLength(ADDRESS_CEILING);
    expect(statuses.filter((s) => s === 429)).toHaveLength(1);
    expect(
      (await logIn(servers.now, "127.0.0.6", world.people.contractorManager.email)).status,
    ).toBe(429);
    // Sixteen minutes on, the failures have left the window.
    const later = await logIn(plus16min, "127.0.0.6", world.people.contractorManager.email);
    expect(later.status).toBe(302);
    expect(hasSession(later)).toBe(true);
  });
});

describe("an account guessed at from many addresses", () => {
  it("gives each new address one free failure instead of three, and still lets the owner in at once", async () => {
    const email = world.people.recyclerSales.email;
    const admit = (ip: string) => write(async (tx) => await admitLoginAttempt(tx, email, ip));
    for (let i = 0; i < ACCOUNT_UNDER_ATTACK; i++) {
      expect((await admit(`10.0.${Math.floor(i / 200)}.${i % 200}`)).admitted).toBe(true);
    }
    // A fresh address is admitted at once (the owner's right password would get in) …
    expect((await admit("10.9.9.9")).admitted).toBe(true);
    // … but after one failure it waits, where before it had three.
    const second = await admit("10.9.9.9");
    expect(second.admitted).toBe(false);
    expect(!second.admitted && second.error.code).toBe("auth.throttledSeconds");
    db.delete(loginFailures).where(eq(loginFailures.email, email)).run();
  });
});
