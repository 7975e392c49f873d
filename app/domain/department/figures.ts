import { z } from "zod";
import type { MessageKey } from "~/i18n/messages";

/**
 * The figures of one scope (the jurisdiction, a division of it, or a waste class) as they are
 * published: the dashboard's tonnes and rates, and — for the jurisdiction and its divisions, not
 * per waste class — its trip, delivery, CO₂ and usage-rule figures.
 */
const optional = z.number().nullable().optional();
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
  /** Trips dispatched in the month (voided excluded), and of them received or rejected. */
  dispatched: optional,
  closed: optional,
  closureRateBp: optional,
  /** Recycled products delivered to projects, grams. */
  deliveredGrams: optional,
  /** Estimates, whole grams of CO₂e. */
  haulGrams: optional,
  avoidedGrams: optional,
  /** Government-invested projects judged against the usage rule, and those meeting it. */
  governmentProjectsJudged: optional,
  governmentProjectsComplying: optional,
});
export type FigureSet = z.output<typeof FigureSet>;
export const figureKeys = Object.keys(FigureSet.shape) as (keyof FigureSet)[];

/** How a figure is written: tonnes (kg), grams of product (as tonnes), CO₂ grams, a rate or a count. */
export function figureKind(figure: keyof FigureSet) {
  if (figure.endsWith("RateBp")) return "rate" as const;
  if (figure.endsWith("Kg")) return "kg" as const;
  if (figure === "deliveredGrams") return "productGrams" as const;
  if (figure.endsWith("Grams")) return "co2Grams" as const;
  return "count" as const;
}

/**
 * A month's figures: what is frozen in `published_months.figures` — the jurisdiction's total,
 * each division's (the province only) and each waste class's, with the definitions version the
 * rates were computed with. Tonnes are integer kilograms, rates basis points (1 % = 100).
 */
export const MonthFigures = z.object({
  definitionVersionId: z.number(),
  total: FigureSet,
  byDivision: z.record(z.string(), FigureSet),
  byClass: z.record(z.string(), FigureSet).default({}),
});
export type MonthFigures = z.output<typeof MonthFigures>;

/** What each published figure is called, in the dashboard's own words (pages and exports). */
export const figureLabels: Record<keyof FigureSet | "definitionVersionId", MessageKey> = {
  generatedKg: "department.generated",
  recycledKg: "department.recycled",
  backfilledKg: "department.backfilled",
  landfilledKg: "department.landfilled",
  transferredKg: "governance.transferred",
  offPlatformKg: "department.offPlatform",
  manifests: "governance.manifests",
  resourceRateBp: "department.resourceRate",
  comprehensiveRateBp: "department.comprehensiveRate",
  dispatched: "governance.dispatched",
  closed: "governance.closed",
  closureRateBp: "department.closure",
  deliveredGrams: "department.delivered",
  haulGrams: "department.haulCo2",
  avoidedGrams: "department.avoidedCo2",
  governmentProjectsJudged: "governance.projectsJudged",
  governmentProjectsComplying: "governance.projectsComplying",
  definitionVersionId: "governance.definitionsVersion",
};
