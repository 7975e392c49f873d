import { z } from "zod";
import { productTypeKeys } from "~/domain/reference/products";
import { wasteClassKeys } from "~/domain/reference/waste";
import { storedEnum, timestamp } from "~/lib/api/resources/parts";

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

/** A figure frozen only in versions published since the operational figures were. */
const sinceOperational = <T extends z.ZodType>(schema: T, description: string) =>
  schema.optional().meta({
    description: `${description} Absent from versions published before these figures were frozen with the month (they were not published); absent for a waste class.`,
  });

const PublishedFigures = z.object({
  ...Tonnage.shape,
  resourceRateBp: z.int().nullable(),
  comprehensiveRateBp: z.int().nullable(),
  dispatched: sinceOperational(z.int(), "Trips dispatched in the month, voided ones excluded."),
  closed: sinceOperational(z.int(), "Of the trips dispatched in the month: received or rejected."),
  closureRateBp: sinceOperational(
    z.int().nullable(),
    "closed ÷ dispatched in basis points; null when nothing was dispatched.",
  ),
  deliveredGrams: sinceOperational(
    z.int(),
    "Recycled products delivered to projects (confirmed in the month), grams.",
  ),
  deliveries: sinceOperational(z.int(), "Confirmed deliveries."),
  haulGrams: sinceOperational(z.int(), "Haul CO₂e, whole grams: an estimate."),
  avoidedGrams: sinceOperational(z.int(), "CO₂e avoided by recycling, whole grams: an estimate."),
  judgedProjects: sinceOperational(
    z.int(),
    "Government-invested projects judged under the usage rule on the month's reports.",
  ),
  complyingProjects: sinceOperational(z.int(), "Of those judged: complying."),
});

const PublishedMonthFigures = z.object({
  definitionVersionId: z.int(),
  total: PublishedFigures,
  byDivision: z
    .record(z.string(), PublishedFigures)
    .meta({ description: "For the province: each city or prefecture with anything to count." }),
  byClass: z
    .record(z.string(), PublishedFigures)
    .meta({ description: "Each waste class received: its tonnes and its own rates." }),
  deliveredByClass: z
    .record(z.string(), z.object({ deliveredGrams: z.int(), deliveries: z.int() }))
    .optional()
    .meta({
      description:
        "Recycled products delivered, by product material class. Absent from versions published before deliveries were frozen with the month.",
    }),
});

export const PublishedMonthList = z.object({
  items: z.array(
    z.object({
      jurisdiction: z.string(),
      month,
      version: z.int().meta({ description: "1 when first published; each restatement adds one." }),
      definitionVersionId: z.int(),
      figures: PublishedMonthFigures.meta({
        description:
          "The figures as published, frozen: exactly what the dashboard showed for the month. Tonnes are kilograms, rates basis points.",
      }),
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
