/**
 * Market search at provincial scale: builds a throwaway database with 260,000 listings (over
 * 200,000 of them in the market) spread over Sichuan's 21 divisions, times typical searches
 * through the real `searchMarket` in process and prints p50/p95/max wall time and p50/p95 CPU
 * time per search, then times the whole market page from the production server (when the app is
 * built).
 *
 *   npm run bench:market     # BENCH_LISTINGS=… and BENCH_ITERATIONS=… change the sizes
 *
 * The database lives in a temporary directory (never data/app.db) and is deleted afterwards,
 * unless BENCH_KEEP=1 asks to keep it for a closer look.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { drawsFrom, seededRandom } from "#seed/random";
import { percentile } from "./bench-support";

const LISTINGS = Number(process.env.BENCH_LISTINGS ?? 260_000);
const PROJECTS = Math.max(100, Math.round(LISTINGS / 12));
const CONTRACTORS = Math.max(10, Math.round(PROJECTS / 40));
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);
const WARM_UP = 20;
const HTTP_ITERATIONS = 30;

const dir = mkdtempSync(join(tmpdir(), "rebuild-exchange-bench-"));
process.env.DATABASE_PATH = join(dir, "bench.db");
process.env.SEED_DEMO = "false";

// The client opens DATABASE_PATH when first imported, so everything that touches it comes after.
const { db, sqlite } = await import("#db/client");
const { insertDivisions, insertFacility, insertOrganisation, insertUser, makeCreditCode } =
  await import("#seed/factories");
const { divisions } = await import("~/domain/reference/divisions");
type Division = (typeof divisions)[number];
const { materialsByClass, wasteClassKeys } = await import("~/domain/reference/waste");
const { shanghaiDate, now } = await import("~/domain/clock");

const rand = seededRandom(510_000);
const { pick } = drawsFrom(rand);
/** Roughly normal (sum of three uniforms), in [-1.5, 1.5] standard deviations. */
const spread = () => rand() + rand() + rand() - 1.5;

// Where construction happens: Chengdu dominates, the western prefectures are sparse and wide.
const weight: Record<string, number> = { "510100": 14, "510700": 4, "510600": 3, "511500": 3 };
const wide = new Set(["513200", "513300", "513400"]);
const divisionPool = divisions.flatMap((d) => Array<Division>(weight[d.code] ?? 2).fill(d));

function build() {
  const started = performance.now();
  insertDivisions(db);
  const DAY = 86_400_000;
  const at = now().getTime();
  const today = shanghaiDate(now());
  const recycler = insertOrganisation(db, {
    kind: "recycler",
    name: "Bench recycler",
    creditCode: makeCreditCode("510100", 1),
  });
  const user = insertUser(db, {
    orgId: recycler.id,
    role: "manager",
    passwordHash: "not-a-login",
  });
  const facility = insertFacility(db, { orgId: recycler.id, lat: 30.78, lon: 104.21 });

  const insertProject = sqlite.prepare(
    `INSERT INTO projects (org_id, name, permit_no, division_code, address, lat, lon, kind,
       government_invested, gross_floor_area_m2, starts_on, created_at)
     VALUES (?, ?, ?, ?, '', ?, ?, 'new_build', 0, 10000, '2025-01-01', ?)`,
  );
  const insertListing = sqlite.prepare(
    `INSERT INTO waste_listings (project_id, org_id, division_code, waste_class, material,
       quantity_kg, allocated_kg, available_from, available_until, price_fen_per_tonne, payer,
       status, lat, lon, created_at, published_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const projects: { id: number; orgId: number; code: string; lat: number; lon: number }[] = [];
  sqlite.transaction(() => {
    const orgIds: number[] = [];
    for (let i = 0; i < CONTRACTORS; i++) {
      const creditCode = makeCreditCode("510100", 1000 + i);
      orgIds.push(
        insertOrganisation(db, { kind: "contractor", name: `Bench contractor ${i}`, creditCode })
          .id,
      );
    }
    for (let i = 0; i < PROJECTS; i++) {
      const d = pick(divisionPool);
      const sigma = wide.has(d.code) ? 0.6 : 0.2;
      const lat = Math.min(34.3, Math.max(26.1, d.lat + spread() * sigma));
      const lon = Math.min(108.5, Math.max(97.4, d.lon + spread() * sigma));
      const orgId = pick(orgIds);
      const id = Number(
        insertProject.run(orgId, `Site ${i}`, `P${i}`, d.code, lat, lon, at).lastInsertRowid,
      );
      projects.push({ id, orgId, code: d.code, lat, lon });
    }
  })();

  const statuses = [
    ...Array(84).fill("open"),
    ...Array(7).fill("expired"),
    ...Array(4).fill("closed"),
    ...Array(3).fill("cancelled"),
    ...Array(2).fill("draft"),
  ] as string[];
  const BATCH = 10_000;
  for (let done = 0; done < LISTINGS; done += BATCH) {
    sqlite.transaction(() => {
      for (let i = done; i < Math.min(LISTINGS, done + BATCH); i++) {
        const p = pick(projects);
        const wasteClass = pick(wasteClassKeys);
        const material = pick(materialsByClass[wasteClass]);
        const quantityKg = (5 + Math.floor(rand() * 2000)) * 1000;
        const r = rand();
        // A few open listings are fully claimed or past their window: the market must skip them.
        const allocatedKg = r < 0.05 ? quantityKg : r < 0.3 ? Math.floor(quantityKg / 2) : 0;
        // Older listings have lower ids, as they would in a real table.
        const createdMs = at - Math.floor(((LISTINGS - i) / LISTINGS) * 180 * DAY);
        const until = rand() < 0.03 ? at - 2 * DAY : at + (10 + Math.floor(rand() * 120)) * DAY;
        const valuable = material === "concrete" || material === "metal";
        insertListing.run(
          p.id,
          p.orgId,
          p.code,
          wasteClass,
          material,
          quantityKg,
          allocatedKg,
          shanghaiDate(new Date(createdMs)),
          shanghaiDate(new Date(until)),
          (valuable ? 500 : 1000) + Math.floor(rand() * 40) * 100,
          valuable ? "recycler" : "producer",
          pick(statuses),
          p.lat,
          p.lon,
          createdMs,
          createdMs,
        );
      }
    })();
  }
  const open = sqlite
    .prepare(
      "SELECT count(*) n FROM waste_listings WHERE status = 'open' AND available_until >= ? AND allocated_kg < quantity_kg",
    )
    .get(today) as { n: number };
  console.log(
    `built ${LISTINGS.toLocaleString("en")} listings (${open.n.toLocaleString("en")} in the market), ${PROJECTS.toLocaleString("en")} projects in ${Math.round(performance.now() - started)} ms`,
  );
  return { userId: user.id, recyclerOrgId: recycler.id, facilityId: facility.id };
}

const built = build();
const { searchMarket } = await import("~/domain/listings/search.server");
const { MarketQuery } = await import("~/domain/listings/schemas");
const actor = {
  userId: built.userId,
  userName: "bench",
  email: "bench@example.test",
  role: "manager",
  orgId: built.recyclerOrgId,
  orgKind: "recycler" as const,
  orgName: "Bench recycler",
  orgVerified: true,
  divisionCode: "510100",
};

const searches: [string, Record<string, string>][] = [
  ["no filter, newest", {}],
  ["class + division (Mianyang)", { wasteClass: "demolition_waste", divisionCode: "510700" }],
  ["class + division (Chengdu)", { wasteClass: "demolition_waste", divisionCode: "510100" }],
  ["30 km around Chengdu, nearest", { near: "30.659462,104.065735", radiusKm: "30" }],
  [
    "50 km around my facility, class",
    { near: `facility:${built.facilityId}`, radiusKm: "50", wasteClass: "construction_waste" },
  ],
  [
    "100-500 t, recycler pays, by price",
    { minTonnes: "100", maxTonnes: "500", payer: "recycler", sort: "price" },
  ],
  ["no filter, by price", { sort: "price" }],
  ["deep page (250), newest", { page: "250" }],
  ["last page (500), newest", { page: "500" }],
];

const table: Record<string, string | number>[] = [];
for (const [name, params] of searches) {
  const query = MarketQuery.parse(params);
  let result = await searchMarket(actor, query);
  for (let i = 0; i < WARM_UP; i++) await searchMarket(actor, query);
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    result = await searchMarket(actor, query);
    const used = process.cpuUsage(cpuStarted);
    times.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  table.push({
    search: name,
    matches: `${result.total.toLocaleString("en")}${result.capped ? "+" : ""}`,
    "p50 ms": percentile(times, 50).toFixed(1),
    "p95 ms": percentile(times, 95).toFixed(1),
    "max ms": (times.at(-1) as number).toFixed(1),
    "cpu p50": percentile(cpu, 50).toFixed(1),
    "cpu p95": percentile(cpu, 95).toFixed(1),
  });
}
// Wall time is what a request waits; CPU time is the work itself, which other processes on a
// busy machine do not inflate.
console.log(
  `load average ${loadavg()
    .map((n) => n.toFixed(2))
    .join(" ")} on ${cpus().length} CPUs`,
);
console.table(table);
await timePages();
if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
else console.log(dir);

/** The whole market page over HTTP from the production server: render, session and all. */
async function timePages() {
  if (!existsSync("build/server/index.js")) {
    console.log("HTTP: skipped — build the app first (npx react-router build)");
    return;
  }
  const { hashPassword } = await import("~/domain/accounts/password.server");
  const { users } = await import("#db/schema");
  const { eq } = await import("drizzle-orm");
  const { startServer } = await import("../tests/support/server");
  const { Client } = await import("../tests/support/http");
  const password = "bench-password";
  db.update(users)
    .set({ email: "bench@example.test", passwordHash: await hashPassword(password) })
    .where(eq(users.id, built.userId))
    .run();
  const server = await startServer();
  try {
    const client = await new Client(server.baseUrl).logIn("bench@example.test", password);
    const pages: [string, string][] = [
      ["/market", "/market"],
      ["/market, 30 km around Chengdu", "/market?near=30.659462,104.065735&radiusKm=30"],
      [
        "/market, range + payer by price",
        "/market?minTonnes=100&maxTonnes=500&payer=recycler&sort=price",
      ],
    ];
    const rows: Record<string, string>[] = [];
    for (const [name, path] of pages) {
      for (let i = 0; i < 5; i++) await client.get(path);
      const times: number[] = [];
      for (let i = 0; i < HTTP_ITERATIONS; i++) {
        const started = performance.now();
        const response = await client.get(path);
        times.push(performance.now() - started);
        if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
      }
      times.sort((a, b) => a - b);
      rows.push({
        page: name,
        "p50 ms": percentile(times, 50).toFixed(1),
        "p95 ms": percentile(times, 95).toFixed(1),
      });
    }
    console.log(
      `HTTP, full page (server render + network on loopback), ${HTTP_ITERATIONS} requests each:`,
    );
    console.table(rows);
  } finally {
    await server.stop();
  }
}
