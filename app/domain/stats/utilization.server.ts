import { sql } from "drizzle-orm";
import { inValues, rowsOf } from "#db/sql";
import { read } from "#db/store";
import type { Actor } from "../access";
import { addMonths, now, shanghaiMonth } from "../clock";
import {
  type Definitions,
  definitionsFor,
  divisionsOf,
  jurisdictionOf,
  MAX_PERIOD_MONTHS,
  monthsOf,
  OFF_PLATFORM,
  type Period,
  RememberedByDivision,
  rateBp,
} from "../metrics";
import { PROVINCE_CODE, wasteClassKeys } from "../reference";

export type { Period } from "../metrics";

export function resolvePeriod(query: { from?: string; to?: string }): Period {
  const to = query.to ?? shanghaiMonth(now());
  const earliest = addMonths(to, 1 - MAX_PERIOD_MONTHS);
  const from = query.from && query.from <= to ? query.from : addMonths(to, -11);
  // biome-ignore lint/complexity/useMathMinMax: months are "YYYY-MM" strings, compared as text
  return { from: from < earliest ? earliest : from, to };
}

export type Tonnage = {
  generatedKg: number;
  recycledKg: number;
  backfilledKg: number;
  landfilledKg: number;
  transferredKg: number;
  /** Declared at listing close-out as disposed of outside the platform: generated, not utilised. */
  offPlatformKg: number;
  /** Received manifests (trips) the tonnes come from. */
  manifests: number;
};

export const emptyTonnage = (): Tonnage => ({
  generatedKg: 0,
  recycledKg: 0,
  backfilledKg: 0,
  landfilledKg: 0,
  transferredKg: 0,
  offPlatformKg: 0,
  manifests: 0,
});

/** Where a destination's tonnes go: recycled, backfilled, landfilled, transferred or off-platform. */
export const destinationKey: Record<string, keyof Tonnage> = {
  recycling_plant: "recycledKg",
  backfill_site: "backfilledKg",
  landfill: "landfilledKg",
  transfer_station: "transferredKg",
  [OFF_PLATFORM]: "offPlatformKg",
};

/** Adds received (or declared) kilograms of one destination type to a tonnage. */
export function addTonnes(into: Tonnage, facilityType: string, netKg: number, trips: number) {
  into.generatedKg += netKg;
  into.manifests += trips;
  const key = destinationKey[facilityType];
  if (key) into[key] += netKg;
}

export function sumTonnage(into: Tonnage, add: Tonnage) {
  for (const key of Object.keys(into) as (keyof Tonnage)[]) into[key] += add[key];
}

/** A rate as its two exact sums, the rate in basis points and how it stands against its target. */
export type Rate = {
  partKg: number;
  wholeKg: number;
  rateBp: number | null;
  targetPct: number;
  /** Compared as integers: part × 100 ≥ target × whole. Null while nothing was generated. */
  meetsTarget: boolean | null;
};

function rate(partKg: number, wholeKg: number, targetPct: number): Rate {
  return {
    partKg,
    wholeKg,
    rateBp: rateBp(partKg, wholeKg),
    targetPct,
    meetsTarget: wholeKg > 0 ? partKg * 100 >= targetPct * wholeKg : null,
  };
}

export type Figures = Tonnage & { resource: Rate; comprehensive: Rate };

/** Tonnes of one bucket (a month, a division, the total) kept by waste class. */
export class ClassTonnage {
  readonly byClass = new Map<string, Tonnage>();

  add(wasteClass: string, facilityType: string, netKg: number, trips: number) {
    let bucket = this.byClass.get(wasteClass);
    if (!bucket) {
      bucket = emptyTonnage();
      this.byClass.set(wasteClass, bucket);
    }
    addTonnes(bucket, facilityType, netKg, trips);
  }

  /** All classes together, with both rates counted over the classes the definitions list. */
  figures(definitions: Definitions): Figures {
    const total = emptyTonnage();
    const resource = emptyTonnage();
    const comprehensive = emptyTonnage();
    for (const [wasteClass, t] of this.byClass) {
      sumTonnage(total, t);
      if (definitions.resourceClasses.includes(wasteClass)) sumTonnage(resource, t);
      if (definitions.comprehensiveClasses.includes(wasteClass)) sumTonnage(comprehensive, t);
    }
    return {
      ...total,
      resource: rate(resource.recycledKg, resource.generatedKg, definitions.resourceTargetPct),
      comprehensive: rate(
        comprehensive.recycledKg + comprehensive.backfilledKg,
        comprehensive.generatedKg,
        definitions.comprehensiveTargetPct,
      ),
    };
  }
}

type MonthlyCell = {
  divisionCode: string;
  month: string;
  wasteClass: string;
  facilityType: string;
  netKg: number;
  trips: number;
};

/**
 * Each division's stat_monthly rows of a period (exact sums kept with their records), read again
 * only for the divisions whose figures changed since the last view of that period.
 */
const monthlyByDivision = new RememberedByDivision<MonthlyCell>(256, async (codes, period) =>
  read(
    async (db) =>
      await rowsOf<MonthlyCell>(
        db,
        sql`
      SELECT division_code AS "divisionCode", month, waste_class AS "wasteClass",
        facility_type AS "facilityType", net_kg AS "netKg", trips
      FROM stat_monthly
      WHERE month >= ${period.from} AND month <= ${period.to}
        AND ${inValues(sql.identifier("division_code"), codes)}`,
      ),
  ),
);

/**
 * The tonnage figures (DESIGN.md §4) of an area — the province or one division — and a period of
 * whole months, by receipt date in Asia/Shanghai, read from stat_monthly (kept in the same
 * transactions as the receipts and close-outs it sums): generated = net tonnes of every received
 * manifest from projects in the area plus what listings closed in the period declared disposed of
 * off-platform; recycled / backfilled / landfilled / transferred = received at that facility type.
 * The rates count only the waste classes of the definitions in force for the period's last month.
 */
export async function areaTonnage(area: string, period: Period, given?: Definitions) {
  const definitions = given ?? (await definitionsFor(period.to));
  const codes = divisionsOf(area);
  const total = new ClassTonnage();
  const byMonth = new Map(monthsOf(period).map((m) => [m, new ClassTonnage()]));
  const byDivision = new Map(codes.map((c) => [c, new ClassTonnage()]));
  for (const [code, cells] of await monthlyByDivision.of(codes, period)) {
    const division = byDivision.get(code);
    for (const c of cells) {
      for (const bucket of [total, division, byMonth.get(c.month)]) {
        bucket?.add(c.wasteClass, c.facilityType, c.netKg, c.trips);
      }
    }
  }
  const classes = [
    ...wasteClassKeys,
    ...[...total.byClass.keys()].filter((k) => !(wasteClassKeys as string[]).includes(k)).sort(),
  ];
  return {
    area,
    period,
    definitions,
    total: total.figures(definitions),
    byMonth: [...byMonth].map(([month, t]) => ({ month, ...t.figures(definitions) })),
    byDivision: [...byDivision]
      .map(([divisionCode, t]) => ({ divisionCode, ...t.figures(definitions) }))
      .sort(
        (a, b) => b.generatedKg - a.generatedKg || a.divisionCode.localeCompare(b.divisionCode),
      ),
    byClass: classes.map((wasteClass) => ({
      wasteClass,
      ...(total.byClass.get(wasteClass) ?? emptyTonnage()),
      inResourceRate: definitions.resourceClasses.includes(wasteClass),
      inComprehensiveRate: definitions.comprehensiveClasses.includes(wasteClass),
    })),
  };
}

/** The department's tonnage figures for its jurisdiction (see areaTonnage). */
export async function utilization(actor: Actor, period: Period) {
  const jurisdiction = jurisdictionOf(actor);
  const figures = await areaTonnage(jurisdiction, period);
  return {
    jurisdiction,
    ...figures,
    byDivision: jurisdiction === PROVINCE_CODE ? figures.byDivision : [],
  };
}
