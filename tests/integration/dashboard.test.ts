/**
 * The department's dashboard on randomized Sichuan data (a seeded generator, so a failure can be
 * replayed): every figure equals a recomputation from the raw rows AND the sum of the records on
 * its drill-down pages (division → projects and facilities → orders → manifests); the monthly
 * figures kept with the records equal a rebuild from them after many receipts and close-outs
 * through the real services; a city officer never sees another division; the definitions version
 * decides which waste classes count.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, writeTransaction } from "#db/client";
import {
  alerts,
  definitionVersions,
  deliveries,
  facilities,
  manifests,
  materialUseReports,
  productOrders,
  projects,
  recycledProducts,
  statAreaMonthly,
  statDeliveredMonthly,
  statFacilityMonthly,
  statMonthChanges,
  statMonthly,
  statOrderMonthly,
  statUsageMonthly,
  statUsageToDate,
  wasteListings,
  wasteOrders,
} from "#db/schema";
import { insertFacility, insertOrganisation, insertProject, insertUser } from "#seed/factories";
import { rebuildMonthly } from "#seed/monthly";
import { drawsFrom, seededRandom } from "#seed/random";
import type { Actor } from "~/domain/access/actor";
import { hashPassword } from "~/domain/accounts/password.server";
import { raiseDueAlerts } from "~/domain/alerts/alerts.server";
import { addMonths, now, shanghaiDayStart, shanghaiMonth } from "~/domain/clock";
import { DomainError } from "~/domain/errors";
import { haversineKm } from "~/domain/geo";
import { closeListing } from "~/domain/listings/lifecycle.server";
import { createListing } from "~/domain/listings/listings.server";
import {
  dispatchManifest,
  receiveManifest,
  voidManifest,
} from "~/domain/manifests/manifests.server";
import { definitionsFor } from "~/domain/metrics/definitions.server";
import type { Period } from "~/domain/metrics/scope.server";
import {
  acceptOrder,
  cancelOrder,
  claimListing,
  completeOrder,
} from "~/domain/orders/orders.server";
import {
  confirmDelivery,
  confirmProductOrder,
  placeProductOrder,
  recordDelivery,
} from "~/domain/products/orders.server";
import { divisions, PROVINCE_CODE } from "~/domain/reference/divisions";
import { productTypes } from "~/domain/reference/products";
import { materialsByClass, wasteClassKeys } from "~/domain/reference/waste";
import { getSetting } from "~/domain/settings/settings.server";
import { dashboard } from "~/domain/stats/dashboard.server";
import {
  complianceDrill,
  divisionDrill,
  facilityDrill,
  orderDrill,
  projectDrill,
} from "~/domain/stats/drill.server";
import { utilization } from "~/domain/stats/utilization.server";
import { reportMaterialUse } from "~/domain/usage/usage.server";
import { Client } from "../support/http";
import { type RunningServer, startServer } from "../support/server";
import { actorFor, makeWorld, TEST_PASSWORD, type World } from "../support/world";

const SEED = Number(process.env.DASHBOARD_SEED ?? 20_260_611);

const rand = seededRandom(SEED);
const { pick, between } = drawsFrom(rand);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Moves the services' clock (now()) to an instant; `null` puts it back. */
function clockAt(at: number | null) {
  if (at === null) delete process.env.CLOCK_OFFSET_MS;
  else process.env.CLOCK_OFFSET_MS = String(at - Date.now());
}

/** Runs a service at an instant of history. */
async function at<T>(instant: number, work: () => Promise<T>): Promise<T> {
  clockAt(instant);
  try {
    return await work();
  } finally {
    clockAt(null);
  }
}

const CURRENT = shanghaiMonth(new Date());
/** The dashboard's period: the 11 months before the current one. */
const period: Period = { from: addMonths(CURRENT, -11), to: addMonths(CURRENT, -1) };
const monthStart = (month: string) => shanghaiDayStart(`${month}-01`).getTime();
/** History runs from two months before the period to now. */
const HISTORY_START = monthStart(addMonths(period.from, -2));

const DIVISIONS = ["510100", "510700", "510600", "511500", "513400"];

let world: World;
let server: RunningServer;
let province: Actor;
let chengdu: Actor;
let mianyang: Actor;
const projectIds: number[] = [];
const orderIds: number[] = [];

type Party = { actor: () => Actor; email: string; orgId: number };

beforeAll(async () => {
  world = await makeWorld("dashboard");
  province = world.people.provinceOfficer.actor();
  chengdu = world.people.chengduOfficer.actor();
  mianyang = world.people.mianyangOfficer.actor();
  await build();
  server = await startServer();
}, 120_000);
afterAll(async () => {
  clockAt(null);
  await server?.stop();
});

async function party(kind: "contractor" | "recycler", divisionCode: string, n: number) {
  const org = insertOrganisation(db, { kind, name: `${kind} ${divisionCode} ${n}`, divisionCode });
  const user = insertUser(db, {
    orgId: org.id,
    role: "manager",
    passwordHash: await hashPassword(TEST_PASSWORD),
    email: `${kind}-${divisionCode}-${n}-${SEED}@example.test`,
  });
  return { actor: () => actorFor(user.id), email: user.email, orgId: org.id } satisfies Party;
}

const near = (code: string) => {
  const d = divisions.find((x) => x.code === code) ?? (divisions[0] as (typeof divisions)[number]);
  return { lat: d.lat + (rand() - 0.5) * 0.4, lon: d.lon + (rand() - 0.5) * 0.4 };
};

/** Random history through the real services, at random instants of the last 14 months. */
async function build() {
  const contractors = new Map<string, Party>();
  for (const code of DIVISIONS) contractors.set(code, await party("contractor", code, 1));
  const recyclers = [
    await party("recycler", "510100", 1),
    await party("recycler", "510700", 2),
    await party("recycler", "511500", 3),
  ];
  const types = ["recycling_plant", "backfill_site", "landfill", "transfer_station"] as const;
  const sites: { id: number; orgId: number; owner: Party; type: string }[] = [];
  for (let i = 0; i < 9; i++) {
    const owner = recyclers[i % recyclers.length] as Party;
    const code = pick(DIVISIONS);
    const type = types[i % types.length] as (typeof types)[number];
    const f = insertFacility(db, {
      orgId: owner.orgId,
      name: `Site ${type} ${i}`,
      type,
      divisionCode: code,
      ...near(code),
      acceptedClasses: [...wasteClassKeys],
      acceptedMaterials: [...new Set(Object.values(materialsByClass).flat())],
    });
    sites.push({ id: f.id, orgId: owner.orgId, owner, type });
  }
  const builtProjects: { id: number; code: string; gov: boolean; owner: Party }[] = [];
  for (let i = 0; i < 16; i++) {
    const code = i < DIVISIONS.length ? (DIVISIONS[i] as string) : pick(DIVISIONS);
    const owner = contractors.get(code) as Party;
    const gov = rand() < 0.5;
    const p = insertProject(db, {
      orgId: owner.orgId,
      name: `Project ${code}-${i}`,
      divisionCode: code,
      ...near(code),
      governmentInvested: gov,
    });
    builtProjects.push({ id: p.id, code, gov, owner });
    projectIds.push(p.id);
  }
  const nowMs = Date.now();
  const lastOf = (month: string) => monthStart(addMonths(month, 1));
  // Instants on both sides of the period's edges, so a trip can be dispatched in one month and
  // received in the next.
  const edges = [
    lastOf(addMonths(period.from, -1)) - HOUR,
    lastOf(period.to) - HOUR,
    lastOf(addMonths(period.from, 3)) - 2 * HOUR,
  ];

  let ticket = 0;
  for (let l = 0; l < 46; l++) {
    const project = pick(builtProjects);
    const contractor = project.owner;
    const wasteClass = pick(wasteClassKeys);
    const listedAt =
      l < edges.length * 2
        ? (edges[l % edges.length] as number) - between(2, 5) * DAY
        : HISTORY_START + Math.floor(rand() * (nowMs - HISTORY_START - 3 * DAY));
    const listing = await at(
      listedAt,
      async () =>
        await createListing(contractor.actor(), {
          projectId: project.id,
          wasteClass,
          material: pick(materialsByClass[wasteClass]),
          quantityKg: 400_000,
          availableFrom: "2020-01-01",
          availableUntil: "2099-12-31",
          priceFenPerTonne: between(5, 40) * 100,
          payer: "producer",
          description: "",
          publish: true,
        }),
    );
    const site = pick(sites);
    const order = await at(
      listedAt + HOUR,
      async () =>
        await claimListing(site.owner.actor(), listing.id, {
          facilityId: site.id,
          quantityKg: 300_000,
          note: "",
        }),
    );
    await at(listedAt + 2 * HOUR, async () => await acceptOrder(contractor.actor(), order.id));
    orderIds.push(order.id);
    const trips = between(1, 6);
    let open = false;
    let dispatchedAny = false;
    for (let k = 0; k < trips; k++) {
      const edge = l < edges.length * 2 && k === 0 ? (edges[l % edges.length] as number) : null;
      const dispatchedAt = edge ?? listedAt + (k + 1) * between(1, 9) * DAY + between(0, 20) * HOUR;
      if (dispatchedAt > nowMs - 2 * HOUR) break;
      const estimatedKg = between(15, 32) * 1000;
      const manifest = await at(
        dispatchedAt,
        async () =>
          await dispatchManifest(contractor.actor(), order.id, {
            vehiclePlate: `川A${String(10000 + ticket).slice(-5)}`,
            driverName: "张伟",
            hauler: "顺达运输",
            estimatedKg,
          }),
      );
      dispatchedAny = true;
      const outcome = edge !== null ? 0.5 : rand();
      const arrivedAt = dispatchedAt + between(1, 5) * HOUR;
      if (outcome > 0.92 || arrivedAt > nowMs) {
        open = true; // still in transit: an unclosed-manifest alert once it is overdue
        continue;
      }
      if (outcome > 0.86) {
        await at(
          dispatchedAt + HOUR,
          async () =>
            await voidManifest(contractor.actor(), manifest.id, { voidReason: "车辆故障" }),
        );
        continue;
      }
      ticket += 1;
      const off = rand() < 0.12 ? 1.35 : 0.9 + rand() * 0.18; // now and then far off the estimate
      const netKg = Math.round((estimatedKg * off) / 10) * 10;
      await at(
        arrivedAt,
        async () =>
          await receiveManifest(site.owner.actor(), manifest.id, {
            weighbridgeTicket: `WB-${SEED}-${ticket}`,
            grossKg: netKg + 15_000,
            tareKg: 15_000,
            decision: outcome > 0.8 ? "reject" : "accept",
            rejectReason: outcome > 0.8 ? "混入生活垃圾" : "",
          }),
      );
    }
    // Some listings are closed out, declaring what went elsewhere: part of "generated".
    if (!open && rand() < 0.55) {
      const closedAt = Math.min(nowMs - HOUR, listedAt + between(20, 60) * DAY);
      await at(closedAt, async () =>
        dispatchedAny
          ? await completeOrder(contractor.actor(), order.id)
          : await cancelOrder(contractor.actor(), order.id),
      );
      await at(
        closedAt + HOUR,
        async () =>
          await closeListing(contractor.actor(), listing.id, {
            disposedOffPlatformKg: rand() < 0.7 ? between(1, 60) * 1000 + between(0, 999) : 0,
            offPlatformDestination: "外地消纳场",
            closeNote: "",
          }),
      );
    }
  }

  // Recycled products with stock, sold to projects, delivered and (mostly) confirmed.
  const plants = sites.filter((s) => s.type === "recycling_plant");
  const products = plants.flatMap((plant, i) =>
    [pick(productTypes), pick(productTypes)].map((type, j) => {
      const unit = type.units[0] as "t" | "m3" | "piece";
      return db
        .insert(recycledProducts)
        .values({
          orgId: plant.orgId,
          facilityId: plant.id,
          productType: type.key,
          name: `${type.zh} ${i}-${j}`,
          standard: type.standards[0] ?? "GB/T 25177-2010",
          unit,
          massPerUnitG: unit === "t" ? 1_000_000 : unit === "m3" ? 1_600_000 : 2_500,
          priceFenPerUnit: 5_000,
          stockMilli: 1_000_000_000,
          recycledContentPct: 90,
          divisionCode: "510100",
          lat: 30.7,
          lon: 104.1,
          createdAt: new Date(HISTORY_START),
        })
        .returning()
        .get();
    }),
  );
  for (let o = 0; o < 24; o++) {
    const project = pick(builtProjects);
    const product = pick(products);
    const seller = (plants.find((p) => p.orgId === product.orgId) as (typeof plants)[number]).owner;
    const each = product.unit === "piece" ? between(100, 4000) * 1000 : between(5, 80) * 1000;
    const times = between(1, 3);
    const placedAt = HISTORY_START + Math.floor(rand() * (nowMs - HISTORY_START - 12 * DAY));
    const order = await at(
      placedAt,
      async () =>
        await placeProductOrder(project.owner.actor(), product.id, {
          projectId: project.id,
          quantityMilli: each * times,
          note: "",
        }),
    );
    await at(placedAt + HOUR, async () => await confirmProductOrder(seller.actor(), order.id));
    for (let d = 0; d < times; d++) {
      const deliveredAt = placedAt + (d + 1) * between(1, 3) * DAY;
      const delivery = await at(
        deliveredAt,
        async () =>
          await recordDelivery(seller.actor(), order.id, {
            vehiclePlate: "川A54321",
            quantityMilli: each,
          }),
      );
      if (rand() < 0.85) {
        await at(
          Math.min(nowMs - HOUR, deliveredAt + between(1, 30) * HOUR),
          async () => await confirmDelivery(project.owner.actor(), delivery.id),
        );
      }
    }
  }

  // Government-invested projects report their use of materials, month by month.
  for (const project of builtProjects.filter((p) => p.gov)) {
    const classes = [pick(["aggregate", "road_base", "masonry"]), "concrete_mortar"];
    for (let m = -12; m <= 0; m++) {
      if (rand() < 0.4) continue;
      const month = addMonths(CURRENT, m);
      for (const materialClass of classes) {
        const offPlatform = rand() < 0.3 ? between(1, 30) * 1000 : 0;
        const report = async (totalKg: number) =>
          await reportMaterialUse(
            project.owner.actor(),
            {
              projectId: project.id,
              materialClass: materialClass as "aggregate",
              month,
              totalKg,
              offPlatformRecycledKg: offPlatform,
              note: "",
            },
            offPlatform > 0 ? { file: "evidence.pdf", type: "application/pdf" } : undefined,
          );
        const totalKg = between(100, 3000) * 1000;
        try {
          await report(totalKg);
          // Some are corrected later: the month's report is filed again with another total.
          if (rand() < 0.25) await report(totalKg + between(1, 500) * 1000);
        } catch (error) {
          // More was delivered that month than drawn: the contractor reports a larger total.
          if (!(error instanceof DomainError)) throw error;
          await report(totalKg * 100);
        }
      }
    }
  }
  // Trips in transit past the threshold raise their alerts.
  await raiseDueAlerts();
}

// ── Recomputation from the raw rows (independent of app/domain/stats) ────────────────────────

const codesOf = (area: string) => (area === PROVINCE_CODE ? divisions.map((d) => d.code) : [area]);
const monthOf = (ms: number | Date | null) =>
  ms === null ? null : shanghaiMonth(ms instanceof Date ? ms : new Date(ms));
const inPeriod = (month: string | null) =>
  month !== null && month >= period.from && month <= period.to;
const type: Record<string, string> = {
  recycling_plant: "recycledKg",
  backfill_site: "backfilledKg",
  landfill: "landfilledKg",
  transfer_station: "transferredKg",
};

async function recompute(area: string) {
  const codes = codesOf(area);
  const definitions = await definitionsFor(period.to);
  const all = db
    .select()
    .from(manifests)
    .all()
    .filter((m) => codes.includes(m.divisionCode));
  const received = all.filter((m) => m.status === "received" && inPeriod(monthOf(m.receivedAt)));
  const closeOuts = db
    .select()
    .from(wasteListings)
    .all()
    .filter(
      (l) =>
        codes.includes(l.divisionCode) &&
        l.status === "closed" &&
        l.disposedOffPlatformKg > 0 &&
        inPeriod(monthOf(l.endedAt)),
    );
  const tonnage = (rows: typeof received, outs: typeof closeOuts) => {
    const t: Record<string, number> = {
      generatedKg: 0,
      recycledKg: 0,
      backfilledKg: 0,
      landfilledKg: 0,
      transferredKg: 0,
      offPlatformKg: 0,
      manifests: rows.length,
    };
    for (const m of rows) {
      t.generatedKg = (t.generatedKg ?? 0) + (m.netKg ?? 0);
      const key = type[m.facilityType] as string;
      t[key] = (t[key] ?? 0) + (m.netKg ?? 0);
    }
    for (const l of outs) {
      t.generatedKg = (t.generatedKg ?? 0) + l.disposedOffPlatformKg;
      t.offPlatformKg = (t.offPlatformKg ?? 0) + l.disposedOffPlatformKg;
    }
    return t;
  };
  const ofClasses = (classes: readonly string[]) =>
    tonnage(
      received.filter((m) => classes.includes(m.wasteClass)),
      closeOuts.filter((l) => classes.includes(l.wasteClass)),
    );
  const resource = ofClasses(definitions.resourceClasses);
  const comprehensive = ofClasses(definitions.comprehensiveClasses);

  const dispatched = all.filter((m) => m.status !== "voided" && inPeriod(monthOf(m.dispatchedAt)));
  const closure = {
    dispatched: dispatched.length,
    closed: dispatched.filter((m) => m.status === "received" || m.status === "rejected").length,
  };

  // Haul: the work (net kg × each order's straight-line metres) summed exactly, then × road
  // factor × g/(t·km), rounded once per figure.
  const roadFactor = await getSetting("roadFactor");
  const gPerTkm = await getSetting("haulCo2GramsPerTonneKm");
  const routes = new Map(
    db
      .select()
      .from(wasteOrders)
      .all()
      .map((o) => [o.id, o.routeM]),
  );
  const haulOf = (filter: (m: { divisionCode: string }) => boolean = () => true) => {
    const kgm = received
      .filter(filter)
      .reduce((s, m) => s + (m.netKg ?? 0) * (routes.get(m.orderId) ?? 0), 0);
    return { kgm, grams: Math.round((kgm * roadFactor * gPerTkm) / 1_000_000) };
  };

  // Confirmed deliveries to projects in the area, by confirmation month, grams.
  const delivered = db
    .select({ d: deliveries, o: productOrders, p: projects, r: recycledProducts })
    .from(deliveries)
    .innerJoin(productOrders, eq(productOrders.id, deliveries.orderId))
    .innerJoin(projects, eq(projects.id, productOrders.projectId))
    .innerJoin(recycledProducts, eq(recycledProducts.id, productOrders.productId))
    .all()
    .filter((r) => codes.includes(r.p.divisionCode) && inPeriod(monthOf(r.d.confirmedAt)))
    .map((r) => ({
      projectId: r.p.id,
      divisionCode: r.p.divisionCode,
      month: monthOf(r.d.confirmedAt),
      materialClass: productTypes.find((t) => t.key === r.r.productType)?.materialClass,
      grams: Math.trunc((r.d.quantityMilli * r.r.massPerUnitG) / 1000),
    }));

  // The usage rule over the period's reports.
  const reports = db
    .select({ r: materialUseReports, p: projects })
    .from(materialUseReports)
    .innerJoin(projects, eq(projects.id, materialUseReports.projectId))
    .all()
    .filter(
      (x) => x.p.governmentInvested && codes.includes(x.p.divisionCode) && inPeriod(x.r.month),
    );
  const judged = new Map<number, boolean>();
  const byProjectClass = new Map<string, { total: number; off: number }>();
  for (const { r } of reports) {
    const key = `${r.projectId}|${r.materialClass}`;
    const v = byProjectClass.get(key) ?? { total: 0, off: 0 };
    v.total += r.totalKg;
    v.off += r.offPlatformRecycledKg;
    byProjectClass.set(key, v);
  }
  for (const [key, v] of byProjectClass) {
    if (v.total <= 0) continue;
    const [projectId, materialClass] = key.split("|");
    const recycled =
      delivered
        .filter((d) => d.projectId === Number(projectId) && d.materialClass === materialClass)
        .reduce((s, d) => s + d.grams, 0) +
      v.off * 1000;
    const ok = recycled * 100 >= v.total * 1000 * definitions.usageTargetPct;
    judged.set(Number(projectId), (judged.get(Number(projectId)) ?? true) && ok);
  }

  const openAlerts = db
    .select()
    .from(alerts)
    .all()
    .filter((a) => a.resolvedAt === null && codes.includes(a.divisionCode));

  const byMonth = new Map<string, Record<string, number>>();
  for (let m = period.from; m <= period.to; m = addMonths(m, 1)) {
    byMonth.set(m, {
      ...tonnage(
        received.filter((x) => monthOf(x.receivedAt) === m),
        closeOuts.filter((x) => monthOf(x.endedAt) === m),
      ),
      dispatched: dispatched.filter((x) => monthOf(x.dispatchedAt) === m).length,
      deliveredGrams: delivered.filter((d) => d.month === m).reduce((s, d) => s + d.grams, 0),
    });
  }
  const byDivision = new Map(
    codes.map((code) => [
      code,
      {
        ...tonnage(
          received.filter((x) => x.divisionCode === code),
          closeOuts.filter((x) => x.divisionCode === code),
        ),
        dispatched: dispatched.filter((x) => x.divisionCode === code).length,
        closed: dispatched.filter(
          (x) => x.divisionCode === code && (x.status === "received" || x.status === "rejected"),
        ).length,
        haulKgm: haulOf((m) => m.divisionCode === code).kgm,
        haulGrams: haulOf((m) => m.divisionCode === code).grams,
        deliveredGrams: delivered
          .filter((d) => d.divisionCode === code)
          .reduce((s, d) => s + d.grams, 0),
        openAlerts: openAlerts.filter((a) => a.divisionCode === code).length,
      },
    ]),
  );
  const byClass = new Map(
    wasteClassKeys.map((c) => [
      c,
      tonnage(
        received.filter((x) => x.wasteClass === c),
        closeOuts.filter((x) => x.wasteClass === c),
      ),
    ]),
  );
  return {
    definitions,
    total: tonnage(received, closeOuts),
    resource: { partKg: resource.recycledKg, wholeKg: resource.generatedKg },
    comprehensive: {
      partKg: (comprehensive.recycledKg ?? 0) + (comprehensive.backfilledKg ?? 0),
      wholeKg: comprehensive.generatedKg,
    },
    closure,
    haulKgm: haulOf().kgm,
    haulGrams: haulOf().grams,
    deliveredGrams: delivered.reduce((s, d) => s + d.grams, 0),
    deliveries: delivered.length,
    openAlerts: openAlerts.length,
    compliance: {
      judged: judged.size,
      complying: [...judged.values()].filter(Boolean).length,
      complyingIds: [...judged]
        .filter(([, ok]) => ok)
        .map(([id]) => id)
        .sort((a, b) => a - b),
    },
    byMonth,
    byDivision,
    byClass,
    received,
    closeOuts,
  };
}

const tonnageOf = (t: Record<string, unknown>) => ({
  generatedKg: t.generatedKg,
  recycledKg: t.recycledKg,
  backfilledKg: t.backfilledKg,
  landfilledKg: t.landfilledKg,
  transferredKg: t.transferredKg,
  offPlatformKg: t.offPlatformKg,
  manifests: t.manifests,
});

type Summable = {
  generatedKg: number;
  recycledKg: number;
  backfilledKg: number;
  landfilledKg: number;
  transferredKg: number;
  offPlatformKg: number;
  manifests: number;
  closure: { dispatched: number; closed: number; received: number; rejected: number; open: number };
  haulKgm: number;
  haulNetKg: number;
  deliveredGrams: number;
  deliveries: number;
};

/** The figures a drill-down row carries, summed over rows. */
function sum(rows: readonly Summable[]) {
  const s = {
    generatedKg: 0,
    recycledKg: 0,
    backfilledKg: 0,
    landfilledKg: 0,
    transferredKg: 0,
    offPlatformKg: 0,
    manifests: 0,
    dispatched: 0,
    closed: 0,
    haulKgm: 0,
    deliveredGrams: 0,
    deliveries: 0,
  };
  for (const r of rows) {
    s.generatedKg += r.generatedKg;
    s.recycledKg += r.recycledKg;
    s.backfilledKg += r.backfilledKg;
    s.landfilledKg += r.landfilledKg;
    s.transferredKg += r.transferredKg;
    s.offPlatformKg += r.offPlatformKg;
    s.manifests += r.manifests;
    s.dispatched += r.closure.dispatched;
    s.closed += r.closure.closed;
    s.haulKgm += r.haulKgm;
    s.deliveredGrams += r.deliveredGrams;
    s.deliveries += r.deliveries;
  }
  return s;
}
const summed = (r: Summable) => sum([r]);
const without = <T extends Record<string, number>>(s: T, ...keys: (keyof T)[]) =>
  Object.fromEntries(Object.entries(s).filter(([k]) => !keys.includes(k as keyof T)));

/** Every project row of a division's drill-down, all pages (small pages, so there are several). */
async function allProjectRows(actor: Actor, code: string, pageSize = 3) {
  const first = await divisionDrill(actor, code, period, 1, pageSize);
  if (first.kind !== "division") throw new Error("not a division");
  const rows = [...first.projects.rows];
  for (let page = 2; page <= first.projects.pageCount; page++) {
    const next = await divisionDrill(actor, code, period, page, pageSize);
    if (next.kind === "division") rows.push(...next.projects.rows);
  }
  expect(new Set(rows.map((r) => r.projectId)).size).toBe(first.projects.total);
  return { drill: first, rows };
}

async function domainStatus(work: () => Promise<unknown>): Promise<number> {
  try {
    await work();
  } catch (error) {
    if (error instanceof DomainError) return error.status;
    throw error;
  }
  return 200;
}

describe("the randomized history", () => {
  it("has every kind of record the figures draw on", async () => {
    const rows = db.select().from(manifests).all();
    const statuses = new Set(rows.map((m) => m.status));
    expect([...statuses].sort()).toEqual(["dispatched", "received", "rejected", "voided"]);
    const types = new Set(rows.map((m) => m.facilityType));
    expect(types.size).toBe(4);
    expect(new Set(rows.map((m) => m.divisionCode)).size).toBeGreaterThanOrEqual(4);
    const crossing = rows.filter(
      (m) => m.receivedAt && monthOf(m.receivedAt) !== monthOf(m.dispatchedAt),
    );
    expect(crossing.length).toBeGreaterThan(0);
    const figures = await recompute(PROVINCE_CODE);
    expect(figures.total.offPlatformKg).toBeGreaterThan(0);
    expect(figures.deliveredGrams).toBeGreaterThan(0);
    expect(figures.compliance.judged).toBeGreaterThan(0);
    expect(figures.openAlerts).toBeGreaterThan(0);
    expect(figures.closure.closed).toBeLessThan(figures.closure.dispatched);
  });
});

describe("the monthly tables, kept in the transactions that write the records", () => {
  /** A table's rows that hold anything, in key order (a voided trip can leave a row of zeros). */
  const rowsOf = (
    table:
      | typeof statMonthly
      | typeof statOrderMonthly
      | typeof statDeliveredMonthly
      | typeof statAreaMonthly
      | typeof statFacilityMonthly
      | typeof statUsageMonthly
      | typeof statUsageToDate,
    key: (r: Record<string, unknown>) => string,
    measures: string[],
  ) =>
    (db.select().from(table).all() as Record<string, unknown>[])
      .filter((r) => measures.some((m) => r[m] !== 0))
      .map((r): Record<string, unknown> & { key: string } => ({ ...r, key: key(r) }))
      .sort((a, b) => a.key.localeCompare(b.key));
  const read = () => ({
    monthly: rowsOf(
      statMonthly,
      (r) => [r.month, r.divisionCode, r.wasteClass, r.facilityType].join("|"),
      ["netKg", "trips"],
    ),
    orders: rowsOf(statOrderMonthly, (r) => [r.divisionCode, r.month, r.orderId].join("|"), [
      "receivedKg",
      "received",
      "dispatched",
      "closed",
      "rejected",
    ]),
    areas: rowsOf(statAreaMonthly, (r) => [r.divisionCode, r.month].join("|"), [
      "receivedKg",
      "received",
      "dispatched",
      "closed",
      "rejected",
      "routeKgm",
      "deliveredGrams",
    ]),
    facilities: rowsOf(
      statFacilityMonthly,
      (r) => [r.divisionCode, r.month, r.facilityId].join("|"),
      ["receivedKg", "received", "dispatched", "closed", "rejected", "routeKgm"],
    ),
    usageToDate: rowsOf(
      statUsageToDate,
      (r) => [r.divisionCode, r.projectId, r.materialClass].join("|"),
      ["totalKg", "offPlatformKg", "deliveredGrams"],
    ),
    usage: rowsOf(
      statUsageMonthly,
      (r) => [r.divisionCode, r.month, r.projectId, r.materialClass].join("|"),
      ["totalKg", "offPlatformKg", "deliveredGrams"],
    ),
    delivered: rowsOf(
      statDeliveredMonthly,
      (r) => [r.divisionCode, r.month, r.projectId, r.productType].join("|"),
      ["grams", "deliveries"],
    ),
  });

  it("equal a rebuild from the manifests, close-outs and deliveries after all those services ran", () => {
    const kept = read();
    expect(kept.monthly.length).toBeGreaterThan(10);
    expect(kept.orders.length).toBeGreaterThan(10);
    expect(kept.delivered.length).toBeGreaterThan(3);
    expect(kept.areas.length).toBeGreaterThan(10);
    expect(kept.usage.length).toBeGreaterThan(3);
    expect(kept.usageToDate.length).toBeGreaterThan(3);
    expect(kept.facilities.length).toBeGreaterThan(10);
    // The services exercised every kind of trip event the table keeps.
    const sum = (key: "dispatched" | "closed" | "rejected" | "received") =>
      kept.orders.reduce((s, r) => s + (r[key] as number), 0);
    expect(sum("rejected")).toBeGreaterThan(0);
    expect(sum("closed")).toBeLessThan(sum("dispatched"));
    expect(
      db.select().from(manifests).where(eq(manifests.status, "voided")).all().length,
    ).toBeGreaterThan(0);
    // Every division-month the services changed is stamped, so a published month whose figures
    // changed is always among those the restatement check recomputes.
    const stamped = new Set(
      db
        .select()
        .from(statMonthChanges)
        .all()
        .map((r) => `${r.divisionCode}|${r.month}`),
    );
    const changed = [...kept.monthly, ...kept.areas, ...kept.usage].map(
      (r) => `${r.divisionCode}|${r.month}`,
    );
    expect(changed.filter((key) => !stamped.has(key))).toEqual([]);
    writeTransaction((tx) => rebuildMonthly(tx));
    expect(read()).toEqual(kept);
  });

  it("records each order's route when it is made: its project to its facility in a straight line", () => {
    const orders = db
      .select({ order: wasteOrders, project: projects, facility: facilities })
      .from(wasteOrders)
      .innerJoin(wasteListings, eq(wasteListings.id, wasteOrders.listingId))
      .innerJoin(projects, eq(projects.id, wasteListings.projectId))
      .innerJoin(facilities, eq(facilities.id, wasteOrders.facilityId))
      .all();
    expect(orders.length).toBeGreaterThan(10);
    for (const { order, project, facility } of orders) {
      expect(order.routeM).toBe(Math.round(haversineKm(project, facility) * 1000));
    }
  });
});

describe.each([
  ["the province", PROVINCE_CODE, () => province],
  ["a city (Chengdu)", "510100", () => chengdu],
])("the dashboard of %s", (_name, area, officer) => {
  it("equals a recomputation from the raw rows", async () => {
    const figures = await dashboard(officer(), period);
    const raw = await recompute(area);
    expect(figures.jurisdiction).toBe(area);
    expect(figures.definitions.id).toBe(raw.definitions.id);
    expect(tonnageOf(figures.total)).toEqual(raw.total);
    expect(figures.total.resource).toMatchObject(raw.resource);
    expect(figures.total.comprehensive).toMatchObject(raw.comprehensive);
    expect(figures.total.closure).toMatchObject(raw.closure);
    expect(figures.total.haulKgm).toBe(raw.haulKgm);
    expect(figures.total.haulKgm).toBeGreaterThan(0);
    expect(figures.total.haulGrams).toBe(raw.haulGrams);
    expect(figures.total.deliveredGrams).toBe(raw.deliveredGrams);
    expect(figures.total.deliveries).toBe(raw.deliveries);
    expect(figures.total.openAlerts).toBe(raw.openAlerts);
    expect(figures.total.avoidedGrams).toBe(
      Math.round(
        ((raw.total.recycledKg as number) * (await getSetting("avoidedCo2GramsPerTonne"))) / 1000,
      ),
    );
    expect({ judged: figures.compliance.judged, complying: figures.compliance.complying }).toEqual({
      judged: raw.compliance.judged,
      complying: raw.compliance.complying,
    });
    for (const m of figures.byMonth) {
      const r = raw.byMonth.get(m.month) as Record<string, number>;
      expect(tonnageOf(m)).toEqual(tonnageOf(r));
      expect(m.closure.dispatched).toBe(r.dispatched);
      expect(m.deliveredGrams).toBe(r.deliveredGrams);
    }
    for (const c of figures.byClass) {
      expect(tonnageOf(c)).toEqual(
        raw.byClass.get(c.wasteClass as (typeof wasteClassKeys)[number]),
      );
    }
    if (area === PROVINCE_CODE) {
      expect(figures.byDivision).toHaveLength(divisions.length);
      for (const d of figures.byDivision) {
        const r = raw.byDivision.get(d.divisionCode) as Record<string, number>;
        expect(tonnageOf(d)).toEqual(tonnageOf(r));
        expect([d.closure.dispatched, d.closure.closed]).toEqual([r.dispatched, r.closed]);
        expect([d.haulKgm, d.haulGrams, d.deliveredGrams, d.openAlerts]).toEqual([
          r.haulKgm,
          r.haulGrams,
          r.deliveredGrams,
          r.openAlerts,
        ]);
      }
    } else {
      expect(figures.byDivision).toEqual([]);
    }
    // The months add up to the period.
    expect(sum(figures.byMonth)).toEqual(summed(figures.total));
  });

  it("equals the sum of the records on its drill-down pages, down to the manifests", async () => {
    const figures = await dashboard(officer(), period);
    const top = await divisionDrill(officer(), area, period, 1, Number.MAX_SAFE_INTEGER);
    expect(summed(top.figures.total)).toEqual(summed(figures.total));
    const codes =
      top.kind === "province" ? top.figures.byDivision.map((d) => d.divisionCode) : [area];
    if (top.kind === "province") {
      // The province's page: its divisions add up to it.
      expect(sum(top.figures.byDivision)).toEqual(summed(figures.total));
      expect(top.figures.byDivision.reduce((s, d) => s + d.openAlerts, 0)).toBe(
        figures.total.openAlerts,
      );
    }
    // Facilities: what they received from the area is the area's received tonnes.
    const fromFacilities = sum(top.facilities.rows);
    expect(fromFacilities.generatedKg).toBe(
      figures.total.generatedKg - figures.total.offPlatformKg,
    );
    expect(
      without(fromFacilities, "generatedKg", "offPlatformKg", "deliveredGrams", "deliveries"),
    ).toEqual(
      without(
        summed(figures.total),
        "generatedKg",
        "offPlatformKg",
        "deliveredGrams",
        "deliveries",
      ),
    );
    for (const code of codes) {
      const division =
        top.kind === "province"
          ? (top.figures.byDivision.find((d) => d.divisionCode === code) as Summable)
          : top.figures.total;
      const { drill, rows } = await allProjectRows(officer(), code);
      expect(sum(rows)).toEqual(summed(division));
      for (const row of rows) {
        const project = await projectDrill(officer(), row.projectId, period);
        const orders = sum(project.orders);
        const closeOutKg = project.closeOuts.reduce((s, c) => s + c.kg, 0);
        const deliveredGrams = project.deliveries.reduce((s, d) => s + d.grams, 0);
        expect({
          ...orders,
          generatedKg: orders.generatedKg + closeOutKg,
          offPlatformKg: closeOutKg,
          deliveredGrams,
          deliveries: project.deliveries.length,
        }).toEqual(summed(row));
        expect(summed(project.total)).toEqual(summed(row));
        expect(row.complies).toBe(project.compliance ? project.compliance.complies : null);
        for (const o of project.orders) {
          const order = await orderDrill(officer(), o.order.id, period);
          const trips = [...order.manifests.rows];
          for (let page = 2; page <= order.manifests.pageCount; page++) {
            trips.push(...(await orderDrill(officer(), o.order.id, period, page)).manifests.rows);
          }
          const counted = trips.filter((m) => m.countsTonnes);
          expect(counted.reduce((s, m) => s + (m.netKg ?? 0), 0)).toBe(o.generatedKg);
          expect(counted.length).toBe(o.manifests);
          const closure = trips.filter((m) => m.countsClosure);
          expect(closure.length).toBe(o.closure.dispatched);
          expect(
            closure.filter((m) => m.status === "received" || m.status === "rejected").length,
          ).toBe(o.closure.closed);
          expect(summed(order.figures)).toEqual(summed(o));
        }
      }
      const facilityRows = (
        await divisionDrill(officer(), code, period, 1, Number.MAX_SAFE_INTEGER)
      ).facilities.rows;
      expect(facilityRows.length).toBe(drill.facilities.total);
      for (const f of facilityRows) {
        const facility = await facilityDrill(officer(), f.facility.id, code, period);
        expect(sum(facility.orders)).toEqual(summed(f));
      }
    }
    // The usage rule: the dashboard's count and list are the compliance page's.
    const compliance = await complianceDrill(officer(), area, period);
    expect([compliance.judged, compliance.complying]).toEqual([
      figures.compliance.judged,
      figures.compliance.complying,
    ]);
    const judged = [...compliance.projects.rows];
    for (let page = 2; page <= compliance.projects.pageCount; page++) {
      judged.push(...(await complianceDrill(officer(), area, period, page)).projects.rows);
    }
    expect(judged).toHaveLength(compliance.judged);
    const listed = judged.filter((p) => p.complies).map((p) => p.projectId);
    expect(listed.sort((a, b) => a - b)).toEqual((await recompute(area)).compliance.complyingIds);
    expect(figures.compliance.projects.map((p) => p.projectId).sort((a, b) => a - b)).toEqual(
      listed.slice(0, 20),
    );
  });
});

describe("scoping", () => {
  it("never shows a city officer another division, through the domain", async () => {
    const mine = await dashboard(chengdu, period);
    expect(mine.byDivision).toEqual([]);
    expect((await utilization(chengdu, period)).byDivision).toEqual([]);
    expect(await domainStatus(async () => await divisionDrill(chengdu, "510700", period))).toBe(
      404,
    );
    expect(
      await domainStatus(async () => await divisionDrill(chengdu, PROVINCE_CODE, period)),
    ).toBe(404);
    expect(await domainStatus(async () => await complianceDrill(chengdu, "510700", period))).toBe(
      404,
    );
    expect(await domainStatus(async () => await divisionDrill(chengdu, "510100", period))).toBe(
      200,
    );
    expect(await domainStatus(async () => await divisionDrill(province, "510700", period))).toBe(
      200,
    );
    const elsewhere = db
      .select()
      .from(projects)
      .all()
      .filter((p) => p.divisionCode !== "510100");
    for (const p of elsewhere) {
      expect(await domainStatus(async () => await projectDrill(chengdu, p.id, period))).toBe(404);
      expect(await domainStatus(async () => await projectDrill(province, p.id, period))).toBe(200);
    }
    const foreignOrders = db
      .select({ id: manifests.orderId, divisionCode: manifests.divisionCode })
      .from(manifests)
      .all()
      .filter((m) => m.divisionCode !== "510100");
    for (const o of foreignOrders.slice(0, 10)) {
      expect(await domainStatus(async () => await orderDrill(chengdu, o.id, period))).toBe(404);
    }
    // A facility elsewhere shows only what it took from Chengdu, never another city's trips.
    for (const f of db.select().from(facilities).all()) {
      const status = await domainStatus(
        async () => await facilityDrill(chengdu, f.id, "510100", period),
      );
      if (status === 200) {
        const page = await facilityDrill(chengdu, f.id, "510100", period);
        for (const o of page.orders) {
          const project = db
            .select()
            .from(projects)
            .where(eq(projects.id, o.order.projectId))
            .get();
          expect(project?.divisionCode).toBe("510100");
        }
      }
      expect(
        await domainStatus(async () => await facilityDrill(chengdu, f.id, "510700", period)),
      ).toBe(404);
    }
    // Departments only: a contractor or recycler is refused.
    expect(
      await domainStatus(
        async () => await dashboard(world.people.contractorManager.actor(), period),
      ),
    ).toBe(403);
    expect(
      await domainStatus(
        async () => await divisionDrill(world.people.recyclerManager.actor(), "510100", period),
      ),
    ).toBe(403);
    expect(mianyang.divisionCode).toBe("510700");
  });

  it("never shows a city officer another division, through the pages", async () => {
    const client = await new Client(server.baseUrl).logIn(world.people.chengduOfficer.email);
    const search = `?from=${period.from}&to=${period.to}`;
    const mianyangProject = db
      .select()
      .from(projects)
      .all()
      .find((p) => p.divisionCode === "510700") as { id: number; name: string };
    const mianyangOrder = db
      .select()
      .from(manifests)
      .all()
      .find((m) => m.divisionCode === "510700") as { orderId: number };
    for (const path of [
      `/department/division/510700${search}`,
      `/department/division/510000${search}`,
      `/department/compliance/510700${search}`,
      `/department/project/${mianyangProject.id}${search}`,
      `/department/order/${mianyangOrder.orderId}${search}`,
      `/department/facility/${world.otherPlant.id}${search}&area=510700`,
      `/department/division/abc${search}`,
    ]) {
      const page = await client.get(path);
      expect(page.status, path).toBe(404);
      expect(page.body).not.toContain(mianyangProject.name);
    }
    const dashboardPage = await client.get(`/department${search}`);
    expect(dashboardPage.status).toBe(200);
    for (const p of db
      .select()
      .from(projects)
      .all()
      .filter((x) => x.divisionCode !== "510100")) {
      expect(dashboardPage.body).not.toContain(`/department/project/${p.id}?`);
    }
    const contractor = await new Client(server.baseUrl).logIn(world.people.contractorManager.email);
    expect((await contractor.get(`/department/division/510100${search}`)).status).toBe(403);
    const anonymous = await new Client(server.baseUrl).get(`/department/division/510100${search}`);
    expect(anonymous.status).toBe(302);
  });
});

/** `data-value` of every `data-figure="name"` inside an HTML fragment. */
const values = (html: string, name: string) =>
  [...html.matchAll(new RegExp(`data-value="(-?\\d*)" data-figure="${name}"`, "g"))].map((m) =>
    Number(m[1]),
  );
const table = (html: string, name: string) => {
  const start = html.indexOf(`data-table="${name}"`);
  if (start < 0) return "";
  return html.slice(start, html.indexOf("</table>", start));
};

describe("the pages", () => {
  it("link every figure of a city dashboard to rows that add up to it", async () => {
    const client = await new Client(server.baseUrl).logIn(world.people.chengduOfficer.email);
    const search = `?from=${period.from}&to=${period.to}`;
    const page = await client.get(`/department${search}`);
    expect(page.status).toBe(200);
    const figures = await dashboard(chengdu, period);
    const shown = (name: string) => values(page.body, name)[0];
    expect(shown("generated")).toBe(figures.total.generatedKg);
    expect(shown("recycled")).toBe(figures.total.recycledKg);
    expect(figures.total.resource.rateBp).not.toBeNull();
    expect(shown("resource-rate")).toBe(figures.total.resource.rateBp);
    expect(shown("delivered")).toBe(figures.total.deliveredGrams);
    expect(shown("closure-rate")).toBe(figures.total.closure.rateBp);
    expect(shown("open-alerts")).toBe(figures.total.openAlerts);
    expect(shown("haul")).toBe(figures.total.haulKgm);
    expect(shown("complying")).toBe(figures.compliance.complying);
    expect(page.body).toContain(
      `href="/department/division/510100${search.replace("&", "&amp;")}"`,
    );
    expect(page.body).toContain('href="/alerts?state=open"');
    expect(page.body).toContain(`#${figures.definitions.id}`);

    // The division page: its project rows, all pages, add up to the dashboard's figures.
    let generated = 0;
    let haul = 0;
    let delivered = 0;
    let dispatched = 0;
    for (let n = 1; ; n++) {
      const drill = await client.get(`/department/division/510100${search}&page=${n}`);
      expect(drill.status).toBe(200);
      const rows = table(drill.body, "projects");
      generated += values(rows, "generated").reduce((s, v) => s + v, 0);
      haul += values(rows, "haul").reduce((s, v) => s + v, 0);
      delivered += values(rows, "delivered").reduce((s, v) => s + v, 0);
      dispatched += values(rows, "dispatched").reduce((s, v) => s + v, 0);
      if (!drill.body.includes(`page=${n + 1}`)) break;
    }
    expect([generated, haul, delivered, dispatched]).toEqual([
      figures.total.generatedKg,
      figures.total.haulKgm,
      figures.total.deliveredGrams,
      figures.total.closure.dispatched,
    ]);

    // A project's page, one of its orders, and that order's manifests (which open).
    const { rows } = await allProjectRows(chengdu, "510100");
    const busy = rows.find((r) => r.manifests > 0) as (typeof rows)[number];
    const projectPage = await client.get(`/department/project/${busy.projectId}${search}`);
    expect(projectPage.status).toBe(200);
    expect(values(table(projectPage.body, "orders"), "generated").reduce((s, v) => s + v, 0)).toBe(
      busy.generatedKg - busy.offPlatformKg,
    );
    const orderId = Number(/\/department\/order\/(\d+)\?/.exec(projectPage.body)?.[1]);
    const orderPage = await client.get(`/department/order/${orderId}${search}`);
    expect(orderPage.status).toBe(200);
    const manifestId = Number(/href="\/manifests\/(\d+)"/.exec(orderPage.body)?.[1]);
    expect((await client.get(`/manifests/${manifestId}`)).status).toBe(200);
    const compliancePage = await client.get(`/department/compliance/510100${search}`);
    expect(compliancePage.status).toBe(200);
    expect(values(compliancePage.body, "judged")[0]).toBe(figures.compliance.judged);
  });

  it("show the province its divisions, each adding up on its own page", async () => {
    const client = await new Client(server.baseUrl).logIn(world.people.provinceOfficer.email);
    const search = `?from=${period.from}&to=${period.to}`;
    const page = await client.get(`/department/division/510000${search}`);
    expect(page.status).toBe(200);
    const figures = await dashboard(province, period);
    expect(values(table(page.body, "divisions"), "generated").reduce((s, v) => s + v, 0)).toBe(
      figures.total.generatedKg,
    );
    const mianyangPage = await client.get(`/department/division/510700${search}`);
    expect(mianyangPage.status).toBe(200);
    expect(values(mianyangPage.body, "generated")[0]).toBe(
      figures.byDivision.find((d) => d.divisionCode === "510700")?.generatedKg,
    );
    const zh = await client.get(`/department${search}`, { "Accept-Language": "zh-CN" });
    expect(zh.status).toBe(200);
  });
});

describe("definitions as data", () => {
  it("a new version changes which waste classes count in the rates, from its month on", async () => {
    const before = await dashboard(province, period);
    const inert = ["construction_waste", "demolition_waste", "renovation_waste"];
    const version = db
      .insert(definitionVersions)
      .values({
        effectiveFrom: period.to,
        resourceClasses: inert,
        comprehensiveClasses: [...inert, "engineering_muck"],
        resourceTargetPct: 60,
        comprehensiveTargetPct: 70,
        usageTargetPct: 15,
        unclosedManifestHours: 6,
        weightDiscrepancyPct: 20,
        note: "muck and slurry reported separately",
        createdAt: now(),
      })
      .returning()
      .get();
    try {
      const after = await dashboard(province, period);
      expect(after.definitions.id).toBe(version.id);
      const raw = await recompute(PROVINCE_CODE);
      expect(after.total.resource).toMatchObject({ ...raw.resource, targetPct: 60 });
      expect(after.total.comprehensive).toMatchObject({ ...raw.comprehensive, targetPct: 70 });
      const tonnesOf = (classes: string[]) =>
        after.byClass
          .filter((c) => classes.includes(c.wasteClass))
          .reduce((s, c) => s + c.generatedKg, 0);
      expect(after.total.resource.wholeKg).toBe(tonnesOf(inert));
      expect(after.total.comprehensive.wholeKg).toBe(tonnesOf([...inert, "engineering_muck"]));
      expect(after.total.resource.wholeKg).toBeLessThan(before.total.resource.wholeKg);
      expect(after.compliance.targetPct).toBe(15);
      // The tonnes themselves do not depend on the definitions.
      expect(tonnageOf(after.total)).toEqual(tonnageOf(before.total));
      // A period ending before the new version keeps the old one.
      const earlier = { from: period.from, to: addMonths(period.to, -1) };
      expect((await dashboard(province, earlier)).definitions.id).toBe(before.definitions.id);
    } finally {
      db.delete(definitionVersions).where(eq(definitionVersions.id, version.id)).run();
    }
  });
});
