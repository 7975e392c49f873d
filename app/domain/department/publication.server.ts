import { and, desc, eq, gte, inArray, lte, sql } from "drizzle-orm";
import { organisations, publishedMonths, users } from "#db/schema";
import { rowOf } from "#db/sql";
import { read, returnedRow, write } from "#db/store";
import { type Actor, authorize, can } from "../access";
import { audit } from "../audit";
import { addMonths, now, shanghaiMonth } from "../clock";
import { conflict, invalid } from "../errors";
import {
  definitionsFor,
  definitionsForPeriod,
  divisionsOf,
  type FigureKey,
  type FigureSet,
  inDivisions,
  jurisdictionOf,
  MonthFigures,
  publishedKeys,
  rateBp,
  type ScopeFigures,
  scopesOf,
  valueOfNothing,
} from "../metrics";
import { notify } from "../notifications";
import { PROVINCE_CODE } from "../reference";
import { areaFigures, type Tonnage } from "../stats";
import type { PublishInput } from "./schemas";
import { departmentJurisdiction } from "./scope";

type AreaFigures = Awaited<ReturnType<typeof areaFigures>>;

/** Tonnes and both rates, for any scope. */
function tonnageSet(t: Tonnage, resourceRateBp: number | null, comprehensiveRateBp: number | null) {
  return {
    generatedKg: t.generatedKg,
    recycledKg: t.recycledKg,
    backfilledKg: t.backfilledKg,
    landfilledKg: t.landfilledKg,
    transferredKg: t.transferredKg,
    offPlatformKg: t.offPlatformKg,
    manifests: t.manifests,
    resourceRateBp,
    comprehensiveRateBp,
  };
}

/** The jurisdiction or one division: every figure the dashboard shows for it. */
function areaSet(
  f: AreaFigures["total"] | AreaFigures["byDivision"][number],
  compliance: { judged: number; complying: number },
): FigureSet {
  return {
    ...tonnageSet(f, f.resource.rateBp, f.comprehensive.rateBp),
    dispatched: f.closure.dispatched,
    closed: f.closure.closed,
    closureRateBp: f.closure.rateBp,
    deliveredGrams: f.deliveredGrams,
    deliveries: f.deliveries,
    haulGrams: f.haulGrams,
    avoidedGrams: f.avoidedGrams,
    judgedProjects: compliance.judged,
    complyingProjects: compliance.complying,
  };
}

/** A waste class on its own: its rates are simply its own recycled (and backfilled) share. */
function classSet(t: Tonnage): FigureSet {
  return tonnageSet(
    t,
    rateBp(t.recycledKg, t.generatedKg),
    rateBp(t.recycledKg + t.backfilledKg, t.generatedKg),
  );
}

/** A scope with nothing in it is left out of the snapshot: it compares as all zero anyway. */
const hasAny = (set: ScopeFigures) => Object.values(set).some((v) => v !== 0 && v !== null);

/**
 * A month's figures for the actor's jurisdiction as the dashboard computes them now (the very
 * function behind the dashboard, for the month as its period), with the definitions version that
 * applies to the month: a published month is exactly what the dashboard showed for it when it was
 * published.
 */
export async function currentFigures(actor: Actor, month: string): Promise<MonthFigures> {
  const jurisdiction = jurisdictionOf(actor);
  const f = await areaFigures(jurisdiction, { from: month, to: month });
  // A city's own division is the whole; the breakdown is the province's (as on the dashboard).
  const divisions = jurisdiction === PROVINCE_CODE ? f.byDivision : [];
  return {
    definitionVersionId: f.definitions.id,
    total: areaSet(f.total, f.compliance),
    byDivision: Object.fromEntries(
      divisions
        .map((d) => [d.divisionCode, areaSet(d, d.compliance)] as const)
        .filter(([, set]) => hasAny(set)),
    ),
    byClass: Object.fromEntries(
      f.byClass.filter((c) => c.generatedKg > 0).map((c) => [c.wasteClass, classSet(c)]),
    ),
    deliveredByClass: Object.fromEntries(
      f.deliveredByClass.map((c) => [
        c.materialClass,
        { deliveredGrams: c.grams, deliveries: c.deliveries },
      ]),
    ),
  };
}

/** One figure whose published value differs from the current one. */
export type FigureDifference = {
  /** "total", a division code, "class:" and a waste class, or "material:" and a material class. */
  scope: string;
  figure: FigureKey | "definitionVersionId";
  published: number | null;
  current: number | null;
};

/**
 * Every figure that differs between a published snapshot and the current figures. Only the
 * figures the snapshot published are compared (an older version lacks the operational ones,
 * which it never published); within them, each scope is compared on the figures it has.
 */
export function differences(published: MonthFigures, current: MonthFigures): FigureDifference[] {
  const found: FigureDifference[] = [];
  if (published.definitionVersionId !== current.definitionVersionId) {
    found.push({
      scope: "total",
      figure: "definitionVersionId",
      published: published.definitionVersionId,
      current: current.definitionVersionId,
    });
  }
  const keys = publishedKeys(published);
  const before = scopesOf(published);
  const after = scopesOf(current);
  const divisionsThenClasses = (scope: string) =>
    scope === "total" ? 0 : scope.startsWith("class:") ? 2 : scope.startsWith("material:") ? 3 : 1;
  const scopes = [...new Set([...before.keys(), ...after.keys()])].sort(
    (a, b) => divisionsThenClasses(a) - divisionsThenClasses(b) || a.localeCompare(b),
  );
  for (const scope of scopes) {
    const was = before.get(scope);
    const is = after.get(scope);
    for (const figure of keys) {
      if (was?.[figure] === undefined && is?.[figure] === undefined) continue;
      const a = was?.[figure] ?? valueOfNothing(figure);
      const b = is?.[figure] ?? valueOfNothing(figure);
      if (a !== b) found.push({ scope, figure, published: a, current: b });
    }
  }
  return found;
}

type PublishedRow = typeof publishedMonths.$inferSelect;
export type PublishedMonth = Omit<PublishedRow, "figures"> & { figures: MonthFigures };

function parsed(row: PublishedRow): PublishedMonth {
  return { ...row, figures: MonthFigures.parse(row.figures) };
}

/** The latest published version of each of the months, for a jurisdiction. */
async function latestVersions(jurisdiction: string, months: readonly string[]) {
  return read(async (db) => {
    if (months.length === 0) return new Map<string, PublishedMonth>();
    const rows = await db
      .select()
      .from(publishedMonths)
      .where(
        and(eq(publishedMonths.jurisdiction, jurisdiction), inArray(publishedMonths.month, months)),
      )
      .orderBy(publishedMonths.month, publishedMonths.version);
    // Ordered by version, so the last one written for a month is its latest.
    return new Map(rows.map((row) => [row.month, parsed(row)]));
  });
}

/** The months a department may publish: closed ones, before the current month (Asia/Shanghai). */
export function isClosedMonth(month: string): boolean {
  return month < shanghaiMonth(now());
}

/**
 * One month's publication state for the actor's jurisdiction: every published version (newest
 * first), the current figures, and how they differ from the latest version. A difference is a
 * pending restatement: nothing changes on its own, the department publishes it with an
 * explanation or leaves it.
 */
export async function publicationOf(actor: Actor, month: string) {
  return read(async (db) => {
    authorize(actor, "stats.read");
    const jurisdiction = departmentJurisdiction(actor);
    const versions = (
      await db
        .select({ published: publishedMonths, publishedBy: users.name })
        .from(publishedMonths)
        .innerJoin(users, eq(users.id, publishedMonths.publishedByUserId))
        .where(
          and(eq(publishedMonths.jurisdiction, jurisdiction), eq(publishedMonths.month, month)),
        )
        .orderBy(desc(publishedMonths.version))
    ).map((row) => ({ ...parsed(row.published), publishedBy: row.publishedBy }));
    const current = await currentFigures(actor, month);
    const latest = versions[0];
    const diff = latest ? differences(latest.figures, current) : [];
    const closed = isClosedMonth(month);
    return {
      jurisdiction,
      month,
      closed,
      versions,
      latest,
      current,
      differences: diff,
      pendingRestatement: latest !== undefined && diff.length > 0,
      canPublish: closed && (latest === undefined || diff.length > 0),
    };
  });
}

/**
 * The closed months of the last year for the actor's jurisdiction: which are published, in which
 * version, and which have a pending restatement.
 */
export async function publicationOverview(actor: Actor, months = 12) {
  authorize(actor, "stats.read");
  const jurisdiction = departmentJurisdiction(actor);
  const last = addMonths(shanghaiMonth(now()), -1);
  const list: string[] = [];
  for (let m = last; list.length < months; m = addMonths(m, -1)) list.push(m);
  return await monthStates(actor, jurisdiction, list);
}

/**
 * For the dashboard: the months of a period that are published, with their latest version and
 * whether the current figures differ from it. Months not published are left out.
 */
export async function publishedInPeriod(actor: Actor, from: string, to: string) {
  return read(async (db) => {
    authorize(actor, "stats.read");
    const jurisdiction = departmentJurisdiction(actor);
    const months = (
      await db
        .selectDistinct({ month: publishedMonths.month })
        .from(publishedMonths)
        .where(
          and(
            eq(publishedMonths.jurisdiction, jurisdiction),
            gte(publishedMonths.month, from),
            lte(publishedMonths.month, to),
          ),
        )
    ).map((r) => r.month);
    return (await monthStates(actor, jurisdiction, months.sort())).filter(
      (m) => m.latest !== undefined,
    );
  });
}

async function monthStates(actor: Actor, jurisdiction: string, months: readonly string[]) {
  const latest = await latestVersions(jurisdiction, months);
  return await Promise.all(
    months.map(async (month) => {
      const published = latest.get(month);
      const pending =
        published !== undefined &&
        (await mayDiffer(jurisdiction, published)) &&
        differences(published.figures, await currentFigures(actor, month)).length > 0;
      return { month, latest: published, pendingRestatement: pending };
    }),
  );
}

/**
 * Whether a published month's figures can have changed since it was published: its divisions'
 * figures changed after it (stat_month_changes), the definitions in force for it are another
 * version, or a factor behind the estimates was changed. Only then are they recomputed and
 * compared, so the dashboard does not recompute a year of published months on every view.
 */
async function mayDiffer(jurisdiction: string, published: PublishedMonth): Promise<boolean> {
  return read(async (db) => {
    if ((await definitionsFor(published.month)).id !== published.definitionVersionId) return true;
    const since = published.publishedAt.getTime();
    const changed = await rowOf<{ one: number }>(
      db,
      sql`
    SELECT 1 AS one FROM stat_month_changes
    WHERE ${inDivisions(divisionsOf(jurisdiction))} AND month = ${published.month}
      AND changed_at >= ${since}
    UNION ALL
    SELECT 1 FROM settings WHERE updated_at >= ${since}
    LIMIT 1`,
    );
    return changed !== undefined;
  });
}

/**
 * Publishes a closed month for the actor's jurisdiction: the current figures are frozen with the
 * definitions version of the month. Publishing again is a restatement: only when the figures
 * differ from the latest version, always with an explanation, as version n + 1. No version is
 * ever changed. The departments of the divisions under the jurisdiction are told.
 */
export async function publishMonth(actor: Actor, input: PublishInput): Promise<PublishedMonth> {
  authorize(actor, "stats.publish");
  const jurisdiction = departmentJurisdiction(actor);
  if (!isClosedMonth(input.month))
    throw invalid("form.fixErrors", { month: "publish.onlyClosedMonths" });
  return write(async (tx) => {
    const latestRow = (
      await tx
        .select()
        .from(publishedMonths)
        .where(
          and(
            eq(publishedMonths.jurisdiction, jurisdiction),
            eq(publishedMonths.month, input.month),
          ),
        )
        .orderBy(desc(publishedMonths.version))
        .limit(1)
    )[0];
    const latest = latestRow ? parsed(latestRow) : undefined;
    // Read inside the write transaction: nothing can change the records between this read and
    // the snapshot being stored.
    const figures = await currentFigures(actor, input.month);
    const diff = latest ? differences(latest.figures, figures) : [];
    if (latest && diff.length === 0) throw conflict("publish.noDifference");
    if (latest && input.explanation.length === 0)
      throw invalid("form.fixErrors", { explanation: "publish.explanationRequired" });
    const row = returnedRow(
      await tx
        .insert(publishedMonths)
        .values({
          jurisdiction,
          month: input.month,
          version: (latest?.version ?? 0) + 1,
          definitionVersionId: figures.definitionVersionId,
          figures,
          explanation: input.explanation,
          publishedByUserId: actor.userId,
          publishedAt: now(),
        })
        .returning(),
    );
    await audit(
      tx,
      actor,
      latest ? "month.restated" : "month.published",
      { type: "published_month", id: row.id },
      {
        jurisdiction,
        month: input.month,
        version: row.version,
        definitionVersionId: row.definitionVersionId,
        ...(latest ? { explanation: input.explanation, differences: diff } : {}),
      },
    );
    // The departments of the divisions under the jurisdiction hear that their figures were
    // published, or restated, as part of it. Only the province has divisions under it (its
    // cities), which is what the message says.
    const below = divisionsOf(jurisdiction).filter((code) => code !== jurisdiction);
    const departments = await tx
      .select({ id: organisations.id })
      .from(organisations)
      .where(and(eq(organisations.kind, "department"), inArray(organisations.divisionCode, below)));
    for (const department of departments) {
      await notify(
        tx,
        department.id,
        "month_published",
        { type: "published_month", id: row.id },
        { month: row.month, version: row.version },
      );
    }
    return parsed(row);
  });
}

/**
 * What the dashboard says about its own figures for a period: the definitions version(s) they
 * are computed with, and the months of the period that are published, each with its frozen
 * headline and whether the live figures now differ (a pending restatement).
 */
export async function dashboardGovernance(actor: Actor, period: { from: string; to: string }) {
  return {
    definitions: (await definitionsForPeriod(period.from, period.to)).map((d) => ({
      id: d.id,
      effectiveFrom: d.effectiveFrom,
    })),
    published: (await publishedInPeriod(actor, period.from, period.to)).flatMap((m) =>
      m.latest
        ? [
            {
              month: m.month,
              version: m.latest.version,
              publishedAt: m.latest.publishedAt,
              generatedKg: m.latest.figures.total.generatedKg,
              resourceRateBp: m.latest.figures.total.resourceRateBp,
              pendingRestatement: m.pendingRestatement,
            },
          ]
        : [],
    ),
    canPublish: can(actor, "stats.publish"),
    province: departmentJurisdiction(actor) === PROVINCE_CODE,
  };
}
