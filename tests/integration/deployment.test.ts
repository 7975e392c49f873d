/**
 * A real deployment as an operator runs it: `server/main.ts serve` refuses unsafe settings with one
 * line, never seeds demo data, and lets in only the administrator created by admin:create. Also
 * the metrics allow-list and what the logs leave out.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "../support/http";
import { type RunningServer, startServer } from "../support/server";

const ADMIN_PASSWORD = "Gate-keeper 2026!";

function freshDatabase() {
  return join(mkdtempSync(join(tmpdir(), "rx-deploy-")), "app.db");
}

/** Runs a command of the project as an operator would, with only the given settings. */
function run(args: string[], env: Record<string, string>, input?: string) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(PUBLIC_URL|SEED_DEMO|ENABLE_TEST_CLOCK|CLOCK_OFFSET_MS|PORT|HOST)$/.test(key),
    ),
  );
  const result = spawnSync(process.execPath, ["--import", "tsx", ...args], {
    env: { ...clean, NODE_ENV: "production", ...env },
    encoding: "utf8",
    input,
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const check = (env: Record<string, string>) => run(["server/main.ts", "serve", "--check"], env);

describe("npm run serve refuses what a deployment must not run with", () => {
  const base = () => ({ DATABASE_PATH: freshDatabase(), PUBLIC_URL: "https://rebuild.example.cn" });

  it("starts its checks cleanly with the required settings", () => {
    const result = check(base());
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it.each([
    [{ PUBLIC_URL: "" }, /set PUBLIC_URL/],
    [{ PUBLIC_URL: "not a url" }, /^Rebuild Exchange will not start: PUBLIC_URL="not a url"/],
    [{ PUBLIC_URL: "http://rebuild.example.cn" }, /PUBLIC_URL must be https/],
    [{ PORT: "70000" }, /PORT="70000" is not valid/],
    [{ PORT: "http" }, /PORT="http" is not valid/],
    [{ HOST: "bad host!" }, /HOST="bad host!" is not valid/],
    [{ WORKERS: "0" }, /WORKERS="0" is not valid/],
    [{ ENABLE_TEST_CLOCK: "1" }, /ENABLE_TEST_CLOCK is for tests only/],
    [{ SEED_DEMO: "true" }, /SEED_DEMO is for the demo/],
    [{ METRICS_ALLOW: "everyone" }, /METRICS_ALLOW="everyone" is not valid/],
    [{ DATABASE_URL: "mysql://db.example/rebuild" }, /DATABASE_URL="mysql:.*" is not valid/],
    [
      { DATABASE_URL: "postgresql://db.example/rebuild" },
      /DATABASE_URL is set, but this version serves from the SQLite file only/,
    ],
    [
      { STRIPE_SECRET_KEY: "sk_test_123" },
      /STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET go together/,
    ],
  ])("refuses %o with one line that names the setting", (override, message) => {
    const result = check({ ...base(), ...override });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  it("refuses a database that holds the demo accounts", () => {
    const DATABASE_PATH = freshDatabase();
    const seeded = run(["seed/prepare.ts"], { DATABASE_PATH, SEED_DEMO: "true" });
    expect(seeded.code).toBe(0);
    const result = check({ DATABASE_PATH, PUBLIC_URL: "https://rebuild.example.cn" });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/holds \d+ demo accounts/);
  });
});

describe("a deployment started with npm run serve", () => {
  const DATABASE_PATH = freshDatabase();
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer(
      {
        DATABASE_PATH,
        PUBLIC_URL: "http://localhost",
        SEED_DEMO: "",
        LOG_REQUESTS: "true",
        METRICS_ALLOW: "127.0.0.1",
      },
      "serve",
    );
  });
  afterAll(() => server?.stop());

  it("refuses, with one line, a second start on a port already in use", async () => {
    for (const WORKERS of ["1", "2"]) {
      const result = run(["server/main.ts", "serve"], {
        DATABASE_PATH: freshDatabase(),
        PUBLIC_URL: "http://localhost",
        HOST: "127.0.0.1",
        PORT: String(server.port),
        WORKERS,
      });
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split("\n").at(-1)).toMatch(
        new RegExp(
          `^Rebuild Exchange will not start: cannot listen on 127\\.0\\.0\\.1:${server.port}`,
        ),
      );
    }
  });

  it("has no demo data: the demo accounts cannot log in and the login page offers none", async () => {
    const client = new Client(server.baseUrl);
    const login = await client.post("/login", {
      email: "contractor@example.com",
      password: "demo-password",
    });
    expect(login.status).toBe(400);
    expect((await client.get("/login")).body).not.toContain("demo-password");
    expect((await client.get("/market")).status).toBe(302);
  });

  it("lets in the administrator that admin:create makes, and only with that password", async () => {
    const env = { DATABASE_PATH, ADMIN_PASSWORD };
    const args = ["scripts/admin-create.ts", "--email", "ops@rebuild.cn", "--name", "运维 李工"];
    const created = run(args, env);
    expect(created.stderr).toBe("");
    expect(created.stdout).toBe("ops@rebuild.cn: created\n");
    expect(created.stdout + created.stderr).not.toContain(ADMIN_PASSWORD);

    const again = run(args, env);
    expect(again.stdout).toBe("ops@rebuild.cn: already the administrator; nothing changed\n");

    const weak = run(args, { DATABASE_PATH, ADMIN_PASSWORD: "password" });
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/at least 12 characters/);
    const noPassword = run(args, { DATABASE_PATH, ADMIN_PASSWORD: "" });
    expect(noPassword.code).toBe(1);
    expect(noPassword.stderr).toMatch(/set ADMIN_PASSWORD/);

    const admin = new Client(server.baseUrl);
    await admin.logIn("ops@rebuild.cn", ADMIN_PASSWORD);
    expect((await admin.get("/admin")).status).toBe(200);
    const wrong = await new Client(server.baseUrl).post("/login", {
      email: "ops@rebuild.cn",
      password: "Gate-keeper 2025!",
    });
    expect(wrong.status).toBe(400);
  });

  it("serves /metrics to allowed addresses only", async () => {
    const fromLoopback = await fetch(`${server.baseUrl}/metrics`);
    expect(fromLoopback.status).toBe(200);
    const text = await fromLoopback.text();
    expect(text).toMatch(/^rx_http_request_duration_seconds_bucket\{.*route="\/login"/m);
    expect(text).toMatch(/^rx_database_seconds_total \d/m);
    expect(text).toMatch(/^rx_job_runs_total\{job="alert sweep",outcome="ok"\} \d/m);

    const fromElsewhere = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: "127.0.0.1", port: server.port, path: "/metrics", localAddress: "127.0.0.2" },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(fromElsewhere).toBe(403);
  });

  it("serves the public files and the hashed assets with their caching, and pages after them", async () => {
    const icon = await fetch(`${server.baseUrl}/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toContain("image/svg+xml");
    expect(icon.headers.get("cache-control")).toBe("public, max-age=3600");
    const page = await fetch(`${server.baseUrl}/login`);
    const html = await page.text();
    const asset = html.match(/\/assets\/[\w.-]+\.js/)?.[0];
    expect(asset).toBeDefined();
    const script = await fetch(`${server.baseUrl}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const missing = await fetch(`${server.baseUrl}/favicon.svg/nothing-here`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("<html");
  });

  it("logs JSON lines with a request id, and no cookie, token or password", async () => {
    const admin = new Client(server.baseUrl);
    await admin.logIn("ops@rebuild.cn", ADMIN_PASSWORD);
    const page = await admin.get("/admin?secret=query-value");
    const id = page.headers.get("x-request-id");
    expect(id).toMatch(/^[\w-]{8,}$/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const lines = server
      .output()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const logged = lines.find((line) => line.reqId === id);
    expect(logged).toMatchObject({ req: { method: "GET", path: "/admin" }, res: { status: 200 } });
    const output = server.output();
    expect(output).not.toContain("rx_session");
    expect(output).not.toContain(ADMIN_PASSWORD);
    expect(output).not.toContain("query-value");
  });
});

describe("behind a reverse proxy", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ TRUST_PROXY: "127.0.0.1" });
  });
  afterAll(() => server?.stop());

  it("counts the client named by a trusted proxy, and ignores the header from anyone else", async () => {
    const { db } = await import("#db/client");
    const { loginFailures } = await import("#db/schema");
    const { eq } = await import("drizzle-orm");
    const email = "nobody-behind-proxy@rebuild.cn";
    const attempt = (localAddress: string) =>
      new Promise<number>((resolve, reject) => {
        const body = new URLSearchParams({ email, password: "wrong password" }).toString();
        const req = request(
          {
            host: "127.0.0.1",
            port: server.port,
            path: "/login",
            method: "POST",
            localAddress,
            headers: {
              "Content-Type": "application/x-www-form-urlencoded",
              "Content-Length": Buffer.byteLength(body),
              "X-Forwarded-For": "203.0.113.9",
            },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on("error", reject);
        req.end(body);
      });
    expect(await attempt("127.0.0.1")).toBe(400);
    expect(await attempt("127.0.0.5")).toBe(400);
    const addresses = db
      .select({ ip: loginFailures.ip })
      .from(loginFailures)
      .where(eq(loginFailures.email, email))
      .all()
      .map((row) => row.ip)
      .sort();
    expect(addresses).toEqual(["127.0.0.5", "203.0.113.9"]);
  });
});
