/**
 * The department dashboard at provincial scale: builds a throwaway Sichuan — 20,000 projects,
 * 2.1 million manifests over three years, listings, orders, off-platform close-outs, alerts,
 * recycled-product deliveries and material-use reports — then times the real functions behind the
 * department's pages (the province and a city dashboard for 12 months, the drill-downs from the
 * province to one order's manifests), in process, and prints p50/p95/max with the share of each
 * part of the province dashboard.
 *
 *   npm run bench:dashboard   # BENCH_MANIFESTS=… BENCH_PROJECTS=… BENCH_ITERATIONS=… change sizes
 *
 * The database lives in a temporary directory (never data/app.db) and is deleted afterwards,
 * unless BENCH_KEEP=1 asks to keep it for a closer look; BENCH_DATABASE=<that file> times it
 * again without building.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { percentile } from "./bench-support";
import {
  buildProvince,
  OFFICER_PASSWORD,
  officer as provinceOfficer,
  publishClosedMonths,
} from "./province-data";

const MANIFESTS = Number(process.env.BENCH_MANIFESTS ?? 2_100_000);
const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 20_000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 60);
const WARM_UP = 5;

const reuse = process.env.BENCH_DATABASE;
const dir = reuse ? "" : mkdtempSync(join(tmpdir(), "rebuild-exchange-bench-dashboard-"));
process.env.DATABASE_PATH = reuse ?? join(dir, "bench.db");
process.env.SEED_DEMO = "false";

// The client opens DATABASE_PATH when first imported, so everything that touches it comes after.
const { db, sqlite } = await import("#db/client");

if (!reuse) buildProvince(db, sqlite, { manifests: MANIFESTS, projects: PROJECTS });

const { dashboard } = await import("~/domain/stats/dashboard.server");
const { divisionDrill, projectDrill, orderDrill } = await import("~/domain/stats/drill.server");
const { resolvePeriod } = await import("~/domain/stats/utilization.server");
const { areaMonths } = await import("~/domain/metrics/trips.server");
const { deliveredByClassIn } = await import("~/domain/stats/deliveries.server");
const { governmentCompliance } = await import("~/domain/metrics/compliance.server");
const { openAlertsByDivision } = await import("~/domain/stats/dashboard.server");
const { raiseDueAlerts } = await import("~/domain/alerts/alerts.server");
const { usageAlerts } = await import("~/domain/department/alerts.server");
const { areaTonnage } = await import("~/domain/stats/utilization.server");
const { divisionsOf } = await import("~/domain/metrics/scope.server");

const officer = (divisionCode: string) => ({
  userId: 1,
  userName: "bench",
  email: "bench@example.test",
  role: "officer",
  orgId: 1,
  orgKind: "department" as const,
  orgName: "Bench department",
  orgVerified: true,
  divisionCode,
});
const period = resolvePeriod({});
const province = officer("510000");
const chengdu = officer("510100");

/**
 * Times `work` after warming up: `iterations` runs, or fewer (but at least 5) when they would take
 * longer than the budget, so a slow measure keeps the whole run to a few minutes.
 */
async function time(
  name: string,
  work: () => Promise<unknown>,
  iterations = ITERATIONS,
  budgetMs = 20_000,
) {
  const first = performance.now();
  await work();
  const warmUps = performance.now() - first > 500 ? 1 : WARM_UP;
  for (let i = 1; i < warmUps; i++) await work();
  const times: number[] = [];
  const started = performance.now();
  while (
    times.length < iterations &&
    (times.length < 5 || performance.now() - started < budgetMs)
  ) {
    const at = performance.now();
    await work();
    times.push(performance.now() - at);
  }
  times.sort((a, b) => a - b);
  return {
    measure: name,
    runs: times.length,
    "p50 ms": percentile(times, 50).toFixed(1),
    "p95 ms": percentile(times, 95).toFixed(1),
    "max ms": (times.at(-1) as number).toFixed(1),
  };
}

const figures = await dashboard(province, period);
console.log(
  `period ${period.from} … ${period.to}: generated ${(figures.total.generatedKg / 1000).toLocaleString("en")} t, ${figures.total.manifests.toLocaleString("en")} received trips, ${figures.total.closure.dispatched.toLocaleString("en")} dispatched, ${figures.total.deliveries.toLocaleString("en")} deliveries, ${figures.compliance.judged.toLocaleString("en")} judged projects, ${figures.total.openAlerts.toLocaleString("en")} open alerts`,
);

// The busiest Chengdu project and its busiest order: the deepest pages of a city drill-down.
const busiestProject =
  (
    sqlite
      .prepare(
        `SELECT project_id AS id FROM stat_order_monthly
         WHERE division_code = '510100' AND month BETWEEN ? AND ?
         GROUP BY project_id ORDER BY sum(dispatched) DESC LIMIT 1`,
      )
      .get(period.from, period.to) as { id: number } | undefined
  )?.id ?? 0;
const busiestOrder =
  (
    sqlite
      .prepare(
        `SELECT order_id AS id FROM stat_order_monthly WHERE project_id = ?
         GROUP BY order_id ORDER BY sum(dispatched) DESC LIMIT 1`,
      )
      .get(busiestProject) as { id: number } | undefined
  )?.id ?? 0;

console.log("Server time of the department's pages (in process, exact figures):");
console.table([
  await time("province dashboard, 12 months", () => dashboard(province, period)),
  await time("city dashboard (Chengdu), 12 months", () => dashboard(chengdu, period)),
  await time("province drill-down (divisions, facilities)", () =>
    divisionDrill(province, "510000", period, 1),
  ),
  await time("city drill-down (Chengdu: projects, facilities)", () =>
    divisionDrill(chengdu, "510100", period, 1),
  ),
  await time("project drill-down (busiest Chengdu project)", () =>
    projectDrill(chengdu, busiestProject, period),
  ),
  await time("order drill-down (its busiest order, manifests)", () =>
    orderDrill(chengdu, busiestOrder, period, 1),
  ),
  await time("province alerts: projects below the usage rule", () => usageAlerts(province, 1)),
]);

const codes = divisionsOf("510000");
console.log(
  `Parts of the province dashboard (the period holds ${(sqlite.prepare("SELECT count(*) AS n FROM stat_order_monthly WHERE month BETWEEN ? AND ?").get(period.from, period.to) as { n: number }).n.toLocaleString("en")} order-months):`,
);
console.table([
  await time("tonnage (stat_monthly)", () => areaTonnage("510000", period)),
  await time("trips and deliveries (stat_area_monthly)", () => areaMonths(codes, period)),
  await time("deliveries by class (stat_delivered_monthly)", () =>
    deliveredByClassIn(codes, period),
  ),
  await time("usage compliance", () => governmentCompliance(codes, period, 10)),
  await time("open alerts", () => openAlertsByDivision(codes)),
  await time("unclosed-manifest sweep", () => raiseDueAlerts()),
]);

await timePages();

if (!reuse && !process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
else if (!reuse) console.log(dir);

/**
 * The department's pages over HTTP from the production server on the same database: session,
 * loader, server-rendered charts and tables, and the response on loopback.
 */
async function timePages() {
  if (!existsSync("build/server/index.js")) {
    console.log("HTTP: skipped — build the app first (npx react-router build)");
    return;
  }
  const { startServer } = await import("../tests/support/server");
  const { Client } = await import("../tests/support/http");
  const { dashboardGovernance } = await import("~/domain/department/publication.server");
  // A department publishes its months: the dashboard then checks each for a pending restatement.
  const publisher = await provinceOfficer(db, sqlite, "510000");
  const chengduOfficer = await provinceOfficer(db, sqlite, "510100");
  const published = await publishClosedMonths(publisher, period);
  console.log(`With ${published} months of the period published by the province:`);
  console.table([
    await time("province dashboard, 12 months", () => dashboard(province, period)),
    await time("its published months and their restatement check", () =>
      dashboardGovernance(publisher, period),
    ),
  ]);
  const server = await startServer();
  try {
    const provinceClient = await new Client(server.baseUrl).logIn(
      publisher.email,
      OFFICER_PASSWORD,
    );
    const chengduClient = await new Client(server.baseUrl).logIn(
      chengduOfficer.email,
      OFFICER_PASSWORD,
    );
    const range = `from=${period.from}&to=${period.to}`;
    const pages: [string, InstanceType<typeof Client>, string][] = [
      ["/department (province, 12 months)", provinceClient, `/department?${range}`],
      ["/department (Chengdu, 12 months)", chengduClient, `/department?${range}`],
      ["Chengdu drill-down page", chengduClient, `/department/division/510100?${range}`],
    ];
    const rows: Record<string, string>[] = [];
    for (const [name, client, path] of pages) {
      for (let i = 0; i < 3; i++) await client.get(path);
      const times: number[] = [];
      for (let i = 0; i < 30; i++) {
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
    console.log("HTTP, whole page (server render + response on loopback), 30 requests each:");
    console.table(rows);
  } finally {
    await server.stop();
  }
}
