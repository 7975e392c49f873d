/**
 * The app over HTTP against the bare framework, side by side in one run: the production server on
 * the demo data and a React Router app with no app logic (bench/ceiling, served by
 * react-router-serve) take the same load in turn, alternating A B, B A, … so the machine's noise
 * falls on both. Only the ratios travel between machines; the absolute figures do not.
 *
 *   npm run bench:http                       # logged-in / vs ceiling /, /market vs ceiling /rows?n=50
 *                                            # and the ceiling with as many routes as the app
 *   npm run bench:http -- --rounds 6 --duration 8 --connections 16 --warmup 2
 *   npm run bench:http -- --province         # also the province dashboard on the bench:dashboard data
 *   npm run bench:http -- --build            # rebuild both apps first (else only when out of date)
 *
 * The database lives in a temporary directory and is deleted afterwards (BENCH_KEEP=1 keeps it and
 * the server's log). With --province, BENCH_MANIFESTS / BENCH_PROJECTS size the province as for
 * bench:dashboard; building it takes a few minutes.
 */
import { type ChildProcess, spawn } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { percentile } from "./bench-support";
import { freePort } from "./free-port";

const { values: opt } = parseArgs({
  options: {
    rounds: { type: "string", default: "4" },
    duration: { type: "string", default: "5" },
    warmup: { type: "string", default: "2" },
    connections: { type: "string", default: "16" },
    province: { type: "boolean", default: false },
    build: { type: "boolean", default: false },
  },
});
const ROUNDS = Number(opt.rounds);
const DURATION = Number(opt.duration);
const WARM_UP = Number(opt.warmup);
const CONNECTIONS = Number(opt.connections);

const ROOT = process.cwd();
const CEILING = resolve(ROOT, "bench/ceiling");
const BIN = (name: string) => join(ROOT, "node_modules/.bin", name);

/**
 * How the app is started, as `npm start` starts it (production mode, request logging on), with
 * one worker: the targets are per process, and the ceiling app is one process too.
 */
function startAppServer(port: number, env: Record<string, string>, log: number): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "server/main.ts", "demo"], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...env,
      NODE_ENV: "production",
      WORKERS: "1",
      LOG_REQUESTS: "true",
      HOST: "127.0.0.1",
      PORT: String(port),
    },
    stdio: ["ignore", log, log],
  });
}

/** The bare framework app: react-router-serve, as its own README serves it. */
function startCeilingServer(port: number, buildDirectory = "build"): ChildProcess {
  return spawn(BIN("react-router-serve"), [`${buildDirectory}/server/index.js`], {
    cwd: CEILING,
    env: { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port) },
    stdio: "ignore",
  });
}

// ------------------------------------------------------------------------------------ helpers

const children: ChildProcess[] = [];
let dir = "";

function cleanUp() {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  if (dir && !process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
}
process.on("exit", cleanUp);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    cleanUp();
    process.exit(130);
  });
}

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  return new Promise<void>((done, fail) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: "inherit" });
    child.on("exit", (code) =>
      code === 0 ? done() : fail(new Error(`${command} ${args.join(" ")} exited with ${code}`)),
    );
  });
}

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === "node_modules" || entry === "build" || entry.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Builds an app when asked, when it has no build, or when a source is newer than the build. */
async function buildIfNeeded(cwd: string, sources: string[]) {
  const output = join(cwd, "build/server/index.js");
  const stale =
    opt.build ||
    !existsSync(output) ||
    Math.max(...sources.map((s) => newestMtime(join(cwd, s)))) > statSync(output).mtimeMs;
  if (stale) await run(BIN("react-router"), ["build"], cwd);
}

async function waitFor(url: string, child: ChildProcess, what: string, seconds = 120) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${what} did not answer ${url}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The session cookie of a form login, posted as a browser on the same host would (no Origin). */
async function logIn(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/login`, {
    method: "POST",
    body: new URLSearchParams({ email, password }),
    redirect: "manual",
  });
  await response.arrayBuffer();
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0] as string)
    .find((pair) => pair.startsWith("rx_session="));
  if (response.status !== 302 || !cookie) {
    throw new Error(`login as ${email} answered ${response.status} without a session`);
  }
  return cookie;
}

type Target = { label: string; url: string; headers: Record<string, string> };
type Measure = {
  rps: number;
  p50: number;
  p95: number;
  non2xx: number;
  errors: number;
  kbPerResponse: number;
};

/** One plain request: a redirect or an error page would be fast and make the ratio meaningless. */
async function preflight(target: Target) {
  const response = await fetch(target.url, { headers: target.headers, redirect: "manual" });
  const body = await response.arrayBuffer();
  if (response.status !== 200) {
    throw new Error(`${target.label} (${target.url}) answered ${response.status}`);
  }
  return body.byteLength;
}

async function load(target: Target, seconds: number): Promise<Measure> {
  const latencies: number[] = [];
  let bytes = 0;
  const instance = autocannon({
    url: target.url,
    connections: CONNECTIONS,
    duration: seconds,
    headers: target.headers,
    timeout: 10,
  });
  instance.on("response", (_client, status, resBytes, responseTime) => {
    if (status >= 200 && status < 300) {
      latencies.push(responseTime);
      bytes += resBytes;
    }
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const ok = result["2xx"];
  return {
    rps: ok / result.duration,
    p50: latencies.length ? percentile(latencies, 50) : Number.NaN,
    p95: latencies.length ? percentile(latencies, 95) : Number.NaN,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    kbPerResponse: ok ? bytes / ok / 1024 : Number.NaN,
  };
}

const median = (xs: number[]) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const f = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : "-");
const load1 = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");

/** A against B for ROUNDS rounds, alternating which goes first; medians of the rounds. */
async function compare(a: Target, b: Target) {
  for (const t of [a, b]) {
    const bytes = await preflight(t);
    console.log(`  preflight ${t.label}: 200, ${bytes} bytes`);
  }
  if (WARM_UP > 0) {
    await load(a, WARM_UP);
    await load(b, WARM_UP);
  }
  const rounds: { a: Measure; b: Measure }[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const order = i % 2 === 0 ? [a, b] : [b, a];
    const round: Partial<Record<"a" | "b", Measure>> = {};
    for (const t of order) round[t === a ? "a" : "b"] = await load(t, DURATION);
    const done = round as { a: Measure; b: Measure };
    rounds.push(done);
    console.log(
      `  round ${i + 1}: ${a.label} ${f(done.a.rps)} req/s p95 ${f(done.a.p95)} ms | ${b.label} ${f(done.b.rps)} req/s p95 ${f(done.b.p95)} ms | ratio ${f(done.a.rps / done.b.rps, 3)}`,
    );
    for (const [key, m] of Object.entries(done)) {
      if (m.non2xx || m.errors) {
        console.log(
          `  WARNING: ${key === "a" ? a.label : b.label} non-2xx ${m.non2xx}, errors ${m.errors}`,
        );
      }
    }
  }
  const med = (k: "a" | "b", m: keyof Measure) => median(rounds.map((r) => r[k][m]));
  return {
    a: {
      rps: med("a", "rps"),
      p50: med("a", "p50"),
      p95: med("a", "p95"),
      kb: med("a", "kbPerResponse"),
    },
    b: {
      rps: med("b", "rps"),
      p50: med("b", "p50"),
      p95: med("b", "p95"),
      kb: med("b", "kbPerResponse"),
    },
    ratio: median(rounds.map((r) => r.a.rps / r.b.rps)),
    range: [
      Math.min(...rounds.map((r) => r.a.rps / r.b.rps)),
      Math.max(...rounds.map((r) => r.a.rps / r.b.rps)),
    ],
  };
}

function table(header: string[], rows: string[][]) {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** A page's time over HTTP, one request at a time (as bench:dashboard times it): p50 and p95. */
async function sequential(url: string, cookie: string, requests = 30) {
  const get = async () => {
    const response = await fetch(url, { headers: { cookie }, redirect: "manual" });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  };
  for (let i = 0; i < 3; i++) await get();
  const times: number[] = [];
  for (let i = 0; i < requests; i++) {
    const started = performance.now();
    await get();
    times.push(performance.now() - started);
  }
  times.sort((x, y) => x - y);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

// ------------------------------------------------------------------------------------ the run

await buildIfNeeded(ROOT, ["app", "react-router.config.ts", "vite.config.ts"]);
await buildIfNeeded(CEILING, ["app", "react-router.config.ts", "vite.config.ts"]);
// The framework matches and describes every route on every request: the ceiling with as many
// routes as the app shows that cost apart from the app's own code.
const APP_ROUTES = (
  readFileSync(join(ROOT, "app/routes.ts"), "utf8").match(/\b(index|route)\(/g) ?? []
).length;
const ROUTES_BUILD = "build-routes";
// Built every run (it takes a second), so its route count is always the app's of today.
await run(BIN("react-router"), ["build"], CEILING, {
  CEILING_EXTRA_ROUTES: String(APP_ROUTES - 2),
  CEILING_BUILD_DIRECTORY: ROUTES_BUILD,
});

dir = mkdtempSync(join(tmpdir(), "rebuild-exchange-bench-http-"));
const databasePath = join(dir, "demo.db");
console.log("preparing the demo database …");
await run(process.execPath, ["--import", "tsx", "seed/prepare.ts"], ROOT, {
  DATABASE_PATH: databasePath,
  SEED_DEMO: "true",
});

const [appPort, ceilingPort, routesPort] = [await freePort(), await freePort(), await freePort()];
const appLog = openSync(join(dir, "server.log"), "a");
const app = startAppServer(appPort, { DATABASE_PATH: databasePath }, appLog);
children.push(app);
const ceiling = startCeilingServer(ceilingPort);
children.push(ceiling);
const ceilingWithRoutes = startCeilingServer(routesPort, ROUTES_BUILD);
children.push(ceilingWithRoutes);
const appUrl = `http://127.0.0.1:${appPort}`;
const ceilingUrl = `http://127.0.0.1:${ceilingPort}`;
const routesUrl = `http://127.0.0.1:${routesPort}`;
await waitFor(`${appUrl}/healthz`, app, "the app server");
await waitFor(`${ceilingUrl}/`, ceiling, "the ceiling server");
await waitFor(`${routesUrl}/`, ceilingWithRoutes, "the ceiling server with the app's routes");
const cookie = await logIn(appUrl, "contractor@example.com", "demo-password");

const loadBefore = load1();
console.log(
  `\n${ROUNDS} rounds × ${DURATION} s per target (alternating), ${CONNECTIONS} connections, warm-up ${WARM_UP} s; ${cpus().length} cores, load average ${loadBefore}`,
);
const pairs: [string, Target, Target][] = [
  [
    "home",
    { label: "app / (logged in)", url: `${appUrl}/`, headers: { cookie } },
    { label: "ceiling /", url: `${ceilingUrl}/`, headers: {} },
  ],
  [
    "market",
    { label: "app /market", url: `${appUrl}/market`, headers: { cookie } },
    { label: "ceiling /rows?n=50", url: `${ceilingUrl}/rows?n=50`, headers: {} },
  ],
  [
    "the framework's cost of the app's routes",
    { label: `ceiling / (${APP_ROUTES} routes)`, url: `${routesUrl}/`, headers: {} },
    { label: "ceiling /", url: `${ceilingUrl}/`, headers: {} },
  ],
  [
    "the app's own cost",
    { label: "app / (logged in)", url: `${appUrl}/`, headers: { cookie } },
    { label: `ceiling / (${APP_ROUTES} routes)`, url: `${routesUrl}/`, headers: {} },
  ],
];
const results: string[][] = [];
for (const [name, a, b] of pairs) {
  console.log(`\n${name}: ${a.label} vs ${b.label}`);
  const r = await compare(a, b);
  results.push([
    `${a.label} vs ${b.label}`,
    f(r.a.rps),
    f(r.b.rps),
    f(r.ratio, 3),
    `${f(r.range[0] as number, 2)}..${f(r.range[1] as number, 2)}`,
    `${f(r.a.p50)} / ${f(r.a.p95)}`,
    `${f(r.b.p50)} / ${f(r.b.p95)}`,
    `${f(r.a.kb)} / ${f(r.b.kb)}`,
  ]);
}
app.kill("SIGTERM");
ceiling.kill("SIGTERM");
ceilingWithRoutes.kill("SIGTERM");
closeSync(appLog);

console.log(
  `\nMedians of ${ROUNDS} rounds; ${cpus().length} cores; load average before ${loadBefore}, after ${load1()}`,
);
console.log(
  table(
    ["A vs B", "req/s A", "req/s B", "A/B", "range", "A p50/p95 ms", "B p50/p95 ms", "KB/resp A/B"],
    results,
  ),
);
console.log("(req/s counts 2xx responses; A/B is the median of the per-round ratios)");

if (opt.province) await province();

/**
 * The province dashboard page at bench:dashboard scale: that benchmark's data set, built into a
 * temporary database, then the page timed over HTTP one request at a time.
 */
async function province() {
  const path = join(dir, "province.db");
  console.log("\nbuilding the province-scale database (a few minutes) …");
  await run(process.execPath, ["--import", "tsx", "scripts/province-data.ts"], ROOT, {
    DATABASE_PATH: path,
    SEED_DEMO: "false",
  });
  const port = await freePort();
  const log = openSync(join(dir, "province-server.log"), "a");
  const server = startAppServer(port, { DATABASE_PATH: path, SEED_DEMO: "false" }, log);
  children.push(server);
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${baseUrl}/healthz`, server, "the app server");
    const { PROVINCE_OFFICER, CITY_OFFICER, OFFICER_PASSWORD } = await import("./province-data");
    const rows: string[][] = [];
    for (const [name, email] of [
      ["/department (province, 12 months)", PROVINCE_OFFICER],
      ["/department (Chengdu, 12 months)", CITY_OFFICER],
    ] as const) {
      const officer = await logIn(baseUrl, email, OFFICER_PASSWORD);
      // The default period: the last 12 months, as bench:dashboard times it.
      const t = await sequential(`${baseUrl}/department`, officer);
      rows.push([name, f(t.p50), f(t.p95)]);
    }
    console.log(`\nProvince scale over HTTP, one request at a time (load average ${load1()}):`);
    console.log(table(["page", "p50 ms", "p95 ms"], rows));
  } finally {
    server.kill("SIGTERM");
    closeSync(log);
  }
}
