import { z } from "zod";
import type { MessageKey } from "~/i18n/messages";

/**
 * The figures of one scope (the jurisdiction, a division of it, or a waste class) as they are
 * published: the dashboard's tonnes and utilization rates — the official statistics the targets
 * apply to. The dashboard's operational figures (manifest closure, deliveries, CO₂ estimates,
 * open alerts) stay live and are not published: they are read from the trips themselves, which
 * is too slow to recompute for every month a page lists to look for restatements.
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
});
export type FigureSet = z.output<typeof FigureSet>;
export const figureKeys = Object.keys(FigureSet.shape) as (keyof FigureSet)[];

/** How a figure is written: tonnes (from kg), a rate (from basis points) or a count. */
export function figureKind(figure: keyof FigureSet) {
  if (figure.endsWith("RateBp")) return "rate" as const;
  if (figure.endsWith("Kg")) return "kg" as const;
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
  definitionVersionId: "governance.definitionsVersion",
};
