import { z } from "zod";
import { storedEnum, timestamp } from "~/lib/resources";
import { productTypeKeys } from "../reference/products";
import { wasteClassKeys } from "../reference/waste";

/**
 * What the department API sends (allow-lists, io "output"): the dashboard's figures, the
 * published months and the price index, each for the token's jurisdiction only.
 */

const month = z.string().regex(/^\d{4}-\d{2}$/);

const Tonnage = z.object({
  generatedKg: z.int(),
  recycledKg: z.int(),
  backfilledKg: z.int(),
  landfilledKg: z.int(),
  transferredKg: z.int(),
  offPlatformKg: z.int(),
  manifests: z
    .int()
    .meta({ description: "Received manifests (truck trips) the tonnes come from." }),
});

const Rate = z.object({
  partKg: z.int(),
  wholeKg: z.int(),
  rateBp: z
    .int()
    .nullable()
    .meta({ description: "partKg ÷ wholeKg in basis points (1 % = 100); null when wholeKg is 0." }),
  targetPct: z.int(),
  meetsTarget: z
    .boolean()
    .nullable()
    .meta({ description: "partKg × 100 ≥ targetPct × wholeKg; null when wholeKg is 0." }),
});

const Closure = z
  .object({
    dispatched: z.int(),
    closed: z.int(),
    received: z.int(),
    rejected: z.int(),
    open: z.int(),
    rateBp: z.int().nullable(),
  })
  .meta({
    description:
      "Manifest closure: trips dispatched in the period (voided ones excluded) that were received or rejected.",
  });

const Trips = {
  closure: Closure,
  haulKgm: z.int().meta({
    description:
      "Haul work, exact: Σ net kilograms received × the order's straight-line route in metres (10⁶ kg·m = 1 t·km before the road factor).",
  }),
  haulGrams: z
    .int()
    .meta({ description: "Haul CO₂e, whole grams: an estimate from the factors in `factors`." }),
  haulNetKg: z.int().meta({ description: "Net kilograms the haul estimate covers." }),
  deliveredGrams: z
    .int()
    .meta({ description: "Recycled products delivered to projects (confirmed), grams." }),
  deliveries: z.int(),
};

const Figures = Tonnage.extend({
  resource: Rate.meta({ description: "Resource utilization rate: recycled ÷ generated." }),
  comprehensive: Rate.meta({
    description: "Comprehensive utilization rate: (recycled + backfilled) ÷ generated.",
  }),
  ...Trips,
});

const Estimates = {
  avoidedGrams: z.int().meta({
    description: "CO₂e avoided by recycling, whole grams: an estimate (recycled t × factor).",
  }),
  openAlerts: z.int().meta({ description: "Trip alerts open now." }),
};

export const DepartmentFigures = z.object({
  jurisdiction: z.string(),
  period: z.object({ from: month, to: month }),
  definitions: z
    .object({
      id: z.int(),
      effectiveFrom: month,
      resourceClasses: z.array(z.string()),
      comprehensiveClasses: z.array(z.string()),
      resourceTargetPct: z.int(),
      comprehensiveTargetPct: z.int(),
      usageTargetPct: z.int(),
    })
    .meta({
      description:
        "The definitions version the rates follow: the one in force for the period's last month.",
    }),
  factors: z
    .object({
      roadFactor: z.number(),
      co2GramsPerTonneKm: z.number(),
      avoidedGramsPerTonne: z.number(),
    })
    .meta({ description: "The factors behind the CO₂ estimates." }),
  total: Figures.extend(Estimates),
  openAlertsByKind: z.record(z.string(), z.int()),
  byMonth: z.array(Figures.extend({ month })),
  byDivision: z.array(Figures.extend({ divisionCode: z.string(), ...Estimates })).meta({
    description:
      "For the province: its 21 cities and prefectures, largest first. Empty for a city.",
  }),
  byClass: z.array(
    Tonnage.extend({
      wasteClass: z.string(),
      inResourceRate: z.boolean(),
      inComprehensiveRate: z.boolean(),
    }),
  ),
  deliveredByClass: z.array(
    z.object({ materialClass: z.string(), grams: z.int(), deliveries: z.int() }),
  ),
  compliance: z
    .object({
      targetPct: z.int(),
      judged: z.int(),
      complying: z.int(),
      projects: z.array(
        z.object({ projectId: z.int(), name: z.string(), divisionCode: z.string() }),
      ),
    })
    .meta({
      description:
        "Government-invested projects judged under the usage rule in the period, and those complying (the first 20 listed).",
    }),
});

export const PublishedMonthList = z.object({
  items: z.array(
    z.object({
      jurisdiction: z.string(),
      month,
      version: z.int().meta({ description: "1 when first published; each restatement adds one." }),
      definitionVersionId: z.int(),
      figures: z
        .record(z.string(), z.unknown())
        .meta({ description: "The figures as published, frozen." }),
      explanation: z.string().meta({ description: "For a restatement: what changed and why." }),
      publishedAt: timestamp,
    }),
  ),
});

const median = z
  .int()
  .nullable()
  .meta({ description: "Whole fen per tonne; null for no listings." });

export const PriceIndexResource = z.object({
  jurisdiction: z.string(),
  divisionCode: z.string().meta({
    description: "The division the rows describe: the jurisdiction as a whole, or one within it.",
  }),
  period: z.object({ from: month, to: month }),
  waste: z.array(
    z.object({
      month,
      divisionCode: z.string(),
      wasteClass: storedEnum(wasteClassKeys),
      gateFee: z
        .object({ medianFenPerTonne: median, listings: z.int() })
        .meta({ description: "Listings where the producer pays the recycler a gate fee." }),
      pricePaid: z
        .object({ medianFenPerTonne: median, listings: z.int() })
        .meta({ description: "Listings where the recycler pays for the waste." }),
    }),
  ),
  products: z.array(
    z.object({
      month,
      divisionCode: z.string(),
      productType: storedEnum(productTypeKeys),
      medianFenPerTonne: z.int(),
      products: z.int(),
    }),
  ),
});
