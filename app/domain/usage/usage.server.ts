import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import {
  deliveries,
  materialUseReports,
  organisations,
  productOrders,
  projects,
  recycledProducts,
} from "#db/schema";
import { inValues, monthInShanghai } from "#db/sql";
import { read, returnedRow, write } from "#db/store";
import { type Actor, authorize } from "../access";
import { audit } from "../audit";
import { now, shanghaiMonth } from "../clock";
import { invalid } from "../errors";
import {
  definitionsInForce,
  divisionsOf,
  governmentCompliance,
  judgeClass,
  setUsageReport,
} from "../metrics";
import { getMyProject } from "../projects";
import { kgToTonnesText } from "../quantity";
import { type MaterialClass, materialClasses, productTypes } from "../reference";
import { DOCUMENT_TYPES, prepareUploads, storeUploads } from "../uploads.server";
import type { MaterialUseInput } from "./schemas";

const classOfType = new Map<string, MaterialClass>(
  productTypes.map((t) => [t.key, t.materialClass]),
);

/**
 * Recycled product received by projects: confirmed deliveries, in grams (exact), by project,
 * material class and the month the buyer confirmed them (Asia/Shanghai).
 */
async function deliveredGrams(projectIds: readonly number[]) {
  return read(async (db) => {
    if (projectIds.length === 0) return [];
    const month = monthInShanghai(deliveries.confirmedAt);
    const rows = await db
      .select({
        projectId: productOrders.projectId,
        productType: recycledProducts.productType,
        month,
        grams: sql<number>`sum(${deliveries.quantityMilli} * ${recycledProducts.massPerUnitG} / 1000)`,
      })
      .from(deliveries)
      .innerJoin(productOrders, eq(productOrders.id, deliveries.orderId))
      .innerJoin(recycledProducts, eq(recycledProducts.id, productOrders.productId))
      .where(and(inArray(productOrders.projectId, projectIds), isNotNull(deliveries.confirmedAt)))
      .groupBy(productOrders.projectId, recycledProducts.productType, month);
    return rows.map((r) => ({
      projectId: r.projectId,
      materialClass: classOfType.get(r.productType),
      month: r.month,
      grams: r.grams,
    }));
  });
}

/**
 * The contractor reports how much of a material class the project used in a month. The recycled
 * part is never typed for platform deliveries (they are counted from confirmed deliveries); only
 * recycled product bought elsewhere is declared here. Reporting the same month again replaces it.
 */
export async function reportMaterialUse(
  actor: Actor,
  input: MaterialUseInput,
  evidence?: { file: string; type: string },
) {
  authorize(actor, "material_use.report");
  const project = await getMyProject(actor, input.projectId);
  if (input.month > shanghaiMonth(now()))
    throw invalid("form.fixErrors", { month: "usage.futureMonth" });
  const deliveredKg = Math.ceil(
    (await deliveredGrams([project.id]))
      .filter((d) => d.materialClass === input.materialClass && d.month === input.month)
      .reduce((sum, d) => sum + d.grams, 0) / 1000,
  );
  if (deliveredKg + input.offPlatformRecycledKg > input.totalKg) {
    throw invalid(
      "usage.recycledExceedsTotal",
      { totalKg: "usage.recycledExceedsTotalField" },
      {
        recycled: kgToTonnesText(deliveredKg + input.offPlatformRecycledKg),
      },
    );
  }
  if (input.offPlatformRecycledKg > 0 && !evidence) {
    const existing = await read(
      async (db) =>
        (
          await db
            .select({ evidenceFile: materialUseReports.evidenceFile })
            .from(materialUseReports)
            .where(
              and(
                eq(materialUseReports.projectId, project.id),
                eq(materialUseReports.materialClass, input.materialClass),
                eq(materialUseReports.month, input.month),
              ),
            )
            .limit(1)
        )[0],
    );
    if (!existing?.evidenceFile)
      throw invalid("form.fixErrors", { evidence: "usage.evidenceRequired" });
  }
  return write(async (tx) => {
    const at = now();
    const values = {
      projectId: project.id,
      materialClass: input.materialClass,
      month: input.month,
      totalKg: input.totalKg,
      offPlatformRecycledKg: input.offPlatformRecycledKg,
      note: input.note,
      updatedAt: at,
      ...(evidence ? { evidenceFile: evidence.file, evidenceType: evidence.type } : {}),
    };
    const report = returnedRow(
      await tx
        .insert(materialUseReports)
        .values({ ...values, createdAt: at })
        .onConflictDoUpdate({
          target: [
            materialUseReports.projectId,
            materialUseReports.materialClass,
            materialUseReports.month,
          ],
          set: values,
        })
        .returning(),
    );
    if (project.governmentInvested) {
      await setUsageReport(tx, {
        divisionCode: project.divisionCode,
        projectId: project.id,
        materialClass: report.materialClass,
        month: report.month,
        totalKg: report.totalKg,
        offPlatformKg: report.offPlatformRecycledKg,
      });
    }
    await audit(
      tx,
      actor,
      "material_use.reported",
      { type: "material_use_report", id: report.id },
      {
        materialClass: input.materialClass,
        month: input.month,
        totalKg: input.totalKg,
        offPlatformRecycledKg: input.offPlatformRecycledKg,
      },
    );
    return report;
  });
}

export type ClassUsage = {
  materialClass: MaterialClass;
  totalKg: number;
  deliveredGrams: number;
  offPlatformKg: number;
  /** Recycled share in basis points; null until a total has been reported. */
  rateBp: number | null;
  /** For government-invested projects: whether the class meets the target, and what is missing. */
  complies: boolean | null;
  missingGrams: number;
};

type UsageReport = Pick<
  typeof materialUseReports.$inferSelect,
  "materialClass" | "totalKg" | "offPlatformRecycledKg"
>;

/**
 * The recycled-product usage rate per material class (DESIGN.md §4): recycled quantity used ÷
 * total quantity used, over every month reported. A government-invested project complies when
 * every class it reported reaches the target. One rule for a project's own page and for the
 * department's list of projects below it.
 */
function judgeUsage(
  governmentInvested: boolean,
  reports: readonly UsageReport[],
  delivered: readonly { materialClass: MaterialClass | undefined; grams: number }[],
  targetPercent: number,
) {
  const classes: ClassUsage[] = materialClasses
    .map(({ key }) => {
      const mine = reports.filter((r) => r.materialClass === key);
      const totalKg = mine.reduce((s, r) => s + r.totalKg, 0);
      const offPlatformKg = mine.reduce((s, r) => s + r.offPlatformRecycledKg, 0);
      const deliveredG = delivered
        .filter((d) => d.materialClass === key)
        .reduce((s, d) => s + d.grams, 0);
      const reported = mine.length > 0 && totalKg > 0;
      const judged = reported
        ? judgeClass(totalKg, deliveredG, offPlatformKg, targetPercent)
        : null;
      return {
        materialClass: key,
        totalKg,
        deliveredGrams: deliveredG,
        offPlatformKg,
        rateBp: judged?.rateBp ?? null,
        complies: governmentInvested && judged ? judged.complies : null,
        missingGrams: governmentInvested && judged ? judged.missingGrams : 0,
      };
    })
    .filter((c) => c.totalKg > 0 || c.deliveredGrams > 0);
  const judged = classes.filter((c) => c.complies !== null);
  return {
    classes,
    complies: governmentInvested && judged.length > 0 ? judged.every((c) => c.complies) : null,
  };
}

/** A project's usage rate per material class, for its own contractor. */
export async function projectUsage(actor: Actor, projectId: number) {
  return read(async (db) => {
    const project = await getMyProject(actor, projectId);
    const targetPercent = (await definitionsInForce()).usageTargetPct;
    const reports = await db
      .select()
      .from(materialUseReports)
      .where(eq(materialUseReports.projectId, projectId));
    const { classes, complies } = judgeUsage(
      project.governmentInvested,
      reports,
      await deliveredGrams([projectId]),
      targetPercent,
    );
    return { project, targetPercent, classes, reports, complies };
  });
}

/**
 * The government-invested projects of a jurisdiction whose reported use falls below the usage
 * rule in force, with the classes that miss it: for the department's alerts. Judged exactly as
 * each project's own page judges it.
 */
export async function projectsBelowUsageTarget(
  jurisdiction: string,
  page?: { limit: number; offset: number },
) {
  return read(async (db) => {
    const targetPercent = (await definitionsInForce()).usageTargetPct;
    const below = new Map(
      (await governmentCompliance(divisionsOf(jurisdiction), "to date", targetPercent))
        .filter((p) => !p.complies)
        .map((p) => [p.projectId, p.classes.filter((c) => !c.complies)]),
    );
    if (below.size === 0) return { targetPercent, total: 0, rows: [] };
    // Ordered by name and cut to the page in SQL: only the shown projects are read in full.
    const query = db
      .select({ project: projects, orgName: organisations.name })
      .from(projects)
      .innerJoin(organisations, eq(organisations.id, projects.orgId))
      .where(inValues(projects.id, [...below.keys()]))
      .orderBy(projects.name, projects.id);
    const shown = page ? await query.limit(page.limit).offset(page.offset) : await query;
    const rows = shown.map((row) => ({
      ...row,
      classes: below.get(row.project.id) ?? [],
    }));
    return { targetPercent, total: below.size, rows };
  });
}

/** A usage report with its evidence file (PDF or image), stored only if the report is. */
export async function recordMaterialUse(
  actor: Actor,
  input: MaterialUseInput,
  evidence: File | null,
) {
  authorize(actor, "material_use.report");
  const prepared = evidence
    ? await prepareUploads(
        [evidence],
        DOCUMENT_TYPES,
        "evidence",
        "usage.evidenceType",
        "usage.evidenceTooLarge",
      )
    : [];
  return await storeUploads(
    prepared,
    async () =>
      await reportMaterialUse(
        actor,
        input,
        prepared[0] ? { file: prepared[0].fileName, type: prepared[0].type } : undefined,
      ),
  );
}
