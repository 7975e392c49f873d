/**
 * The department price index at provincial scale: builds a throwaway Sichuan — 270,000 waste
 * listings published over three years across the 21 divisions and a few thousand recycled
 * products — then times the real `priceIndex` in process for the province and for a city over 12
 * months (and a few other queries), each run computing afresh, and prints p50/p95/max.
 *
 *   npm run bench:prices   # BENCH_LISTINGS=… BENCH_PRODUCTS=… BENCH_ITERATIONS=… change sizes
 *
 * The database lives in a temporary directory (never data/app.db) and is deleted afterwards,
 * unless BENCH_KEEP=1 asks to keep it for a closer look; BENCH_DATABASE=<that file> times it
 * again without building.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { drawsFrom, seededRandom } from "#seed/random";
import { constructionWeight, divisionPool, organisationLoader, percentile } from "./bench-support";

const LISTINGS = Number(process.env.BENCH_LISTINGS ?? 270_000);
const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 4_000);
const PROJECTS = Math.max(100, Math.round(LISTINGS / 12));
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 100);
const WARM_UP = 5;
const YEARS = 3;

const reuse = process.env.BENCH_DATABASE;
const dir = reuse ? "" : mkdtempSync(join(tmpdir(), "rebuild-exchange-bench-prices-"));
process.env.DATABASE_PATH = reuse ?? join(dir, "bench.db");
process.env.SEED_DEMO = "false";

// The client opens DATABASE_PATH when first imported, so everything that touches it comes after.
const { db, sqlite } = await import("#db/client");
const { insertDivisions } = await import("#seed/factories");
const { divisions } = await import("~/domain/reference/divisions");
const { materialsByClass, wasteClassKeys } = await import("~/domain/reference/waste");
const { productTypes } = await import("~/domain/reference/products");
const { now, shanghaiDate } = await import("~/domain/clock");

const rand = seededRandom(20_260_511);
const { pick, between } = drawsFrom(rand);

const DAY = 86_400_000;
const NOW = now().getTime();
const START = NOW - YEARS * 365 * DAY;

/**
 * A price in fen around `typical` (log-spread to a third or three times it): mostly whole yuan
 * as people quote them, some to the fen, so the medians see many distinct prices.
 */
function price(typical: number) {
  const fen = Math.max(1, Math.round(typical * 3 ** ((rand() + rand() + rand()) / 1.5 - 1)));
  return rand() < 0.7 ? Math.max(100, Math.round(fen / 100) * 100) : fen;
}

function build() {
  const started = performance.now();
  insertDivisions(db);
  const org = organisationLoader(sqlite, START);
  const insertProject = sqlite.prepare(
    `INSERT INTO projects (org_id, name, permit_no, division_code, address, lat, lon, kind,
       government_invested, gross_floor_area_m2, starts_on, created_at)
     VALUES (?, ?, ?, ?, '', ?, ?, 'new_build', 0, 20000, ?, ?)`,
  );
  const insertFacility = sqlite.prepare(
    `INSERT INTO facilities (org_id, name, type, division_code, address, lat, lon, accepted_classes,
       accepted_materials, annual_capacity_kg, approval_no, approval_expires_on, created_at)
     VALUES (?, ?, 'recycling_plant', ?, '', ?, ?, ?, ?, 500000000, ?, '2099-12-31', ?)`,
  );
  const projects: { id: number; orgId: number; code: string; lat: number; lon: number }[] = [];
  const plants: { id: number; orgId: number; code: string }[] = [];
  const classes = JSON.stringify(wasteClassKeys);
  const materials = JSON.stringify([...new Set(Object.values(materialsByClass).flat())]);
  sqlite.transaction(() => {
    const contractors: number[] = [];
    for (let i = 0; i < Math.round(PROJECTS / 8); i++) {
      contractors.push(org("contractor", `Bench contractor ${i}`, pick(divisionPool).code));
    }
    for (let i = 0; i < PROJECTS; i++) {
      const d = pick(divisionPool);
      const orgId = pick(contractors);
      const id = Number(
        insertProject.run(
          orgId,
          `Bench site ${i}`,
          `P${i}`,
          d.code,
          d.lat,
          d.lon,
          shanghaiDate(new Date(START)),
          START,
        ).lastInsertRowid,
      );
      projects.push({ id, orgId, code: d.code, lat: d.lat, lon: d.lon });
    }
    for (const d of divisions) {
      for (let i = 0; i < Math.max(2, constructionWeight(d.code) * 8); i++) {
        const orgId = org("recycler", `Bench recycler ${d.code}-${i}`, d.code);
        const id = Number(
          insertFacility.run(
            orgId,
            `Bench plant ${d.code}-${i}`,
            d.code,
            d.lat,
            d.lon,
            classes,
            materials,
            `B${d.code}${i}`,
            START,
          ).lastInsertRowid,
        );
        plants.push({ id, orgId, code: d.code });
      }
    }
  })();

  // Listings: producers pay a gate fee for soil, slurry and mixed waste; recyclers pay for
  // concrete and metal. Each division has its own price level.
  const level = new Map(divisions.map((d) => [d.code, 0.7 + rand() * 0.6]));
  const insertListing = sqlite.prepare(
    `INSERT INTO waste_listings (project_id, org_id, division_code, waste_class, material, quantity_kg,
       available_from, available_until, price_fen_per_tonne, payer, status, lat, lon,
       created_at, published_at, ended_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const BATCH = 10_000;
  for (let done = 0; done < LISTINGS; done += BATCH) {
    sqlite.transaction(() => {
      for (let i = done; i < Math.min(LISTINGS, done + BATCH); i++) {
        const p = pick(projects);
        const wasteClass = pick(wasteClassKeys);
        const material = pick(materialsByClass[wasteClass]);
        // Older listings have lower ids, as they would in a real table.
        const createdMs = START + Math.floor((i / LISTINGS) * (NOW - START - DAY));
        const draft = rand() < 0.02;
        const publishedMs = draft ? null : createdMs + between(0, 48) * 3_600_000;
        const ended = !draft && publishedMs !== null && publishedMs < NOW - 60 * DAY;
        const status = draft ? "draft" : ended ? pick(["closed", "closed", "expired"]) : "open";
        const valuable = material === "concrete" || material === "metal";
        const typical = material === "metal" ? 150_000 : valuable ? 2_000 : 1_500;
        insertListing.run(
          p.id,
          p.orgId,
          p.code,
          wasteClass,
          material,
          between(5, 2000) * 1000,
          shanghaiDate(new Date(createdMs)),
          shanghaiDate(new Date(createdMs + between(10, 120) * DAY)),
          price(typical * (level.get(p.code) ?? 1)),
          valuable ? "recycler" : "producer",
          status,
          p.lat,
          p.lon,
          createdMs,
          publishedMs,
          ended ? (publishedMs as number) + between(10, 60) * DAY : null,
        );
      }
    })();
  }

  // Recycled products: created over the three years, a tenth since archived.
  const insertProduct = sqlite.prepare(
    `INSERT INTO recycled_products (org_id, facility_id, product_type, name, standard, unit, mass_per_unit_g,
       price_fen_per_unit, stock_milli, recycled_content_pct, division_code, lat, lon, status, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1000000, 80, ?, 30, 104, ?, ?)`,
  );
  sqlite.transaction(() => {
    for (let i = 0; i < PRODUCTS; i++) {
      const plant = pick(plants);
      const type = pick(productTypes);
      const unit = pick(type.units);
      const mass =
        unit === "t"
          ? 1_000_000
          : unit === "m3"
            ? between(1_300, 2_300) * 1000
            : unit === "piece"
              ? between(20, 250) * 100
              : between(40, 120) * 1000;
      // About ¥30–¥90 a tonne of aggregate; a brick or a square metre priced accordingly.
      const unitPrice = Math.max(1, Math.round((price(6_000) * mass) / 1_000_000));
      insertProduct.run(
        plant.orgId,
        plant.id,
        type.key,
        `${type.zh} ${i}`,
        type.standards[0],
        unit,
        mass,
        unitPrice,
        plant.code,
        rand() < 0.1 ? "archived" : "active",
        START + Math.floor(rand() * (NOW - START)),
      );
    }
  })();
  console.log(
    `built ${LISTINGS.toLocaleString("en")} listings, ${PROJECTS.toLocaleString("en")} projects, ${PRODUCTS.toLocaleString("en")} products in ${Math.round((performance.now() - started) / 1000)} s`,
  );
}

if (!reuse) build();

const { priceIndex } = await import("~/domain/stats/price-index.server");

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
const province = officer("510000");
const chengdu = officer("510100");
const ganzi = officer("513300");

// The index keeps a computed result until the newest audit event changes; an event written
// before each timed run (outside the timing) makes every run compute afresh.
const touch = sqlite.prepare(
  "INSERT INTO audit_events (at, action, entity_type, entity_id) VALUES (?, 'bench.touch', 'bench', '0')",
);
const afresh = () => touch.run(Date.now());

/**
 * Times `work` after warming up: `iterations` runs, or fewer (but at least 5) when they would take
 * longer than the budget, so a slow measure keeps the whole run to a few minutes.
 */
async function time(
  name: string,
  work: () => Promise<unknown>,
  before: () => unknown = afresh,
  budgetMs = 20_000,
) {
  const first = performance.now();
  before();
  await work();
  const warmUps = performance.now() - first > 500 ? 1 : WARM_UP;
  for (let i = 1; i < warmUps; i++) {
    before();
    await work();
  }
  const times: number[] = [];
  const cpu: number[] = [];
  const started = performance.now();
  while (
    times.length < ITERATIONS &&
    (times.length < 5 || performance.now() - started < budgetMs)
  ) {
    before();
    const at = performance.now();
    const cpuAt = process.cpuUsage();
    await work();
    const used = process.cpuUsage(cpuAt);
    times.push(performance.now() - at);
    cpu.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return {
    measure: name,
    runs: times.length,
    "p50 ms": percentile(times, 50).toFixed(1),
    "p95 ms": percentile(times, 95).toFixed(1),
    "max ms": (times.at(-1) as number).toFixed(1),
    "cpu p50": percentile(cpu, 50).toFixed(1),
    "cpu p95": percentile(cpu, 95).toFixed(1),
  };
}

const year = await priceIndex(province, {});
const inChengdu = await priceIndex(chengdu, {});
const counted = (rows: { gateFee: { listings: number }; pricePaid: { listings: number } }[]) =>
  rows.reduce((s, r) => s + r.gateFee.listings + r.pricePaid.listings, 0);
console.log(
  `period ${year.period.from} … ${year.period.to}: ${counted(year.waste).toLocaleString("en")} listings published in the province, ${counted(inChengdu.waste).toLocaleString("en")} in Chengdu; ${year.waste.length} waste rows, ${year.products.length} product rows`,
);
console.log(
  `load average ${loadavg()
    .map((n) => n.toFixed(2))
    .join(" ")} on ${cpus().length} CPUs`,
);
const threeYears = { from: year.period.from.replace(/^\d{4}/, (y) => String(Number(y) - 2)) };
// Wall time is what a request waits; CPU time is the work itself, which other processes on a
// busy machine do not inflate.
console.log("Server time of the price index (in process, exact medians, computed afresh):");
console.table([
  await time("province, 12 months", () => priceIndex(province, {})),
  await time("city (Chengdu), 12 months", () => priceIndex(chengdu, {})),
  await time("city (Ganzi, sparse), 12 months", () => priceIndex(ganzi, {})),
  await time("province → Chengdu, 12 months", () => priceIndex(province, { division: "510100" })),
  await time("province, one class and type, 12 months", () =>
    priceIndex(province, { wasteClass: "demolition_waste", productType: "recycled_solid_brick" }),
  ),
  await time("province, 36 months", () => priceIndex(province, threeYears)),
  await time(
    "province, 12 months, kept result",
    () => priceIndex(province, {}),
    () => undefined,
  ),
]);

if (!reuse && !process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
else if (!reuse) console.log(dir);
