/**
 * The province-scale data set of bench:dashboard: a throwaway Sichuan of 20,000 projects and
 * 2.1 million manifests over three years, with listings, orders, off-platform close-outs, alerts,
 * recycled-product deliveries and material-use reports. Shared by bench:dashboard and bench:http.
 *
 * Run as a script it builds the data set into DATABASE_PATH and adds a province and a Chengdu
 * officer (OFFICER_PASSWORD) whose department has published the closed months of the default
 * period, as bench:dashboard does before it times the pages over HTTP.
 */
import type Database from "better-sqlite3";
import type { Db } from "#db/client";
import { insertDivisions } from "#seed/factories";
import { rebuildMonthly } from "#seed/monthly";
import { drawsFrom, seededRandom } from "#seed/random";
import { addMonths, now, shanghaiDate, shanghaiMonth } from "~/domain/clock";
import { straightMetres } from "~/domain/geo";
import { divisions } from "~/domain/reference/divisions";
import { materialClassKeys, productTypes } from "~/domain/reference/products";
import { materialsByClass, wasteClassKeys } from "~/domain/reference/waste";
import { constructionWeight, divisionPool, organisationLoader } from "./bench-support";

export const YEARS = 3;
export const OFFICER_PASSWORD = "bench-password";
export const officerEmailFor = (divisionCode: string) => `bench-${divisionCode}@example.test`;
export const PROVINCE_OFFICER = officerEmailFor("510000");
export const CITY_OFFICER = officerEmailFor("510100");

type Facility = { id: number; orgId: number; type: string; code: string; lat: number; lon: number };

/** Builds the province into an empty, migrated database; the same seed gives the same data. */
export function buildProvince(
  db: Db,
  sqlite: Database.Database,
  size: { manifests: number; projects: number },
) {
  const MANIFESTS = size.manifests;
  const PROJECTS = size.projects;
  const rand = seededRandom(20_260_510);
  const { pick, between } = drawsFrom(rand);

  const DAY = 86_400_000;
  const HOUR = 3_600_000;
  const NOW = now().getTime();
  const START = NOW - YEARS * 365 * DAY;

  const spread = () => (rand() + rand() + rand() - 1.5) * 0.15;

  /** Drops a table's secondary indexes for the bulk load and gives back what rebuilds them. */
  function withoutIndexes(table: string) {
    const indexes = sqlite
      .prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
      )
      .all(table) as { name: string; sql: string }[];
    for (const i of indexes) sqlite.exec(`DROP INDEX "${i.name}"`);
    return () => {
      for (const i of indexes) sqlite.exec(i.sql);
    };
  }
  const started = performance.now();
  insertDivisions(db);
  const org = organisationLoader(sqlite, START);

  // Organisations, facilities, projects.
  const contractors: number[] = [];
  const recyclers: { id: number; code: string }[] = [];
  const facilities: Facility[] = [];
  const projects: {
    id: number;
    orgId: number;
    code: string;
    gov: boolean;
    lat: number;
    lon: number;
  }[] = [];
  const insertFacility = sqlite.prepare(
    `INSERT INTO facilities (org_id, name, type, division_code, address, lat, lon, accepted_classes,
       accepted_materials, annual_capacity_kg, approval_no, approval_expires_on, created_at)
     VALUES (?, ?, ?, ?, '', ?, ?, ?, ?, 500000000, ?, '2099-12-31', ?)`,
  );
  const insertProject = sqlite.prepare(
    `INSERT INTO projects (org_id, name, permit_no, division_code, address, lat, lon, kind,
       government_invested, gross_floor_area_m2, starts_on, created_at)
     VALUES (?, ?, ?, ?, '', ?, ?, ?, ?, 20000, ?, ?)`,
  );
  const classes = JSON.stringify(wasteClassKeys);
  const materials = JSON.stringify([...new Set(Object.values(materialsByClass).flat())]);
  sqlite.transaction(() => {
    for (let i = 0; i < Math.round(PROJECTS / 8); i++) {
      contractors.push(org("contractor", `Bench contractor ${i}`, pick(divisionPool).code));
    }
    for (const d of divisions) {
      const n = Math.max(2, constructionWeight(d.code) * 8);
      for (let i = 0; i < n; i++)
        recyclers.push({
          id: org("recycler", `Bench recycler ${d.code}-${i}`, d.code),
          code: d.code,
        });
    }
    for (const r of recyclers) {
      const types = [
        "recycling_plant",
        pick(["backfill_site", "landfill", "transfer_station", "recycling_plant"]),
      ];
      for (const type of types) {
        const d = divisions.find((x) => x.code === r.code) ?? divisions[0];
        const lat = (d?.lat ?? 30) + spread();
        const lon = (d?.lon ?? 104) + spread();
        const id = Number(
          insertFacility.run(
            r.id,
            `Bench ${type} ${facilities.length}`,
            type,
            r.code,
            lat,
            lon,
            classes,
            materials,
            `B${facilities.length}`,
            START,
          ).lastInsertRowid,
        );
        facilities.push({ id, orgId: r.id, type, code: r.code, lat, lon });
      }
    }
    for (let i = 0; i < PROJECTS; i++) {
      const d = pick(divisionPool);
      const orgId = pick(contractors);
      const gov = rand() < 0.25;
      const kind = pick(["new_build", "demolition", "renovation", "infrastructure"]);
      const lat = d.lat + spread();
      const lon = d.lon + spread();
      const id = Number(
        insertProject.run(
          orgId,
          `Bench site ${i}`,
          `P${i}`,
          d.code,
          lat,
          lon,
          kind,
          gov ? 1 : 0,
          shanghaiDate(new Date(START)),
          START,
        ).lastInsertRowid,
      );
      projects.push({ id, orgId, code: d.code, gov, lat, lon });
    }
  })();
  const facilitiesBy = new Map<string, Facility[]>();
  for (const f of facilities) {
    const key = `${f.code}|${f.type}`;
    facilitiesBy.set(key, [...(facilitiesBy.get(key) ?? []), f]);
  }
  const destinationFor = (wasteClass: string, code: string): Facility => {
    const r = rand();
    const type =
      wasteClass === "engineering_muck" || wasteClass === "engineering_mud"
        ? r < 0.6
          ? "backfill_site"
          : r < 0.85
            ? "landfill"
            : "transfer_station"
        : r < 0.72
          ? "recycling_plant"
          : r < 0.87
            ? "landfill"
            : r < 0.97
              ? "transfer_station"
              : "backfill_site";
    const here = facilitiesBy.get(`${rand() < 0.85 ? code : pick(divisions).code}|${type}`);
    return here?.length ? pick(here) : pick(facilities);
  };

  // Listings and orders: one order per listing, so manifests per order average ~21.
  type Order = {
    id: number;
    listingId: number;
    projectIndex: number;
    facility: Facility;
    wasteClass: string;
    startMs: number;
    trips: number;
  };
  const orders: Order[] = [];
  const insertListing = sqlite.prepare(
    `INSERT INTO waste_listings (project_id, org_id, division_code, waste_class, material, quantity_kg,
       allocated_kg, available_from, available_until, price_fen_per_tonne, payer, status, lat, lon,
       disposed_off_platform_kg, off_platform_destination, not_generated_kg, created_at, published_at, ended_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1500, 'producer', ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
  );
  const insertOrder = sqlite.prepare(
    `INSERT INTO waste_orders (listing_id, recycler_org_id, facility_id, route_m, quantity_kg, received_kg, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)`,
  );
  const tripsPerOrder = 21;
  const orderCount = Math.ceil(MANIFESTS / tripsPerOrder);
  const restoreListings = withoutIndexes("waste_listings");
  const restoreOrders = withoutIndexes("waste_orders");
  sqlite.transaction(() => {
    for (let i = 0; i < orderCount; i++) {
      const projectIndex = Math.floor(rand() * projects.length);
      const p = projects[projectIndex] as (typeof projects)[number];
      const wasteClass = pick(wasteClassKeys);
      const trips = between(5, 37);
      const startMs = START + Math.floor(rand() * (NOW - START - 3 * DAY));
      const endMs = startMs + trips * DAY;
      const closed = endMs < NOW - 2 * DAY;
      const offPlatform = closed && rand() < 0.3 ? between(5, 200) * 1000 : 0;
      const quantityKg = trips * 32_000 + offPlatform + 10_000;
      const facility = destinationFor(wasteClass, p.code);
      const listingId = Number(
        insertListing.run(
          p.id,
          p.orgId,
          p.code,
          wasteClass,
          pick(materialsByClass[wasteClass as keyof typeof materialsByClass]),
          quantityKg,
          trips * 32_000,
          shanghaiDate(new Date(startMs)),
          shanghaiDate(new Date(endMs + 30 * DAY)),
          closed ? "closed" : "open",
          p.lat,
          p.lon,
          offPlatform,
          offPlatform ? "外地消纳场" : "",
          startMs - DAY,
          startMs - DAY,
          closed ? endMs + DAY : null,
        ).lastInsertRowid,
      );
      const id = Number(
        insertOrder.run(
          listingId,
          facility.orgId,
          facility.id,
          straightMetres(p, facility),
          trips * 32_000,
          closed ? "completed" : "in_progress",
          startMs,
          startMs,
        ).lastInsertRowid,
      );
      orders.push({ id, listingId, projectIndex, facility, wasteClass, startMs, trips });
    }
  })();
  restoreListings();
  restoreOrders();

  // Trips: generated per order, then inserted in dispatch order as the real service numbers them.
  const n = orders.reduce((s, o) => s + o.trips, 0);
  const orderOf = new Uint32Array(n);
  const dispatched = new Float64Array(n);
  let k = 0;
  for (let o = 0; o < orders.length; o++) {
    const order = orders[o] as Order;
    for (let t = 0; t < order.trips; t++) {
      orderOf[k] = o;
      dispatched[k] = order.startMs + t * DAY + between(7, 18) * HOUR + between(0, 59) * 60_000;
      k++;
    }
  }
  const sequence = Array.from({ length: n }, (_, i) => i)
    .filter((i) => (dispatched[i] as number) < NOW - 10 * 60_000)
    .sort((a, b) => (dispatched[a] as number) - (dispatched[b] as number));
  const insertManifest = sqlite.prepare(
    `INSERT INTO manifests (id, manifest_no, order_id, listing_id, project_id, producer_org_id, division_code,
       facility_id, facility_type, recycler_org_id, waste_class, vehicle_plate, driver_name, hauler,
       estimated_kg, dispatched_at, status, weighbridge_ticket, gross_kg, tare_kg, net_kg, received_at,
       reject_reason, void_reason, voided_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '张伟', '成都渣土运输有限公司', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAlert = sqlite.prepare(
    `INSERT INTO alerts (kind, manifest_id, producer_org_id, recycler_org_id, division_code, details, raised_at, resolved_at)
     VALUES (?, ?, ?, ?, ?, '{}', ?, ?)`,
  );
  const receivedKg = new Float64Array(orders.length);
  const restoreManifests = withoutIndexes("manifests");
  const restoreAlerts = withoutIndexes("alerts");
  const BATCH = 100_000;
  for (let from = 0; from < sequence.length; from += BATCH) {
    sqlite.transaction(() => {
      for (let s = from; s < Math.min(sequence.length, from + BATCH); s++) {
        const i = sequence[s] as number;
        const o = orderOf[i] as number;
        const order = orders[o] as Order;
        const p = projects[order.projectIndex] as (typeof projects)[number];
        const id = s + 1;
        const at = dispatched[i] as number;
        const estimatedKg = between(20, 32) * 1000;
        const r = rand();
        const lost = r < 0.0005; // never arrived: an open unclosed-manifest alert
        const inTransit = lost || at > NOW - 3 * HOUR;
        const voided = !inTransit && r < 0.009;
        const rejected = !inTransit && !voided && r < 0.024;
        const off = r > 0.99; // weighed far from the estimate
        const netKg = Math.round((estimatedKg * (off ? 1.3 : 0.9 + rand() * 0.18)) / 10) * 10;
        const tareKg = between(140, 170) * 100;
        const receivedAt = at + between(40, 240) * 60_000;
        const status = inTransit
          ? "dispatched"
          : voided
            ? "voided"
            : rejected
              ? "rejected"
              : "received";
        const weighed = status === "received" || status === "rejected";
        insertManifest.run(
          id,
          `SC${shanghaiDate(new Date(at)).replaceAll("-", "")}${String(id).padStart(7, "0")}`,
          order.id,
          order.listingId,
          p.id,
          p.orgId,
          p.code,
          order.facility.id,
          order.facility.type,
          order.facility.orgId,
          order.wasteClass,
          `川A${String(10000 + (id % 90000))}`,
          estimatedKg,
          at,
          status,
          weighed ? `WB${id}` : null,
          weighed ? netKg + tareKg : null,
          weighed ? tareKg : null,
          weighed ? netKg : null,
          weighed ? receivedAt : null,
          rejected ? "混入生活垃圾" : null,
          voided ? "车辆故障" : null,
          voided ? at + HOUR : null,
        );
        if (status === "received") receivedKg[o] = (receivedKg[o] as number) + netKg;
        if (weighed && off)
          insertAlert.run(
            "weight_discrepancy",
            id,
            p.orgId,
            order.facility.orgId,
            p.code,
            receivedAt,
            null,
          );
        if (lost)
          insertAlert.run(
            "unclosed_manifest",
            id,
            p.orgId,
            order.facility.orgId,
            p.code,
            at + 6 * HOUR,
            null,
          );
      }
    })();
  }
  restoreManifests();
  restoreAlerts();
  const setReceived = sqlite.prepare("UPDATE waste_orders SET received_kg = ? WHERE id = ?");
  sqlite.transaction(() => {
    for (let o = 0; o < orders.length; o++) setReceived.run(receivedKg[o], (orders[o] as Order).id);
  })();

  // Recycled products, orders and deliveries; monthly material-use reports of government projects.
  const plants = facilities.filter((f) => f.type === "recycling_plant");
  const insertProduct = sqlite.prepare(
    `INSERT INTO recycled_products (org_id, facility_id, product_type, name, standard, unit, mass_per_unit_g,
       price_fen_per_unit, stock_milli, recycled_content_pct, division_code, lat, lon, created_at)
     VALUES (?, ?, ?, ?, 'GB/T 25177-2010', ?, ?, 6000, 1000000000, 80, ?, 30, 104, ?)`,
  );
  const products: { id: number; orgId: number; unit: string }[] = [];
  const insertProductOrder = sqlite.prepare(
    `INSERT INTO product_orders (product_id, seller_org_id, buyer_org_id, project_id, quantity_milli,
       delivered_milli, unit_price_fen, amount_fen, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 6000, ?, 'delivered', ?, ?)`,
  );
  const insertDelivery = sqlite.prepare(
    `INSERT INTO deliveries (order_id, quantity_milli, vehicle_plate, delivered_at, confirmed_at, created_at)
     VALUES (?, ?, '川A12345', ?, ?, ?)`,
  );
  const insertReport = sqlite.prepare(
    `INSERT OR IGNORE INTO material_use_reports (project_id, material_class, month, total_kg, off_platform_recycled_kg, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  let deliveryCount = 0;
  let reportCount = 0;
  sqlite.transaction(() => {
    for (const plant of plants) {
      for (let i = 0; i < 2; i++) {
        const type = pick(productTypes);
        const unit = type.units[0] as string;
        const mass =
          unit === "t" ? 1_000_000 : unit === "m3" ? 1_600_000 : unit === "piece" ? 2_500 : 120_000;
        const id = Number(
          insertProduct.run(
            plant.orgId,
            plant.id,
            type.key,
            `${type.zh} ${i}`,
            unit,
            mass,
            plant.code,
            START,
          ).lastInsertRowid,
        );
        products.push({ id, orgId: plant.orgId, unit });
      }
    }
    for (let i = 0; i < PROJECTS * 1.5; i++) {
      const p = projects[Math.floor(rand() * projects.length)] as (typeof projects)[number];
      if (!p.gov && rand() < 0.5) continue;
      const product = pick(products);
      const deliveries = between(1, 6);
      const each = (product.unit === "piece" ? between(1, 40) * 1000 : between(5, 60)) * 1000;
      const at = START + Math.floor(rand() * (NOW - START - 10 * DAY));
      const orderId = Number(
        insertProductOrder.run(
          product.id,
          product.orgId,
          p.orgId,
          p.id,
          each * deliveries,
          each * deliveries,
          each * deliveries * 6,
          at,
          at,
        ).lastInsertRowid,
      );
      for (let d = 0; d < deliveries; d++) {
        const deliveredAt = at + (d + 1) * 2 * DAY;
        const confirmed = deliveredAt + between(1, 72) * HOUR;
        insertDelivery.run(
          orderId,
          each,
          deliveredAt,
          confirmed < NOW && rand() < 0.95 ? confirmed : null,
          deliveredAt,
        );
        deliveryCount++;
      }
    }
    const lastMonth = shanghaiMonth(new Date(NOW));
    for (const p of projects) {
      if (!p.gov) continue;
      const first = addMonths(lastMonth, -between(0, YEARS * 12 - 1));
      const classesUsed = [pick(materialClassKeys), pick(materialClassKeys)];
      for (let m = 0; m < 12; m++) {
        const month = addMonths(first, m);
        if (month > lastMonth) break;
        for (const materialClass of classesUsed) {
          const at = NOW;
          insertReport.run(
            p.id,
            materialClass,
            month,
            between(50, 800) * 1000,
            rand() < 0.3 ? between(1, 40) * 1000 : 0,
            at,
            at,
          );
          reportCount++;
        }
      }
    }
  })();
  db.transaction((tx) => rebuildMonthly(tx));
  console.log(
    `built ${PROJECTS.toLocaleString("en")} projects, ${facilities.length} facilities, ${orders.length.toLocaleString("en")} listings/orders, ${sequence.length.toLocaleString("en")} manifests, ${deliveryCount.toLocaleString("en")} deliveries, ${reportCount.toLocaleString("en")} usage reports in ${Math.round((performance.now() - started) / 1000)} s`,
  );
}

/**
 * A department officer of the division (created on first call), who logs in with
 * OFFICER_PASSWORD; its actor, for calling the department's functions in process.
 */
export async function officer(db: Db, sqlite: Database.Database, divisionCode: string) {
  const { hashPassword } = await import("~/domain/accounts/password.server");
  const { insertOrganisation, insertUser } = await import("#seed/factories");
  const email = officerEmailFor(divisionCode);
  if (!sqlite.prepare("SELECT 1 FROM users WHERE email = ?").get(email)) {
    const org = insertOrganisation(db, { kind: "department", divisionCode });
    insertUser(db, {
      orgId: org.id,
      role: "officer",
      passwordHash: await hashPassword(OFFICER_PASSWORD),
      email,
    });
  }
  const row = sqlite
    .prepare("SELECT id AS userId, org_id AS orgId FROM users WHERE email = ?")
    .get(email) as { userId: number; orgId: number };
  return {
    userId: row.userId,
    userName: "bench",
    email,
    role: "officer",
    orgId: row.orgId,
    orgKind: "department" as const,
    orgName: "Bench department",
    orgVerified: true,
    divisionCode,
  };
}

/** The officer's department publishes the closed months of the period; returns how many. */
export async function publishClosedMonths(
  publisher: Awaited<ReturnType<typeof officer>>,
  period: { from: string; to: string },
) {
  const { publishMonth, isClosedMonth } = await import("~/domain/department/publication.server");
  const { monthsOf } = await import("~/domain/metrics/scope.server");
  const { DomainError } = await import("~/domain/errors");
  let published = 0;
  for (const month of monthsOf(period).filter(isClosedMonth)) {
    try {
      await publishMonth(publisher, { month, explanation: "" });
    } catch (error) {
      // A kept database (BENCH_DATABASE) was published when it was built: nothing to restate.
      if (!(error instanceof DomainError && error.code === "publish.noDifference")) throw error;
    }
    published++;
  }
  return published;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // The client opens DATABASE_PATH when first imported.
  const { db, sqlite } = await import("#db/client");
  const { resolvePeriod } = await import("~/domain/stats/utilization.server");
  buildProvince(db, sqlite, {
    manifests: Number(process.env.BENCH_MANIFESTS ?? 2_100_000),
    projects: Number(process.env.BENCH_PROJECTS ?? 20_000),
  });
  const province = await officer(db, sqlite, "510000");
  await officer(db, sqlite, "510100");
  const published = await publishClosedMonths(province, resolvePeriod({}));
  console.log(`${published} months of the default period published by the province`);
  sqlite.close();
}
