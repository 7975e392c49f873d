/**
 * The price index on randomized listings and products (a seeded generator, so a failure can be
 * replayed): every median and count equals one taken over the raw rows, sorted here in full, for
 * the province, each division, a class and a product type, and periods cut at month boundaries —
 * with ties, single listings, drafts, and publications a millisecond either side of midnight at
 * the start of a month in Asia/Shanghai.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { recycledProducts, wasteListings } from "#db/schema";
import {
  insertDivisions,
  insertFacility,
  insertListing,
  insertOrganisation,
  insertProject,
} from "#seed/factories";
import { drawsFrom, seededRandom } from "#seed/random";
import type { Actor } from "~/domain/access/actor";
import { addMonths, shanghaiDayStart, shanghaiMonth } from "~/domain/clock";
import { monthsOf, type Period } from "~/domain/metrics/scope.server";
import { productTypeKeys, productTypes } from "~/domain/reference/products";
import { materialsByClass, wasteClassKeys } from "~/domain/reference/waste";
import {
  compareFractions,
  fenPerTonne,
  medianFen,
  medianOfFractions,
  type PriceIndexQuery,
} from "~/domain/stats/price-index";
import {
  type PriceIndex,
  type ProductPriceRow,
  priceIndex,
  type WastePriceRow,
} from "~/domain/stats/price-index.server";

const SEED = Number(process.env.PRICES_SEED ?? 20_260_512);

const rand = seededRandom(SEED);
const { pick, between } = drawsFrom(rand);

const CURRENT = shanghaiMonth(new Date());
const period: Period = { from: addMonths(CURRENT, -13), to: CURRENT };
const monthStart = (month: string) => shanghaiDayStart(`${month}-01`).getTime();
/** Listings and products from a month before the period to a month after it. */
const FIRST = monthStart(addMonths(period.from, -1));
const LAST = monthStart(addMonths(period.to, 2)) - 1;

// Busy, middling and sparse divisions; Ganzi's groups hold one, two or three listings.
const WEIGHTS: [string, number][] = [
  ["510100", 10],
  ["510700", 4],
  ["511500", 2],
  ["513300", 0.2],
];
const EMPTY_DIVISION = "511800";

const officer = (divisionCode: string): Actor => ({
  userId: 1,
  userName: "officer",
  email: "officer@example.test",
  role: "officer",
  orgId: 1,
  orgKind: "department",
  orgName: "Department",
  orgVerified: true,
  divisionCode,
});

/** A publication time: a third of them a millisecond either side of a month's first instant. */
function publishedAt(): number {
  const r = rand();
  if (r < 0.33) {
    const start = monthStart(addMonths(period.from, between(-1, 14)));
    return start - (r < 0.16 ? 1 : 0);
  }
  return between(FIRST, LAST);
}

/** Prices: many from a handful of round ones (ties), the rest anything from 1 fen. */
function priceFen(): number {
  return rand() < 0.5 ? pick([500, 800, 1_000, 1_500, 2_000]) : between(1, 250_000);
}

beforeAll(() => {
  insertDivisions(db);
  for (const [divisionCode, weight] of WEIGHTS) {
    const contractor = insertOrganisation(db, { kind: "contractor", divisionCode });
    const project = insertProject(db, { orgId: contractor.id, divisionCode });
    for (let i = 0; i < Math.round(weight * 200); i++) {
      const wasteClass = pick(wasteClassKeys);
      const draft = rand() < 0.05;
      insertListing(db, {
        projectId: project.id,
        orgId: contractor.id,
        divisionCode,
        wasteClass,
        material: pick(materialsByClass[wasteClass]),
        priceFenPerTonne: priceFen(),
        payer: rand() < 0.5 ? "producer" : "recycler",
        status: draft ? "draft" : pick(["open", "closed", "expired", "cancelled"] as const),
        createdAt: new Date(FIRST),
        publishedAt: draft ? null : new Date(publishedAt()),
      });
    }
    const recycler = insertOrganisation(db, { kind: "recycler", divisionCode });
    const facility = insertFacility(db, { orgId: recycler.id, divisionCode });
    for (let i = 0; i < Math.round(weight * 12); i++) {
      const type = pick(productTypes);
      db.insert(recycledProducts)
        .values({
          orgId: recycler.id,
          facilityId: facility.id,
          productType: type.key,
          name: `${type.en} ${i}`,
          standard: type.standards[0] as string,
          unit: pick(type.units),
          massPerUnitG: pick([1_000_000, between(1_300_000, 2_300_000), between(2_000, 25_000)]),
          priceFenPerUnit: between(1, 20_000),
          recycledContentPct: 80,
          status: rand() < 0.15 ? "archived" : "active",
          divisionCode,
          lat: 30,
          lon: 104,
          createdAt: new Date(publishedAt()),
        })
        .run();
    }
  }
});

/** The index recomputed from every raw row, each group's prices sorted in full. */
function bruteForce(divisionCode: string, query: PriceIndexQuery & Period) {
  const inArea = (code: string) => divisionCode === "510000" || code === divisionCode;
  const inPeriod = (month: string) => month >= query.from && month <= query.to;
  const groups = new Map<string, { producer: number[]; recycler: number[] }>();
  for (const l of db.select().from(wasteListings).all()) {
    if (!l.publishedAt || !inArea(l.divisionCode)) continue;
    if (query.wasteClass && l.wasteClass !== query.wasteClass) continue;
    const month = shanghaiMonth(l.publishedAt);
    if (!inPeriod(month)) continue;
    const key = `${month}|${l.wasteClass}`;
    const group = groups.get(key) ?? { producer: [], recycler: [] };
    group[l.payer].push(l.priceFenPerTonne);
    groups.set(key, group);
  }
  const waste: WastePriceRow[] = [];
  for (const month of monthsOf(query)) {
    for (const wasteClass of wasteClassKeys) {
      const group = groups.get(`${month}|${wasteClass}`);
      if (!group) continue;
      waste.push({
        month,
        divisionCode,
        wasteClass,
        gateFee: { medianFenPerTonne: medianFen(group.producer), listings: group.producer.length },
        pricePaid: {
          medianFenPerTonne: medianFen(group.recycler),
          listings: group.recycler.length,
        },
      });
    }
  }
  const offered = db
    .select()
    .from(recycledProducts)
    .all()
    .filter((p) => p.status === "active" && inArea(p.divisionCode));
  const products: ProductPriceRow[] = [];
  for (const month of monthsOf(query)) {
    for (const productType of productTypeKeys) {
      if (query.productType && productType !== query.productType) continue;
      const prices = offered
        .filter((p) => p.productType === productType && shanghaiMonth(p.createdAt) <= month)
        .map((p) => fenPerTonne(p.priceFenPerUnit, p.massPerUnitG))
        .sort(compareFractions);
      const median = medianOfFractions(prices);
      if (median === null) continue;
      products.push({
        month,
        divisionCode,
        productType,
        medianFenPerTonne: median,
        products: prices.length,
      });
    }
  }
  return { waste, products };
}

function expectBruteForce(index: PriceIndex, query: PriceIndexQuery & Period) {
  const expected = bruteForce(index.divisionCode, query);
  expect(index.period).toEqual({ from: query.from, to: query.to });
  expect(index.waste).toEqual(expected.waste);
  expect(index.products).toEqual(expected.products);
  return expected;
}

describe("the price index on randomized listings", () => {
  it("equals the medians of the raw rows for the province", async () => {
    const expected = expectBruteForce(await priceIndex(officer("510000"), period), period);
    const counts = expected.waste.flatMap((r) => [r.gateFee.listings, r.pricePaid.listings]);
    expect(counts.some((n) => n > 15 && n % 2 === 0)).toBe(true);
    expect(counts.some((n) => n > 15 && n % 2 === 1)).toBe(true);
    expect(expected.products.length).toBeGreaterThan(50);
  });

  it("and for each division, asked by the province or by the division itself", async () => {
    const counts: number[] = [];
    for (const [code] of WEIGHTS) {
      const query = { ...period, division: code };
      const expected = expectBruteForce(await priceIndex(officer("510000"), query), query);
      expectBruteForce(await priceIndex(officer(code), period), period);
      counts.push(...expected.waste.flatMap((r) => [r.gateFee.listings, r.pricePaid.listings]));
    }
    // The sparse divisions reach the small counts the medians tell apart.
    for (const n of [0, 1, 2, 3]) expect(counts).toContain(n);
    const empty = await priceIndex(officer("510000"), { ...period, division: EMPTY_DIVISION });
    expect(empty.waste).toEqual([]);
    expect(empty.products).toEqual([]);
  });

  it("for one waste class and one product type", async () => {
    for (const wasteClass of wasteClassKeys) {
      const query = { ...period, wasteClass, productType: pick(productTypeKeys) };
      expectBruteForce(await priceIndex(officer("510000"), query), query);
      expectBruteForce(await priceIndex(officer("510100"), query), query);
    }
  });

  it("for periods that start and end at any month", async () => {
    for (let i = 0; i < 12; i++) {
      const from = addMonths(period.from, between(-1, 13));
      const to = addMonths(from, between(0, 3));
      expectBruteForce(await priceIndex(officer("510000"), { from, to }), { from, to });
      expectBruteForce(await priceIndex(officer("510700"), { from, to }), { from, to });
    }
  });
});
