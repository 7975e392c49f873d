/**
 * Market search: every filter, the radius, the three orders and paging, checked against a
 * brute-force reading of the whole table on a market larger than the result cap, so both the
 * exact path and the capped one are exercised; then the page over HTTP with shared URLs and bad
 * parameters.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { wasteListings } from "#db/schema";
import { insertFacility, insertListing } from "#seed/factories";
import { seededRandom } from "#seed/random";
import type { Actor } from "~/domain/access/actor";
import { now, shanghaiDate } from "~/domain/clock";
import { DomainError } from "~/domain/errors";
import { haversineKm } from "~/domain/geo";
import {
  MARKET_MAX_PAGE,
  MARKET_PAGE_SIZE,
  MARKET_RESULT_CAP,
  MarketQuery,
  marketSearchParams,
} from "~/domain/listings/schemas";
import { searchMarket } from "~/domain/listings/search.server";
import { divisions } from "~/domain/reference/divisions";
import { materialsByClass, wasteClassKeys } from "~/domain/reference/waste";
import { domainError } from "../support/domain-errors";
import { destination } from "../support/geo";
import { Client } from "../support/http";
import { type RunningServer, startServer } from "../support/server";
import { makeWorld, type World } from "../support/world";

const CHENGDU = { lat: 30.659462, lon: 104.065735 };
/** A corner of Garzê where the generated market has nothing, for exact small cases. */
const QUIET = { lat: 33.2, lon: 98.8 };
const DAY = 86_400_000;
/** Enough listings that more than MARKET_RESULT_CAP of them are in the market. */
const GENERATED = 14_000;

let world: World;
let server: RunningServer;
let recycler: Actor;

const day = (offset: number) => shanghaiDate(new Date(now().getTime() + offset * DAY));

function listingAt(
  point: { lat: number; lon: number },
  values: Partial<typeof wasteListings.$inferInsert> = {},
) {
  return insertListing(db, {
    projectId: world.project.id,
    orgId: world.orgs.contractorA.id,
    divisionCode: "513300",
    ...point,
    ...values,
  });
}

/** A market denser around Chengdu, with every kind of listing the search must leave out. */
function generateMarket() {
  const rand = seededRandom(510_100);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)] as T;
  const statuses = ["draft", "closed", "expired", "cancelled"] as const;
  db.transaction((tx) => {
    for (let i = 0; i < GENERATED; i++) {
      const division = pick(divisions);
      const around = rand() < 0.6 ? CHENGDU : division;
      const spread = around === CHENGDU ? 1 : 0.6;
      const wasteClass = pick(wasteClassKeys);
      const quantityKg = 1000 + Math.floor(rand() * 2_000_000);
      const r = rand();
      insertListing(tx, {
        projectId: world.project.id,
        orgId: world.orgs.contractorA.id,
        divisionCode: around === CHENGDU ? "510100" : division.code,
        lat: around.lat + (rand() - 0.5) * spread,
        lon: around.lon + (rand() - 0.5) * spread,
        wasteClass,
        material: pick(materialsByClass[wasteClass]),
        quantityKg,
        allocatedKg: r < 0.06 ? quantityKg : r < 0.25 ? Math.floor(quantityKg / 2) : 0,
        // Few distinct prices, so the price order has ties to break.
        priceFenPerTonne: Math.floor(rand() * 80) * 50,
        payer: rand() < 0.3 ? "recycler" : "producer",
        status: rand() < 0.85 ? "open" : pick(statuses),
        availableUntil: rand() < 0.04 ? day(-1) : rand() < 0.02 ? day(0) : day(30),
        createdAt: new Date(now().getTime() - (GENERATED - i) * 60_000),
      });
    }
  });
}

type Expectation = {
  wasteClass?: string;
  material?: string;
  divisionCode?: string;
  payer?: string;
  minKg?: number;
  maxKg?: number;
  centre?: { lat: number; lon: number };
  radiusKm?: number;
  sort: "newest" | "price" | "distance";
};

/** The market as the rules define it, read row by row from the whole table. */
function bruteForce(e: Expectation) {
  const today = shanghaiDate(now());
  const rows = db.select().from(wasteListings).all();
  const distance = (r: (typeof rows)[number]) => (e.centre ? haversineKm(e.centre, r) : 0);
  const matches = rows.filter((r) => {
    const available = r.quantityKg - r.allocatedKg;
    return (
      r.status === "open" &&
      r.availableUntil >= today &&
      available > 0 &&
      (!e.wasteClass || r.wasteClass === e.wasteClass) &&
      (!e.material || r.material === e.material) &&
      (!e.divisionCode || r.divisionCode === e.divisionCode) &&
      (!e.payer || r.payer === e.payer) &&
      (e.minKg === undefined || available >= e.minKg) &&
      (e.maxKg === undefined || available <= e.maxKg) &&
      (!e.centre || distance(r) <= (e.radiusKm ?? 50))
    );
  });
  const order = {
    newest: (a: (typeof rows)[number], b: (typeof rows)[number]) => b.id - a.id,
    price: (a: (typeof rows)[number], b: (typeof rows)[number]) =>
      a.priceFenPerTonne - b.priceFenPerTonne || a.id - b.id,
    distance: (a: (typeof rows)[number], b: (typeof rows)[number]) =>
      distance(a) - distance(b) || a.id - b.id,
  }[e.sort];
  return matches.sort(order).map((r) => r.id);
}

const search = async (params: Record<string, string>, actor = recycler) =>
  await searchMarket(actor, MarketQuery.parse(params));

/** Compares the search with the brute force on its first, second, a middle and its last page. */
async function expectSameAsBruteForce(params: Record<string, string>, expectation: Expectation) {
  const all = bruteForce(expectation);
  const first = await search(params);
  expect(first.sort).toBe(expectation.sort);
  expect(first.capped).toBe(all.length > MARKET_RESULT_CAP);
  expect(first.total).toBe(Math.min(all.length, MARKET_RESULT_CAP));
  expect(first.pageCount).toBe(Math.max(1, Math.ceil(first.total / MARKET_PAGE_SIZE)));
  const pages = [...new Set([1, 2, Math.ceil(first.pageCount / 2), first.pageCount])];
  for (const page of pages) {
    const result = await search({ ...params, page: String(page) });
    const offset = (page - 1) * MARKET_PAGE_SIZE;
    expect(
      result.rows.map((r) => r.listing.id),
      `page ${page} of ${JSON.stringify(params)}`,
    ).toEqual(all.slice(offset, offset + MARKET_PAGE_SIZE));
  }
  return { all, first };
}

beforeAll(async () => {
  world = await makeWorld();
  recycler = world.people.recyclerManager.actor();
  generateMarket();
  server = await startServer();
});
afterAll(() => server?.stop());

describe("what the market shows", () => {
  it("only open listings still within their window with quantity left", async () => {
    const base = { wasteClass: "demolition_waste" as const, material: "concrete" as const };
    const open = listingAt(QUIET, base);
    const lastDay = listingAt(QUIET, { ...base, availableUntil: day(0) });
    const leftOut = [
      listingAt(QUIET, { ...base, status: "draft", publishedAt: null }),
      listingAt(QUIET, { ...base, status: "closed" }),
      listingAt(QUIET, { ...base, status: "expired" }),
      listingAt(QUIET, { ...base, status: "cancelled" }),
      listingAt(QUIET, { ...base, availableUntil: day(-1) }),
      listingAt(QUIET, { ...base, quantityKg: 80_000, allocatedKg: 80_000 }),
    ];
    const result = await search({ near: `${QUIET.lat},${QUIET.lon}`, radiusKm: "1" });
    expect(result.rows.map((r) => r.listing.id).sort()).toEqual([open.id, lastDay.id].sort());
    for (const l of leftOut) expect(result.rows.map((r) => r.listing.id)).not.toContain(l.id);
  });
});

describe("filters, orders and pages agree with the rules read row by row", () => {
  const cases: [string, Record<string, string>, Expectation][] = [
    ["everything, newest first (capped)", {}, { sort: "newest" }],
    ["everything by price (capped)", { sort: "price" }, { sort: "price" }],
    [
      "waste class",
      { wasteClass: "engineering_mud" },
      { wasteClass: "engineering_mud", sort: "newest" },
    ],
    ["material", { material: "asphalt" }, { material: "asphalt", sort: "newest" }],
    ["a small division", { divisionCode: "510800" }, { divisionCode: "510800", sort: "newest" }],
    ["who pays", { payer: "recycler" }, { payer: "recycler", sort: "newest" }],
    [
      "quantity range, by price",
      { minTonnes: "100", maxTonnes: "250.5", sort: "price" },
      { minKg: 100_000, maxKg: 250_500, sort: "price" },
    ],
    [
      "class and division",
      { wasteClass: "demolition_waste", divisionCode: "510100" },
      { wasteClass: "demolition_waste", divisionCode: "510100", sort: "newest" },
    ],
    [
      "payer, class and minimum, by price",
      { payer: "producer", wasteClass: "renovation_waste", minTonnes: "500", sort: "price" },
      { payer: "producer", wasteClass: "renovation_waste", minKg: 500_000, sort: "price" },
    ],
    [
      "30 km around Chengdu, nearest first",
      { near: `${CHENGDU.lat},${CHENGDU.lon}`, radiusKm: "30" },
      { centre: CHENGDU, radiusKm: 30, sort: "distance" },
    ],
    [
      "10 km around a city centre, newest first",
      { near: "31.127991,104.398651", radiusKm: "10", sort: "newest" },
      { centre: { lat: 31.127991, lon: 104.398651 }, radiusKm: 10, sort: "newest" },
    ],
    [
      "500 km around Chengdu, nearest first (capped)",
      { near: `${CHENGDU.lat},${CHENGDU.lon}`, radiusKm: "500", sort: "distance" },
      { centre: CHENGDU, radiusKm: 500, sort: "distance" },
    ],
    [
      "500 km around Chengdu by price (capped)",
      { near: `${CHENGDU.lat},${CHENGDU.lon}`, radiusKm: "500", sort: "price" },
      { centre: CHENGDU, radiusKm: 500, sort: "price" },
    ],
    [
      "radius, class and payer by price",
      {
        near: "29.58,105.07",
        radiusKm: "100",
        wasteClass: "engineering_muck",
        payer: "producer",
        sort: "price",
      },
      {
        centre: { lat: 29.58, lon: 105.07 },
        radiusKm: 100,
        wasteClass: "engineering_muck",
        payer: "producer",
        sort: "price",
      },
    ],
  ];
  it.each(cases)("%s", async (_name, params, expectation) => {
    await expectSameAsBruteForce(params, expectation);
  });

  it("covers both the exact and the capped way of counting", async () => {
    expect((await search({})).capped).toBe(true);
    expect((await search({ divisionCode: "510800" })).capped).toBe(false);
  });

  it("gives the straight-line distance of every row, in order, within the radius", async () => {
    const result = await search({
      near: `${CHENGDU.lat},${CHENGDU.lon}`,
      radiusKm: "30",
      page: "3",
    });
    const distances = result.rows.map((r) => r.distanceKm as number);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    for (const row of result.rows) {
      expect(row.distanceKm).toBeCloseTo(haversineKm(CHENGDU, row.listing), 9);
      expect(row.distanceKm).toBeLessThanOrEqual(30);
    }
    expect((await search({})).rows.every((r) => r.distanceKm === null)).toBe(true);
  });
});

describe("the radius", () => {
  it("takes in exactly what haversine puts within it, in every direction", async () => {
    const centre = { lat: QUIET.lat - 0.6, lon: QUIET.lon + 0.4 };
    const inside = [0, 45, 90, 135, 180, 225, 270, 315].map((bearing) =>
      listingAt(destination(centre, 29.99, bearing)),
    );
    const outside = [0, 90, 180, 270].map((bearing) =>
      listingAt(destination(centre, 30.01, bearing)),
    );
    const result = await search({ near: `${centre.lat},${centre.lon}`, radiusKm: "30" });
    expect(result.rows.map((r) => r.listing.id).sort()).toEqual(inside.map((l) => l.id).sort());
    for (const l of outside) expect(haversineKm(centre, l)).toBeGreaterThan(30);
  });
});

describe("paging", () => {
  it("walks the matches once each, in order, and keeps to the last page", async () => {
    const params = { divisionCode: "511000", sort: "price" };
    const all = bruteForce({ divisionCode: "511000", sort: "price" });
    const first = await search(params);
    expect(first.pageCount).toBeGreaterThan(2);
    const seen: number[] = [];
    for (let page = 1; page <= first.pageCount; page++) {
      seen.push(...(await search({ ...params, page: String(page) })).rows.map((r) => r.listing.id));
    }
    expect(seen).toEqual(all);
    const beyond = await search({ ...params, page: String(first.pageCount + 5) });
    expect(beyond.page).toBe(first.pageCount);
    expect(beyond.rows.map((r) => r.listing.id)).toEqual(all.slice(-beyond.rows.length));
  });

  it("stops at the cap, where the last page is still correct", async () => {
    const last = await search({ page: String(MARKET_MAX_PAGE + 10) });
    expect(last.page).toBe(MARKET_MAX_PAGE);
    const all = bruteForce({ sort: "newest" });
    expect(last.rows.map((r) => r.listing.id)).toEqual(
      all.slice(MARKET_RESULT_CAP - MARKET_PAGE_SIZE, MARKET_RESULT_CAP),
    );
  });
});

describe("the centre of a search", () => {
  it("is one of my projects, as if its position were given", async () => {
    const contractor = world.people.contractorManager.actor();
    const byProject = await search(
      { near: `project:${world.project.id}`, radiusKm: "20" },
      contractor,
    );
    const byPoint = await search(
      { near: `${world.project.lat},${world.project.lon}`, radiusKm: "20" },
      contractor,
    );
    expect(byProject.rows.map((r) => r.listing.id)).toEqual(byPoint.rows.map((r) => r.listing.id));
    expect(byProject.sort).toBe("distance");
    expect(byProject.centre).toEqual({ lat: world.project.lat, lon: world.project.lon });
  });

  it("is one of my facilities", async () => {
    const result = await search({ near: `facility:${world.plant.id}`, radiusKm: "15" });
    expect(result.centre).toEqual({ lat: world.plant.lat, lon: world.plant.lon });
    await expectSameAsBruteForce(
      { near: `facility:${world.plant.id}`, radiusKm: "15" },
      { centre: world.plant, radiusKm: 15, sort: "distance" },
    );
  });

  it("is refused, as not found, when it is someone else's", async () => {
    const contractor = world.people.contractorManager.actor();
    const refusals: [Record<string, string>, Actor, string][] = [
      [{ near: `project:${world.otherProject.id}` }, contractor, "project.notFound"],
      [{ near: `project:${world.project.id}` }, recycler, "project.notFound"],
      [{ near: `facility:${world.otherPlant.id}` }, recycler, "facility.notFound"],
      [{ near: `facility:${world.plant.id}` }, contractor, "facility.notFound"],
      [{ near: "facility:999999999" }, recycler, "facility.notFound"],
    ];
    for (const [params, actor, key] of refusals) {
      const error = await domainError(async () => await search(params, actor));
      expect(error, JSON.stringify(params)).toBeInstanceOf(DomainError);
      expect(error.status).toBe(404);
      expect(error.code).toBe(key);
    }
  });

  it("is needed for the nearest-first order, which is the default when there is one", async () => {
    expect((await search({ sort: "distance" })).sort).toBe("newest");
    expect((await search({ near: "30.6,104.06" })).sort).toBe("distance");
    expect((await search({ near: "30.6,104.06", sort: "price" })).sort).toBe("price");
  });

  it("is searched only by those who may browse the market", async () => {
    await expect(search({}, world.people.provinceOfficer.actor())).rejects.toThrow(DomainError);
    await expect(search({}, world.people.clerk.actor())).rejects.toThrow(DomainError);
  });
});

describe("search parameters", () => {
  it("fall back to no filter or their default when they cannot be read", () => {
    expect(
      MarketQuery.parse({
        wasteClass: "gold",
        material: "",
        divisionCode: "519999",
        payer: "nobody",
        minTonnes: "-3",
        maxTonnes: "lots",
        near: "north",
        radiusKm: "9000",
        sort: "random",
        page: "0x10",
      }),
    ).toEqual({ radiusKm: 50, page: 1 });
    expect(MarketQuery.parse({ near: "91,104" }).near).toBeUndefined();
    expect(MarketQuery.parse({ near: "project:abc" }).near).toBeUndefined();
    expect(MarketQuery.parse({ page: "999999" }).page).toBe(MARKET_MAX_PAGE);
  });

  it("read tonnes as whole kilograms and centres in their three forms", () => {
    const query = MarketQuery.parse({
      minTonnes: "12.345",
      maxTonnes: "20",
      near: " 30.5 , 104.1 ",
      radiusKm: "30",
    });
    expect(query).toMatchObject({
      minTonnes: 12_345,
      maxTonnes: 20_000,
      near: { kind: "point", lat: 30.5, lon: 104.1 },
    });
    expect(MarketQuery.parse({ near: "project:12" }).near).toEqual({ kind: "project", id: 12 });
    expect(MarketQuery.parse({ near: "facility:3" }).near).toEqual({ kind: "facility", id: 3 });
  });

  it("round-trip through the URL, so a search can be shared", () => {
    const params = {
      wasteClass: "demolition_waste",
      material: "concrete",
      divisionCode: "510100",
      payer: "recycler",
      minTonnes: "12.5",
      maxTonnes: "300",
      near: "facility:7",
      radiusKm: "30",
      sort: "price",
      page: "3",
    };
    const query = MarketQuery.parse(params);
    expect(Object.fromEntries(marketSearchParams(query))).toEqual(params);
    expect(MarketQuery.parse(Object.fromEntries(marketSearchParams(query, 4)))).toEqual({
      ...query,
      page: 4,
    });
  });
});

describe("the market page", () => {
  it("never answers bad parameters with a server error", async () => {
    const client = await new Client(server.baseUrl).logIn(world.people.recyclerSales.email);
    const urls: [string, number][] = [
      ["/market?page=abc&radiusKm=-5&sort=weird&minTonnes=x&maxTonnes=-1", 200],
      ["/market?wasteClass=nope&material=%00&divisionCode=999999&payer=", 200],
      ["/market?near=garbage&radiusKm=1e9", 200],
      ["/market?near=91,200&sort=distance", 200],
      ["/market?page=99999999999999999999", 200],
      ["/market?near=project:99999999999999999999", 200],
      [`/market?near=project:${world.project.id}`, 404],
      [`/market?near=facility:${world.otherPlant.id}`, 404],
      ["/market?near=facility:0", 200],
    ];
    for (const [url, status] of urls) {
      const response = await client.get(url);
      expect(response.status, url).toBe(status);
    }
  });

  it("keeps the search in its form and in its page links, and shows distances", async () => {
    const client = await new Client(server.baseUrl).logIn(world.people.recyclerManager.email);
    const url = `/market?wasteClass=demolition_waste&near=facility:${world.plant.id}&radiusKm=30&sort=distance`;
    const page = await client.get(url, { "Accept-Language": "en" });
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/<option value="demolition_waste" selected="">/);
    expect(page.body).toMatch(
      new RegExp(`<option value="facility:${world.plant.id}" selected="">`),
    );
    expect(page.body).toMatch(/<option value="30" selected="">30 km<\/option>/);
    expect(page.body).toMatch(/<option value="distance" selected="">/);
    expect(page.body).toMatch(/\d+\.\d km away/);
    const next = /href="(\/market\?[^"]*page=2[^"]*)"/
      .exec(page.body)?.[1]
      ?.replaceAll("&amp;", "&");
    expect(next).toBeDefined();
    const nextParams = new URLSearchParams((next as string).split("?")[1]);
    expect(Object.fromEntries(nextParams)).toEqual({
      wasteClass: "demolition_waste",
      near: `facility:${world.plant.id}`,
      radiusKm: "30",
      sort: "distance",
      page: "2",
    });
  });

  it("offers my own projects and facilities as centres, and nobody else's", async () => {
    const contractor = await new Client(server.baseUrl).logIn(world.people.contractorManager.email);
    const body = (await contractor.get("/market")).body;
    expect(body).toContain(`value="project:${world.project.id}"`);
    expect(body).not.toContain(`value="project:${world.otherProject.id}"`);
    expect(body).not.toContain('value="facility:');
    const other = insertFacility(db, { orgId: world.orgs.recyclerS.id });
    const recyclerPage = (
      await (
        await new Client(server.baseUrl).logIn(world.people.recyclerSales.email)
      ).get("/market")
    ).body;
    expect(recyclerPage).toContain(`value="facility:${world.plant.id}"`);
    expect(recyclerPage).not.toContain(`value="facility:${other.id}"`);
  });
});
