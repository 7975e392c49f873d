import { and, asc, desc, eq, gt, lte, ne, sql } from "drizzle-orm";
import { db, preparedQuery, writeTransaction } from "#db/client";
import { definitionVersions, organisations, users } from "#db/schema";
import { type Actor, authorize } from "../accounts/actor";
import { audit } from "../audit/audit.server";
import { addMonths, now, shanghaiMonth } from "../clock";
import { forbidden, invalid } from "../errors";
import { notify } from "../notifications/notifications.server";
import { PROVINCE_CODE } from "../reference/divisions";
import type { DefinitionsInput } from "./schemas";

export type Definitions = typeof definitionVersions.$inferSelect;

// Asked for several months on every dashboard view.
const versionInForce = preparedQuery(() =>
  db
    .select()
    .from(definitionVersions)
    .where(lte(definitionVersions.effectiveFrom, sql.placeholder("month")))
    .orderBy(desc(definitionVersions.effectiveFrom))
    .limit(1)
    .prepare(),
);
const firstVersion = preparedQuery(() =>
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
export function definitionsFor(month: string): Definitions {
  const version = versionInForce().get({ month }) ?? firstVersion().get();
  if (!version) throw new Error("definition_versions is empty: run the migrations");
  return version;
}

/** The version in force this month (Asia/Shanghai): what alerts and usage judgements use. */
export function definitionsInForce(): Definitions {
  return definitionsFor(shanghaiMonth(now()));
}

/** Every version that applies to some month of [from, to], oldest first. */
export function definitionsForPeriod(from: string, to: string): Definitions[] {
  const first = definitionsFor(from);
  const later = db
    .select()
    .from(definitionVersions)
    .where(
      and(
        gt(definitionVersions.effectiveFrom, first.effectiveFrom),
        lte(definitionVersions.effectiveFrom, to),
      ),
    )
    .orderBy(asc(definitionVersions.effectiveFrom))
    .all();
  return [first, ...later];
}

/** All versions, newest effective month first, with who made them and which one is in force. */
export function listDefinitions(actor: Actor) {
  authorize(actor, "stats.read");
  const rows = db
    .select({ version: definitionVersions, createdBy: users.name })
    .from(definitionVersions)
    .leftJoin(users, eq(users.id, definitionVersions.createdByUserId))
    .orderBy(desc(definitionVersions.effectiveFrom))
    .all();
  return {
    rows,
    inForceId: definitionsInForce().id,
    canManage: canManageDefinitions(actor),
  };
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
export function createDefinitions(actor: Actor, input: DefinitionsInput): Definitions {
  authorize(actor, "definitions.manage");
  if (actor.divisionCode !== PROVINCE_CODE) throw forbidden("definitions.provinceOnly");
  if (input.effectiveFrom > addMonths(shanghaiMonth(now()), PLANNING_MONTHS))
    throw invalid("form.fixErrors", { effectiveFrom: "definitions.tooFarAhead" });
  return writeTransaction((tx) => {
    const taken = tx
      .select({ id: definitionVersions.id })
      .from(definitionVersions)
      .where(eq(definitionVersions.effectiveFrom, input.effectiveFrom))
      .get();
    if (taken) throw invalid("form.fixErrors", { effectiveFrom: "definitions.monthTaken" });
    const version = tx
      .insert(definitionVersions)
      .values({ ...input, createdByUserId: actor.userId, createdAt: now() })
      .returning()
      .get();
    audit(
      tx,
      actor,
      "definitions.created",
      { type: "definition_version", id: version.id },
      {
        ...input,
      },
    );
    const departments = tx
      .select({ id: organisations.id })
      .from(organisations)
      .where(and(eq(organisations.kind, "department"), ne(organisations.id, actor.orgId)))
      .all();
    for (const department of departments) {
      notify(
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
export function definitionsById(id: number): Definitions | undefined {
  return db.select().from(definitionVersions).where(eq(definitionVersions.id, id)).get();
}
