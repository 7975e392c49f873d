import { z } from "zod";

/**
 * The figures the dashboard adds up over a month's trips, deliveries and usage reports (see
 * summarise): published since the dashboard reads them from the pre-aggregated order-months and
 * deliveries, which is as cheap as the tonnes. They are kept for the jurisdiction and each
 * division; a waste class has none of them (the dashboard does not count trips by waste class,
 * and counts deliveries by product material class, a scope of its own below). Open alerts are a
 * count of now, not of a month, and are never published. A changed CO₂ factor changes the estimates the dashboard
 * shows, so it shows as a difference too.
 *
 * Versions published before these figures were frozen do not carry them: such a figure was not
 * published in that version. It parses as absent, reads as "not published", and is never
 * compared with the current value, so an old version is not restated merely for lacking it.
 */
const operational = {
  dispatched: z.number(),
  closed: z.number(),
  closureRateBp: z.number().nullable(),
  deliveredGrams: z.number(),
  deliveries: z.number(),
  haulGrams: z.number(),
  avoidedGrams: z.number(),
  judgedProjects: z.number(),
  complyingProjects: z.number(),
};

/**
 * The figures of one scope as they are published, exactly as the dashboard showed them for the
 * month: the tonnes and utilization rates (the official statistics the targets apply to) for the
 * jurisdiction, a division or a waste class, and the operational figures above for the
 * jurisdiction and its divisions.
 */
export const FigureSet = z.object({
  generatedKg: z.number(),
  recycledKg: z.number(),
  backfilledKg: z.number(),
  landfilledKg: z.number(),
  transferredKg: z.number(),
  offPlatformKg: z.number(),
  manifests: z.number(),
  resourceRateBp: z.number().nullable(),
  comprehensiveRateBp: z.number().nullable(),
  ...z.object(operational).partial().shape,
});
export type FigureSet = z.output<typeof FigureSet>;
export type FigureKey = keyof FigureSet;
export const figureKeys = Object.keys(FigureSet.shape) as FigureKey[];

/** Recycled products delivered of one material class: the dashboard's deliveries by class. */
const DeliveredSet = z.object({ deliveredGrams: z.number(), deliveries: z.number() });

/** One scope's figures, whichever of them that scope has. */
export type ScopeFigures = Partial<Record<FigureKey, number | null>>;

/**
 * How a figure is written: tonnes (from kg), a rate (from basis points), a count, product mass
 * (from grams, shown in tonnes) or a CO₂e estimate (from grams).
 */
export type FigureKind = "kg" | "rate" | "count" | "productGrams" | "co2Grams";
const kinds: Record<FigureKey, FigureKind> = {
  generatedKg: "kg",
  recycledKg: "kg",
  backfilledKg: "kg",
  landfilledKg: "kg",
  transferredKg: "kg",
  offPlatformKg: "kg",
  manifests: "count",
  resourceRateBp: "rate",
  comprehensiveRateBp: "rate",
  dispatched: "count",
  closed: "count",
  closureRateBp: "rate",
  deliveredGrams: "productGrams",
  deliveries: "count",
  haulGrams: "co2Grams",
  avoidedGrams: "co2Grams",
  judgedProjects: "count",
  complyingProjects: "count",
};
export const figureKind = (figure: FigureKey): FigureKind => kinds[figure];

/**
 * A month's figures: what is frozen in `published_months.figures` — the jurisdiction's total,
 * each division's (the province only), each waste class's and the deliveries of each product
 * material class, with the definitions version the rates were computed with. Tonnes are integer
 * kilograms, rates basis points (1 % = 100), product mass and CO₂e whole grams.
 */
export const MonthFigures = z.object({
  definitionVersionId: z.number(),
  total: FigureSet,
  byDivision: z.record(z.string(), FigureSet),
  byClass: z.record(z.string(), FigureSet).default({}),
  deliveredByClass: z.record(z.string(), DeliveredSet).optional(),
});
export type MonthFigures = z.output<typeof MonthFigures>;

/**
 * Every scope of a month's figures by its name: "total", a division code, "class:" and a waste
 * class, "material:" and a product material class.
 */
export function scopesOf(figures: MonthFigures): Map<string, ScopeFigures> {
  return new Map<string, ScopeFigures>([
    ["total", figures.total],
    ...Object.entries(figures.byDivision),
    ...Object.entries(figures.byClass).map(([k, v]) => [`class:${k}`, v] as const),
    ...Object.entries(figures.deliveredByClass ?? {}).map(
      ([k, v]) => [`material:${k}`, v] as const,
    ),
  ]);
}

/** The figures a version published: those its total carries (see the note on `operational`). */
export const publishedKeys = (figures: MonthFigures) =>
  figureKeys.filter((key) => figures.total[key] !== undefined);

/**
 * A figure of a scope a version left out, having nothing to count there: no tonnes, no trips,
 * and no rate at all.
 */
export const valueOfNothing = (figure: FigureKey) => (figureKind(figure) === "rate" ? null : 0);
