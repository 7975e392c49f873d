import { and, asc, desc, eq, gt, lte, ne, sql } from "drizzle-orm";
import { definitionVersions, organisations, users } from "#db/schema";
import { prepared, read, returnedRow, write } from "#db/store";
import type { DefinitionsInput } from "~/domain/metrics/schemas";
import { type Actor, authorize } from "../access";
import { audit } from "../audit";
import { addMonths, now, shanghaiMonth } from "../clock";
import { forbidden, invalid } from "../errors";
import { notify } from "../notifications";
import { PROVINCE_CODE } from "../reference";

export type Definitions = typeof definitionVersions.$inferSelect;

// Asked for several months on every dashboard view.
const versionInForce = prepared((db) =>
  db
    .select()
    .from(definitionVersions)
    .where(lte(definitionVersions.effectiveFrom, sql.placeholder("month")))
    .orderBy(desc(definitionVersions.effectiveFrom))
    .limit(1)
    .prepare(),
);
const firstVersion = prepared((db) =>
  db
    .select()
    .from(definitionVersions)
    .orderBy(asc(definitionVersions.effectiveFrom))
    .limit(1)
    .prepare(),
);

/**
 * The definitions that apply to month M ("YYYY-MM"): the version with the latest effective month
 * not after M. Before the first version, the first one applies (the migration inserts one that
 * takes effect in 2000-01, so that only happens for a month nobody reports on).
 *
 * This is what the dashboard, the publication snapshots and the alerts read; nothing keeps a copy.
 */
export async function definitionsFor(month: string): Promise<Definitions> {
  const version = await read(
    async (db) =>
      (await versionInForce(db).execute({ month }))[0] ?? (await firstVersion(db).execute())[0],
  );
  if (!version) throw new Error("definition_versions is empty: run the migrations");
  return version;
}

/** The version in force this month (Asia/Shanghai): what alerts and usage judgements use. */
export async function definitionsInForce(): Promise<Definitions> {
  return await definitionsFor(shanghaiMonth(now()));
}

/** Every version that applies to some month of [from, to], oldest first. */
export async function definitionsForPeriod(from: string, to: string): Promise<Definitions[]> {
  return read(async (db) => {
    const first = await definitionsFor(from);
    const later = await db
      .select()
      .from(definitionVersions)
      .where(
        and(
          gt(definitionVersions.effectiveFrom, first.effectiveFrom),
          lte(definitionVersions.effectiveFrom, to),
        ),
      )
      .orderBy(asc(definitionVersions.effectiveFrom));
    return [first, ...later];
  });
}

/** All versions, newest effective month first, with who made them and which one is in force. */
export async function listDefinitions(actor: Actor) {
  return read(async (db) => {
    authorize(actor, "stats.read");
    const rows = await db
      .select({ version: definitionVersions, createdBy: users.name })
      .from(definitionVersions)
      .leftJoin(users, eq(users.id, definitionVersions.createdByUserId))
      .orderBy(desc(definitionVersions.effectiveFrom));
    return {
      rows,
      inForceId: (await definitionsInForce()).id,
      canManage: canManageDefinitions(actor),
    };
  });
}

/** Only the province's officers change the definitions: they apply to every division. */
export function canManageDefinitions(actor: Actor): boolean {
  try {
    authorize(actor, "definitions.manage");
  } catch {
    return false;
  }
  return actor.divisionCode === PROVINCE_CODE;
}

/** Latest month a new version may take effect from: two years ahead is as far as anyone plans. */
const PLANNING_MONTHS = 24;

/**
 * A new version of the definitions from its effective month on. Versions are never edited: a
 * change is a new version, and months already published keep the version they were published
 * with (a difference shows as a pending restatement). Every department is told.
 */
export async function createDefinitions(
  actor: Actor,
  input: DefinitionsInput,
): Promise<Definitions> {
  authorize(actor, "definitions.manage");
  if (actor.divisionCode !== PROVINCE_CODE) throw forbidden("definitions.provinceOnly");
  if (input.effectiveFrom > addMonths(shanghaiMonth(now()), PLANNING_MONTHS))
    throw invalid("form.fixErrors", { effectiveFrom: "definitions.tooFarAhead" });
  return write(async (tx) => {
    const taken = (
      await tx
        .select({ id: definitionVersions.id })
        .from(definitionVersions)
        .where(eq(definitionVersions.effectiveFrom, input.effectiveFrom))
        .limit(1)
    )[0];
    if (taken) throw invalid("form.fixErrors", { effectiveFrom: "definitions.monthTaken" });
    const version = returnedRow(
      await tx
        .insert(definitionVersions)
        .values({ ...input, createdByUserId: actor.userId, createdAt: now() })
        .returning(),
    );
    await audit(
      tx,
      actor,
      "definitions.created",
      { type: "definition_version", id: version.id },
      {
        ...input,
      },
    );
    const departments = await tx
      .select({ id: organisations.id })
      .from(organisations)
      .where(and(eq(organisations.kind, "department"), ne(organisations.id, actor.orgId)));
    for (const department of departments) {
      await notify(
        tx,
        department.id,
        "definitions_changed",
        { type: "definition_version", id: version.id },
        { month: version.effectiveFrom },
      );
    }
    return version;
  });
}

/** One version by id (a published month names the one it was computed with). */
export async function definitionsById(id: number): Promise<Definitions | undefined> {
  return read(async (db) => {
    return (
      await db.select().from(definitionVersions).where(eq(definitionVersions.id, id)).limit(1)
    )[0];
  });
}
