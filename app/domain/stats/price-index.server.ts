import { and, eq, gte, isNotNull, lt, max, sql } from "drizzle-orm";
import { db } from "#db/client";
import { auditEvents, recycledProducts, wasteListings } from "#db/schema";
import { type Actor, authorize } from "../accounts/actor";
import { addMonths, now, SHANGHAI_OFFSET_MS, shanghaiDayStart, shanghaiMonth } from "../clock";
import { notFound } from "../errors";
import { PROVINCE_CODE } from "../reference/divisions";
import { productTypeKeys } from "../reference/products";
import { wasteClassKeys } from "../reference/waste";
import {
  compareFractions,
  type Fraction,
  fenPerTonne,
  medianOfFractions,
  type PriceIndexQuery,
} from "./price-index";
import { MAX_MONTHS } from "./queries";
import { covers } from "./scope.server";

/**
 * The price index of a jurisdiction (DESIGN.md §4's jurisdiction rule): by month and division,
 * the median gate fee (the producer pays) and the median price recyclers pay for waste, by waste
 * class, from the listings published in that month; and the median price per tonne of recycled
 * products by type, from the products on offer that month. The median is defined in
 * ./price-index.ts.
 *
 * Which products were on offer: the catalogue keeps no archive date and no price history, so a
 * product counts in every month from the month it was created, at its current price, while it is
 * active; an archived product drops out of every month.
 */

export type WastePriceRow = {
  month: string;
  divisionCode: string;
  wasteClass: string;
  /** Producer pays the recycler a gate fee. */
  gateFee: { medianFenPerTonne: number | null; listings: number };
  /** Recycler pays the producer for valuable waste. */
  pricePaid: { medianFenPerTonne: number | null; listings: number };
};

export type ProductPriceRow = {
  month: string;
  divisionCode: string;
  productType: string;
  medianFenPerTonne: number;
  products: number;
};

export type PriceIndex = {
  jurisdiction: string;
  /** The division the rows are for: the jurisdiction as a whole, or one division within it. */
  divisionCode: string;
  period: { from: string; to: string };
  waste: WastePriceRow[];
  products: ProductPriceRow[];
};

/** Defaults like the dashboard (the last 12 months); never longer than MAX_MONTHS. */
export function pricePeriod(query: { from?: string; to?: string }) {
  const to = query.to ?? shanghaiMonth(now());
  const earliest = addMonths(to, -(MAX_MONTHS - 1));
  let from = query.from && query.from <= to ? query.from : addMonths(to, -11);
  if (from < earliest) from = earliest;
  return { from, to };
}

export function priceIndex(actor: Actor, query: PriceIndexQuery): PriceIndex {
  authorize(actor, "stats.read");
  const jurisdiction = actor.divisionCode;
  const divisionCode = query.division ?? jurisdiction;
  if (divisionCode !== jurisdiction && !covers(jurisdiction, divisionCode)) {
    // Outside the jurisdiction reads as absent, as another organisation's records do.
    throw notFound("prices.divisionOutside");
  }
  const period = pricePeriod(query);
  const key = JSON.stringify([divisionCode, period, query.wasteClass, query.productType]);
  const stamp = auditStamp();
  const cached = computed.get(key);
  if (cached?.stamp === stamp) return { ...cached.value, jurisdiction };
  const fromAt = shanghaiDayStart(`${period.from}-01`);
  const toAt = shanghaiDayStart(`${addMonths(period.to, 1)}-01`);
  const wholeProvince = divisionCode === PROVINCE_CODE;
  const value: PriceIndex = {
    jurisdiction,
    divisionCode,
    period,
    waste: wastePrices({ divisionCode, wholeProvince, fromAt, toAt, wasteClass: query.wasteClass }),
    products: productPrices({
      divisionCode,
      wholeProvince,
      period,
      toAt,
      productType: query.productType,
    }),
  };
  computed.delete(key);
  computed.set(key, { stamp, value });
  if (computed.size > MAX_COMPUTED) computed.delete(computed.keys().next().value ?? "");
  return value;
}

/**
 * Computed indexes, by query. Exact medians need every price of the period sorted, which at
 * provincial scale (hundreds of thousands of listings, with no index on publication time) takes
 * a few hundred milliseconds; so a result is kept while it cannot have changed. Every change to a
 * listing or a product (creation, publication, edit) writes an audit event in its own
 * transaction, so the newest audit event id — read through the primary key — says when to
 * compute again. Loads that bypass the services (the demo seed, benchmarks) run before the server.
 */
const computed = new Map<string, { stamp: number; value: PriceIndex }>();
const MAX_COMPUTED = 200;

function auditStamp(): number {
  return (
    db
      .select({ id: max(auditEvents.id) })
      .from(auditEvents)
      .get()?.id ?? 0
  );
}

/**
 * Medians in SQL, so a province's year of listings is not read into memory: the rows are ranked
 * by price within each month, class and payer, and only the one or two middle rows are kept.
 */
function wastePrices(args: {
  divisionCode: string;
  wholeProvince: boolean;
  fromAt: Date;
  toAt: Date;
  wasteClass?: string;
}): WastePriceRow[] {
  const month = sql`strftime('%Y-%m', (${wasteListings.publishedAt} + ${SHANGHAI_OFFSET_MS}) / 1000, 'unixepoch')`;
  const where = and(
    isNotNull(wasteListings.publishedAt),
    gte(wasteListings.publishedAt, args.fromAt),
    lt(wasteListings.publishedAt, args.toAt),
    args.wholeProvince ? undefined : eq(wasteListings.divisionCode, args.divisionCode),
    args.wasteClass ? eq(wasteListings.wasteClass, args.wasteClass) : undefined,
  );
  const rows = db.all<{
    month: string;
    wasteClass: string;
    payer: "producer" | "recycler";
    n: number;
    middleSum: number;
    middleCount: number;
  }>(sql`
    WITH listed AS (
      SELECT ${month} AS month, ${wasteListings.wasteClass} AS waste_class,
             ${wasteListings.payer} AS payer, ${wasteListings.priceFenPerTonne} AS price
      FROM ${wasteListings}
      WHERE ${where}
    ), ranked AS (
      SELECT month, waste_class, payer, price,
             row_number() OVER (PARTITION BY month, waste_class, payer ORDER BY price) AS rn,
             count(*) OVER (PARTITION BY month, waste_class, payer) AS n
      FROM listed
    )
    SELECT month, waste_class AS wasteClass, payer, n,
           sum(price) AS middleSum, count(*) AS middleCount
    FROM ranked
    WHERE rn IN ((n + 1) / 2, n / 2 + 1)
    GROUP BY month, waste_class, payer
    ORDER BY month, waste_class, payer`);
  const byKey = new Map<string, WastePriceRow>();
  for (const row of rows) {
    const key = `${row.month}|${row.wasteClass}`;
    let out = byKey.get(key);
    if (!out) {
      out = {
        month: row.month,
        divisionCode: args.divisionCode,
        wasteClass: row.wasteClass,
        gateFee: { medianFenPerTonne: null, listings: 0 },
        pricePaid: { medianFenPerTonne: null, listings: 0 },
      };
      byKey.set(key, out);
    }
    // One middle row for an odd count; the two middle rows' mean, rounded half up, for an even one.
    const median = row.middleCount === 1 ? row.middleSum : Math.floor((row.middleSum + 1) / 2);
    out[row.payer === "producer" ? "gateFee" : "pricePaid"] = {
      medianFenPerTonne: median,
      listings: row.n,
    };
  }
  // By month, then in the order of the standard's classes (GB 55012-2021).
  const order = (wasteClass: string) => (wasteClassKeys as readonly string[]).indexOf(wasteClass);
  return [...byKey.values()].sort(
    (a, b) => a.month.localeCompare(b.month) || order(a.wasteClass) - order(b.wasteClass),
  );
}

function productPrices(args: {
  divisionCode: string;
  wholeProvince: boolean;
  period: { from: string; to: string };
  toAt: Date;
  productType?: string;
}): ProductPriceRow[] {
  const products = db
    .select({
      productType: recycledProducts.productType,
      createdAt: recycledProducts.createdAt,
      priceFenPerUnit: recycledProducts.priceFenPerUnit,
      massPerUnitG: recycledProducts.massPerUnitG,
    })
    .from(recycledProducts)
    .where(
      and(
        eq(recycledProducts.status, "active"),
        lt(recycledProducts.createdAt, args.toAt),
        args.wholeProvince ? undefined : eq(recycledProducts.divisionCode, args.divisionCode),
        args.productType ? eq(recycledProducts.productType, args.productType) : undefined,
      ),
    )
    .all();
  // Each type's products sorted by price per tonne once; each month takes those on offer by then.
  const byType = new Map<string, { since: string; price: Fraction }[]>();
  for (const p of products) {
    const list = byType.get(p.productType) ?? [];
    list.push({
      since: shanghaiMonth(p.createdAt),
      price: fenPerTonne(p.priceFenPerUnit, p.massPerUnitG),
    });
    byType.set(p.productType, list);
  }
  const rows: ProductPriceRow[] = [];
  const order = (type: string) => (productTypeKeys as readonly string[]).indexOf(type);
  const types = [...byType].sort(([a], [b]) => order(a) - order(b));
  for (const [, list] of types) list.sort((a, b) => compareFractions(a.price, b.price));
  for (let month = args.period.from; month <= args.period.to; month = addMonths(month, 1)) {
    for (const [productType, list] of types) {
      const onOffer = list.filter((p) => p.since <= month).map((p) => p.price);
      const median = medianOfFractions(onOffer);
      if (median === null) continue;
      rows.push({
        month,
        divisionCode: args.divisionCode,
        productType,
        medianFenPerTonne: median,
        products: onOffer.length,
      });
    }
  }
  return rows;
}
