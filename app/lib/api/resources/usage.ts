import { z } from "zod";
import { materialClassKeys } from "~/domain/reference/products";
import type { projectUsage } from "~/domain/usage/usage.server";
import { storedEnum, timestamp } from "~/lib/api/resources/parts";

/** One month's report of one material class. */
export const MaterialUseReport = z.object({
  id: z.int(),
  projectId: z.int(),
  materialClass: storedEnum(materialClassKeys),
  month: z.string(),
  totalKg: z.int(),
  offPlatformRecycledKg: z.int(),
  /** Evidence for the off-platform part is on file (uploaded on the web form). */
  hasEvidence: z.boolean(),
  note: z.string(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

type ReportRecord = Awaited<ReturnType<typeof projectUsage>>["reports"][number];

export function materialUseReport(report: ReportRecord): z.input<typeof MaterialUseReport> {
  return { ...report, hasEvidence: report.evidenceFile !== null };
}

/** A project's recycled-product usage rate per material class, against the target. */
export const ProjectUsage = z.object({
  projectId: z.int(),
  projectName: z.string(),
  governmentInvested: z.boolean(),
  /** The share of recycled products a government-invested project must reach in each class. */
  targetPercent: z.number(),
  /** For government-invested projects that reported: every reported class reaches the target. */
  complies: z.boolean().nullable(),
  classes: z.array(
    z.object({
      materialClass: storedEnum(materialClassKeys),
      totalKg: z.int(),
      /** Confirmed deliveries through the platform, in grams (exact). */
      deliveredGrams: z.int(),
      offPlatformKg: z.int(),
      /** Recycled share in basis points (1 % = 100); null until a total is reported. */
      rateBp: z.int().nullable(),
      complies: z.boolean().nullable(),
      /** Grams of recycled product still needed to reach the target. */
      missingGrams: z.int(),
    }),
  ),
  reports: z.array(MaterialUseReport),
});

export function projectUsageResource(
  usage: Awaited<ReturnType<typeof projectUsage>>,
): z.input<typeof ProjectUsage> {
  return {
    projectId: usage.project.id,
    projectName: usage.project.name,
    governmentInvested: usage.project.governmentInvested,
    targetPercent: usage.targetPercent,
    complies: usage.complies,
    classes: usage.classes,
    reports: usage.reports.map(materialUseReport),
  };
}
