import { sql } from "drizzle-orm";
import { inValues, rowsOf } from "#db/sql";
import { read } from "#db/store";
import { RememberedByDivision } from "./remembered.server";
import type { Period } from "./scope.server";
import { inDivisions, inMonths } from "./trips.server";

/** What a project reported using of one material class over a period's months. */
type UsageCell = {
  projectId: number;
  divisionCode: string;
  materialClass: string;
  totalKg: number;
  offPlatformRecycledKg: number;
  deliveredGrams: number;
};

export type ClassCompliance = {
  materialClass: string;
  totalKg: number;
  /** Confirmed deliveries of the class in the period, grams. */
  deliveredGrams: number;
  /** Recycled product bought elsewhere, declared with evidence, kg. */
  offPlatformKg: number;
  recycledGrams: number;
  /** Recycled share in basis points. */
  rateBp: number;
  neededGrams: number;
  missingGrams: number;
  complies: boolean;
};

export type ProjectCompliance = {
  projectId: number;
  divisionCode: string;
  complies: boolean;
  classes: ClassCompliance[];
};

/**
 * One class of a project against the usage rule: its recycled part (deliveries + declared
 * off-platform purchases) against the target share of the total reported, in integer grams — no
 * rounding to argue about. The one judgement for the project's page, the dashboard and alerts.
 */
export function judgeClass(
  totalKg: number,
  deliveredGrams: number,
  offPlatformKg: number,
  targetPct: number,
) {
  const recycledGrams = deliveredGrams + offPlatformKg * 1000;
  const neededGrams = totalKg * 10 * targetPct;
  return {
    recycledGrams,
    neededGrams,
    missingGrams: Math.max(0, neededGrams - recycledGrams),
    rateBp: Math.round((recycledGrams * 10) / totalKg),
    complies: recycledGrams >= neededGrams,
  };
}

/**
 * The usage rule (川建行规〔2024〕12号, DESIGN.md §4) for a period: a government-invested project
 * that reported using a material class in the period's months complies when its recycled part —
 * confirmed deliveries of that class in those months plus declared off-platform purchases — is at
 * least the target share of the total, for every class it reported. Projects that reported
 * nothing in the period are not judged. Read from stat_usage_monthly (reports and deliveries side
 * by side, per project, class and month), or for everything to date from stat_usage_to_date.
 */
export async function governmentCompliance(
  codes: string[],
  period: Period | "to date",
  targetPct: number,
  projectId?: number,
): Promise<readonly ProjectCompliance[]> {
  if (codes.length === 0) return [];
  const judged =
    period === "to date" || projectId !== undefined
      ? judge(await usageOf(codes, period, projectId), targetPct)
      : Array.from(
          await judgedByDivision.of(codes, period, String(targetPct)),
          ([, projects]) => projects,
        ).flat();
  return judged.sort(
    (a, b) => Number(b.complies) - Number(a.complies) || a.projectId - b.projectId,
  );
}

/** Judges each project's classes; a project complies when every class it reported does. */
function judge(usage: readonly UsageCell[], targetPct: number): ProjectCompliance[] {
  const projects = new Map<number, ProjectCompliance>();
  for (const u of usage) {
    const entry: ClassCompliance = {
      materialClass: u.materialClass,
      totalKg: u.totalKg,
      deliveredGrams: u.deliveredGrams,
      offPlatformKg: u.offPlatformRecycledKg,
      ...judgeClass(u.totalKg, u.deliveredGrams, u.offPlatformRecycledKg, targetPct),
    };
    const project = projects.get(u.projectId);
    if (project) {
      project.classes.push(entry);
      project.complies &&= entry.complies;
    } else {
      projects.set(u.projectId, {
        projectId: u.projectId,
        divisionCode: u.divisionCode,
        complies: entry.complies,
        classes: [entry],
      });
    }
  }
  return [...projects.values()];
}

/** The usage cells of some divisions: their projects' sums per class over the period. */
async function usageOf(
  codes: string[],
  period: Period | "to date",
  projectId?: number,
): Promise<UsageCell[]> {
  return read(async (db) => {
    const ofProject = projectId === undefined ? sql`` : sql`AND project_id = ${projectId}`;
    const columns = sql`project_id AS "projectId", division_code AS "divisionCode",
    material_class AS "materialClass"`;
    if (period === "to date") {
      return await rowsOf<UsageCell>(
        db,
        sql`
        SELECT ${columns}, total_kg AS "totalKg", off_platform_kg AS "offPlatformRecycledKg",
          delivered_grams AS "deliveredGrams"
        FROM stat_usage_to_date
        WHERE ${inDivisions(codes)} ${ofProject} AND total_kg > 0`,
      );
    }
    return await rowsOf<UsageCell>(
      db,
      sql`
      SELECT ${columns}, sum(total_kg) AS "totalKg",
        sum(off_platform_kg) AS "offPlatformRecycledKg", sum(delivered_grams) AS "deliveredGrams"
      FROM stat_usage_monthly
      WHERE ${inDivisions(codes)} AND ${inMonths(period)} ${ofProject}
      GROUP BY project_id, material_class
      HAVING sum(total_kg) > 0`,
    );
  });
}

/**
 * A period's judged projects by division, judged again only for divisions whose figures changed:
 * the grouped sum of a year of a province's project-class-months is most of the dashboard's
 * time. The judgements are shared between views: read them, never change them.
 */
const judgedByDivision = new RememberedByDivision<ProjectCompliance>(
  256,
  async (codes, period, targetPct) => judge(await usageOf(codes, period), Number(targetPct)),
);

/** Names the projects of some compliance rows: only those a page shows, not all judged. */
export async function withNames<T extends { projectId: number }>(rows: readonly T[]) {
  return read(async (db) => {
    if (rows.length === 0) return [];
    const named = await rowsOf<{ id: number; name: string }>(
      db,
      sql`
      SELECT id, name FROM projects
      WHERE ${inValues(
        sql.identifier("id"),
        rows.map((r) => r.projectId),
      )}`,
    );
    const names = new Map(named.map((p) => [p.id, p.name]));
    return rows.map((r) => ({ ...r, name: names.get(r.projectId) ?? "" }));
  });
}
