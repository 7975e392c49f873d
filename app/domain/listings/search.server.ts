import { and, asc, eq, gte, lt, lte, type SQL, sql } from "drizzle-orm";
import { facilities, organisations, projects, wasteListings } from "#db/schema";
import { inValuesPlaceholder, valuesOf, valuesParameter } from "#db/sql";
import { prepared, read } from "#db/store";
import { type Actor, authorize, can } from "../access";
import { now, shanghaiDate } from "../clock";
import { notFound } from "../errors";
import { boundingBox, EARTH_RADIUS_KM, haversineKm } from "../geo";
import type { Listing } from "./listings.server";
import {
  MARKET_PAGE_SIZE,
  MARKET_RESULT_CAP,
  type MarketCentre,
  type MarketQuery,
  type MarketSort,
} from "./schemas";

export type MarketRow = {
  listing: Listing;
  projectName: string;
  producerName: string;
  /** Straight-line km from the search's centre; null when the search has none. */
  distanceKm: number | null;
};

export type MarketResult = {
  rows: MarketRow[];
  /** Matching listings, counted up to MARKET_RESULT_CAP. */
  total: number;
  /** More than `total` listings match; only the first MARKET_RESULT_CAP can be paged through. */
  capped: boolean;
  page: number;
  pageCount: number;
  /** The order used: "distance" only when the search has a centre. */
  sort: MarketSort;
  centre: { lat: number; lon: number } | null;
};

type Point = { lat: number; lon: number };
type Box = Awaited<ReturnType<typeof boundingBox>>;

const l = wasteListings;

/**
 * Open listings still within their window with quantity left, filtered, sorted and paged.
 *
 * Every search makes one pass over the matching listings, fetching at most MARKET_RESULT_CAP + 1
 * of their ids with the sort key: when no more match, that pass is the exact count and the page is
 * cut from it in memory. Past the cap the count says "more than", newest-first pages come from the
 * same pass (it walks the table newest first), and the price or distance order takes one more
 * query. See docs/decisions/007-market-search.md for the measurements behind this.
 */
export async function searchMarket(actor: Actor, query: MarketQuery): Promise<MarketResult> {
  return read(async (db) => {
    authorize(actor, "market.browse");
    const centre = query.near ? await resolveCentre(actor, query.near) : null;
    const sort: MarketSort = centre
      ? (query.sort ?? "distance")
      : query.sort === "price"
        ? "price"
        : "newest";
    const area = centre ? { centre, radiusKm: query.radiusKm } : null;
    const filters = conditions(query, area);
    const from = await source(query.divisionCode, area && boundingBox(area.centre, area.radiusKm));
    const key = sortKey(sort, centre);
    const found = await valuesOf<[number, number]>(
      db,
      sql`SELECT ${l.id}, ${key} FROM ${from} WHERE ${filters}
        ${sort === "newest" ? sql`ORDER BY ${l.id} DESC` : sql``} LIMIT ${MARKET_RESULT_CAP + 1}`,
    );
    const capped = found.length > MARKET_RESULT_CAP;
    const total = Math.min(found.length, MARKET_RESULT_CAP);
    const pageCount = Math.max(1, Math.ceil(total / MARKET_PAGE_SIZE));
    const page = Math.min(query.page, pageCount);
    const offset = (page - 1) * MARKET_PAGE_SIZE;

    let ids: number[];
    if (sort !== "newest") found.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
    if (!capped || sort === "newest") {
      ids = found.slice(offset, offset + MARKET_PAGE_SIZE).map(([id]) => id);
    } else {
      // The pass saw only some of the matches, but its k-th smallest key bounds the k-th smallest
      // of them all: the page lies within that bound, which few listings pass.
      const bound = (found[offset + MARKET_PAGE_SIZE - 1] as [number, number])[1];
      let where: SQL;
      let narrowed = from;
      if (sort === "distance" && area) {
        const circle = { centre: area.centre, radiusKm: bound };
        where = conditions(query, circle);
        narrowed = await source(query.divisionCode, boundingBox(circle.centre, circle.radiusKm));
      } else {
        // First, as it rejects nearly every row.
        where = and(lte(l.priceFenPerTonne, bound), conditions(query, area)) as SQL;
      }
      const idRows = await valuesOf<[number]>(
        db,
        sql`SELECT ${l.id} FROM ${narrowed} WHERE ${where}
          ORDER BY ${key}, ${l.id} LIMIT ${MARKET_PAGE_SIZE} OFFSET ${offset}`,
      );
      ids = idRows.map(([id]) => id);
    }
    return { rows: await hydrate(ids, centre), total, capped, page, pageCount, sort, centre };
  });
}

const ownPlaces = {
  projects: prepared((db) =>
    db
      .select({ id: projects.id, name: projects.name })
      .from(projects)
      .where(eq(projects.orgId, sql.placeholder("orgId")))
      .orderBy(asc(projects.name))
      .prepare(),
  ),
  facilities: prepared((db) =>
    db
      .select({ id: facilities.id, name: facilities.name })
      .from(facilities)
      .where(eq(facilities.orgId, sql.placeholder("orgId")))
      .orderBy(asc(facilities.name))
      .prepare(),
  ),
};

/** The searcher's own projects and facilities, which a search can be centred on. */
export async function marketCentres(actor: Actor) {
  authorize(actor, "market.browse");
  const org = { orgId: actor.orgId };
  return read(async (db) => ({
    projects: can(actor, "project.read") ? await ownPlaces.projects(db).execute(org) : [],
    facilities: can(actor, "facility.read") ? await ownPlaces.facilities(db).execute(org) : [],
  }));
}

/** The searcher's own project or facility; anyone else's reads as "not found". */
async function resolveCentre(actor: Actor, near: MarketCentre): Promise<Point> {
  return read(async (db) => {
    if (near.kind === "point") return { lat: near.lat, lon: near.lon };
    const place =
      near.kind === "project"
        ? (
            await db
              .select({ lat: projects.lat, lon: projects.lon })
              .from(projects)
              .where(and(eq(projects.id, near.id), eq(projects.orgId, actor.orgId)))
              .limit(1)
          )[0]
        : (
            await db
              .select({ lat: facilities.lat, lon: facilities.lon })
              .from(facilities)
              .where(and(eq(facilities.id, near.id), eq(facilities.orgId, actor.orgId)))
              .limit(1)
          )[0];
    if (!place) throw notFound(near.kind === "project" ? "project.notFound" : "facility.notFound");
    return place;
  });
}

function conditions(query: MarketQuery, area: { centre: Point; radiusKm: number } | null): SQL {
  const available = sql`(${l.quantityKg} - ${l.allocatedKg})`;
  const box = area ? boundingBox(area.centre, area.radiusKm) : undefined;
  // SQLite tests the terms in the order written, so the cheap tests that reject most rows come
  // first: the chosen categories (early columns of the row), then the box (lat and lon sit at
  // its end); the exact distance comes last, only for rows that passed everything else.
  return and(
    query.wasteClass ? eq(l.wasteClass, query.wasteClass) : undefined,
    query.material ? eq(l.material, query.material) : undefined,
    query.divisionCode ? eq(l.divisionCode, query.divisionCode) : undefined,
    query.payer ? eq(l.payer, query.payer) : undefined,
    ...(box
      ? [
          gte(l.lat, box.minLat),
          lte(l.lat, box.maxLat),
          gte(l.lon, box.minLon),
          lte(l.lon, box.maxLon),
        ]
      : []),
    eq(l.status, "open"),
    gte(l.availableUntil, shanghaiDate(now())),
    // Fully claimed listings leave the market; their producers still see them on the project.
    lt(l.allocatedKg, l.quantityKg),
    query.minTonnes === undefined ? undefined : sql`${available} >= ${query.minTonnes}`,
    query.maxTonnes === undefined ? undefined : sql`${available} <= ${query.maxTonnes}`,
    area ? sql`${distanceSql(area.centre)} <= ${area.radiusKm}` : undefined,
  ) as SQL;
}

/**
 * haversineKm of geo.ts, in SQLite's built-in math functions, so distances are computed where
 * the rows are instead of shipping every candidate to JavaScript.
 */
function distanceSql(centre: Point): SQL {
  return sql`(2 * ${EARTH_RADIUS_KM} * asin(min(1, sqrt(
    power(sin(radians(${l.lat} - ${centre.lat}) / 2), 2) +
    cos(radians(${centre.lat})) * cos(radians(${l.lat})) *
    power(sin(radians(${l.lon} - ${centre.lon}) / 2), 2)))))`;
}

function sortKey(sort: MarketSort, centre: Point | null): SQL {
  if (sort === "price") return sql`${l.priceFenPerTonne}`;
  if (sort === "distance" && centre) return distanceSql(centre);
  return sql`${l.id}`;
}

/** The table's size in ids, asked before every search to choose how to read it. */
const highestListingId = prepared((db) =>
  db
    .select({ id: sql<number | null>`max(${l.id})` })
    .from(l)
    .prepare(),
);

const LAT_INDEX = "waste_listings_open_lat_idx";
const DIVISION_INDEX = "waste_listings_market_idx";

/**
 * Which way SQLite reads the listings. Its planner takes any index on (status, …) for
 * status = 'open', yet most of the table is open, and each index entry then costs a random row
 * lookup (about ten sequential rows). So an index range is used only when it holds less than a
 * tenth of the table, counted from the index alone; otherwise the table is scanned in id order.
 */
async function source(divisionCode: string | undefined, box: Box | null): Promise<SQL> {
  const table = (await read(async (db) => highestListingId(db).execute()))[0]?.id ?? 0;
  const budget = Math.max(1, Math.ceil(table / 10));
  const ranges: { rows: number; index: string }[] = [];
  if (box) {
    ranges.push({
      index: LAT_INDEX,
      rows: await indexRows(
        LAT_INDEX,
        and(eq(l.status, "open"), gte(l.lat, box.minLat), lte(l.lat, box.maxLat)) as SQL,
        budget,
      ),
    });
  }
  if (divisionCode) {
    ranges.push({
      index: DIVISION_INDEX,
      rows: await indexRows(
        DIVISION_INDEX,
        and(eq(l.status, "open"), eq(l.divisionCode, divisionCode)) as SQL,
        budget,
      ),
    });
  }
  const best = ranges.filter((r) => r.rows < budget).sort((a, b) => a.rows - b.rows)[0];
  return best ? sql`${l} INDEXED BY ${sql.raw(best.index)}` : sql`${l} NOT INDEXED`;
}

/** Entries of an index range, counted up to `limit` without touching the table. */
async function indexRows(index: string, where: SQL, limit: number): Promise<number> {
  return read(async (db) => {
    const [row] = await valuesOf<[number]>(
      db,
      sql`SELECT count(*) FROM (SELECT 1 FROM ${l} INDEXED BY ${sql.raw(index)} WHERE ${where} LIMIT ${limit})`,
    );
    return row?.[0] ?? 0;
  });
}

/**
 * One statement for every page of results: the ids travel as one JSON array, so the query is
 * built and prepared once instead of once per search.
 */
const pageRows = prepared((db) =>
  db
    .select({ listing: l, projectName: projects.name, producerName: organisations.name })
    .from(l)
    .innerJoin(projects, eq(projects.id, l.projectId))
    .innerJoin(organisations, eq(organisations.id, l.orgId))
    .where(inValuesPlaceholder(l.id, "ids"))
    .prepare(),
);

async function hydrate(ids: number[], centre: Point | null): Promise<MarketRow[]> {
  if (ids.length === 0) return [];
  const rows = await read(async (db) => pageRows(db).execute({ ids: valuesParameter(ids) }));
  const byId = new Map(rows.map((row) => [row.listing.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    return [{ ...row, distanceKm: centre ? haversineKm(centre, row.listing) : null }];
  });
}
