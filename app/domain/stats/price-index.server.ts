import { and, between, count, eq, lt, max, sql } from "drizzle-orm";
import { auditEvents, recycledProducts, wasteListings } from "#db/schema";
import { read } from "#db/store";
import { type Actor, authorize } from "../access";
import { addMonths, now, shanghaiDayStart, shanghaiMonth } from "../clock";
import { notFound } from "../errors";
import { covers } from "../metrics";
import { PROVINCE_CODE, productTypeKeys, wasteClassKeys } from "../reference";
import {
  compareFractions,
  type Fraction,
  fenPerTonne,
  medianFen,
  medianOfFractions,
  type PriceIndexQuery,
} from "./price-index";
import { MAX_MONTHS } from "./queries";

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

export async function priceIndex(actor: Actor, query: PriceIndexQuery): Promise<PriceIndex> {
  authorize(actor, "stats.read");
  const jurisdiction = actor.divisionCode;
  const divisionCode = query.division ?? jurisdiction;
  if (divisionCode !== jurisdiction && !covers(jurisdiction, divisionCode)) {
    // Outside the jurisdiction reads as absent, as another organisation's records do.
    throw notFound("prices.divisionOutside");
  }
  const period = pricePeriod(query);
  const key = JSON.stringify([divisionCode, period, query.wasteClass, query.productType]);
  const stamp = await auditStamp();
  const cached = computed.get(key);
  if (cached?.stamp === stamp) return { ...cached.value, jurisdiction };
  const toAt = shanghaiDayStart(`${addMonths(period.to, 1)}-01`);
  const wholeProvince = divisionCode === PROVINCE_CODE;
  const value: PriceIndex = {
    jurisdiction,
    divisionCode,
    period,
    waste: await wastePrices({ divisionCode, wholeProvince, period, wasteClass: query.wasteClass }),
    products: await productPrices({
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
 * Computed indexes, by query. A province's year still counts every listing of the period
 * through the price index and sorts every product's price, some tens of milliseconds, for a page
 * that is opened again and again with the same query; so a result is kept while it cannot have
 * changed. Every change to a listing or a product (creation, publication, edit) writes an audit
 * event in its own transaction, so the newest audit event id — read through the primary key —
 * says when to compute again. Loads that bypass the services (the demo seed, benchmarks) run before the server.
 */
const computed = new Map<string, { stamp: number; value: PriceIndex }>();
const MAX_COMPUTED = 200;

async function auditStamp(): Promise<number> {
  return read(async (db) => {
    return (
      (
        await db
          .select({ id: max(auditEvents.id) })
          .from(auditEvents)
          .limit(1)
      )[0]?.id ?? 0
    );
  });
}

/**
 * Medians read from the price indexes on the listings (db/schema/waste.ts) instead of sorted:
 * there each month's listings of a class and payer lie in price order, so a count of the group
 * and a step to its one or two middle entries give the exact median, from the index alone.
 */
async function wastePrices(args: {
  divisionCode: string;
  wholeProvince: boolean;
  period: { from: string; to: string };
  wasteClass?: string;
}): Promise<WastePriceRow[]> {
  return read(async (db) => {
    const inDivision = args.wholeProvince
      ? undefined
      : eq(wasteListings.divisionCode, args.divisionCode);
    const groups = await db
      .select({
        // Never null: only published listings have a month in the period.
        month: sql<string>`${wasteListings.publishedMonth}`,
        wasteClass: wasteListings.wasteClass,
        payer: wasteListings.payer,
        listings: count(),
      })
      .from(wasteListings)
      .where(
        and(
          between(wasteListings.publishedMonth, args.period.from, args.period.to),
          inDivision,
          args.wasteClass ? eq(wasteListings.wasteClass, args.wasteClass) : undefined,
        ),
      )
      .groupBy(wasteListings.publishedMonth, wasteListings.wasteClass, wasteListings.payer);
    const middle = db
      .select({ price: wasteListings.priceFenPerTonne })
      .from(wasteListings)
      .where(
        and(
          eq(wasteListings.publishedMonth, sql.placeholder("month")),
          eq(wasteListings.wasteClass, sql.placeholder("wasteClass")),
          eq(wasteListings.payer, sql.placeholder("payer")),
          inDivision,
        ),
      )
      .orderBy(wasteListings.priceFenPerTonne)
      .limit(sql.placeholder("take"))
      .offset(sql.placeholder("skip"))
      .prepare();
    const byKey = new Map<string, WastePriceRow>();
    for (const row of groups) {
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
      // The middle price of an odd count, the two middle ones of an even count: their median is
      // the group's.
      const middlePrices = (
        await middle.execute({
          month: row.month,
          wasteClass: row.wasteClass,
          payer: row.payer,
          take: 2 - (row.listings % 2),
          skip: Math.floor((row.listings - 1) / 2),
        })
      ).map((m) => m.price);
      out[row.payer === "producer" ? "gateFee" : "pricePaid"] = {
        medianFenPerTonne: medianFen(middlePrices),
        listings: row.listings,
      };
    }
    // By month, then in the order of the standard's classes (GB 55012-2021).
    const order = (wasteClass: string) => (wasteClassKeys as readonly string[]).indexOf(wasteClass);
    return [...byKey.values()].sort(
      (a, b) => a.month.localeCompare(b.month) || order(a.wasteClass) - order(b.wasteClass),
    );
  });
}

async function productPrices(args: {
  divisionCode: string;
  wholeProvince: boolean;
  period: { from: string; to: string };
  toAt: Date;
  productType?: string;
}): Promise<ProductPriceRow[]> {
  return read(async (db) => {
    const products = await db
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
      );
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
  });
}
