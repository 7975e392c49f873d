import { and, asc, count, eq, exists, inArray, lt, ne, or, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import {
  alerts,
  facilities,
  manifests,
  organisations,
  projects,
  rectificationEvents,
  rectificationItems,
  users,
} from "#db/schema";
import { monthInShanghai } from "#db/sql";
import { read, returnedRow, type Tx, write } from "#db/store";
import { type Actor, authorize, can } from "../access";
import { audit } from "../audit";
import { now, shanghaiDate } from "../clock";
import { forbidden, invalid, notFound } from "../errors";
import { notify } from "../notifications";
import { PROVINCE_CODE } from "../reference";
import { assertTransition, canTransition } from "../state-machine";
import { DOCUMENT_TYPES, prepareUploads, storeUploads, uploadPath } from "../uploads.server";
import {
  isOverdue,
  type RectificationStatus,
  rectificationSteps,
  rectificationTransitions,
} from "./rectification-status";
import type { RaiseInput, RectificationQuery, RespondInput, VerifyInput } from "./schemas";
import { covers, departmentJurisdiction, withinJurisdiction } from "./scope";

export type RectificationItem = typeof rectificationItems.$inferSelect;

const PAGE_SIZE = 20;
const today = () => shanghaiDate(now());

/**
 * Whose items an actor sees: a department those in its jurisdiction (the division where the
 * problem is), an organisation only those raised against it.
 */
function itemScope(actor: Actor): SQL | undefined {
  authorize(actor, "rectification.read");
  switch (actor.orgKind) {
    case "department":
      return withinJurisdiction(actor.divisionCode, rectificationItems.jurisdiction);
    case "contractor":
    case "recycler":
      return eq(rectificationItems.targetOrgId, actor.orgId);
    default:
      throw forbidden();
  }
}

/** Not closed and past its deadline, as SQL, for filters and ordering. */
const overdueSql = (day: string) =>
  and(ne(rectificationItems.status, "closed"), lt(rectificationItems.deadline, day));

// ---------------------------------------------------------------------------------------------
// Raising an item

/**
 * Organisations a department may raise an item against: contractors and recyclers registered in
 * its jurisdiction or with a project or facility there, found by name or credit code.
 */
export async function findTargetOrganisations(actor: Actor, q: string) {
  return read(async (db) => {
    authorize(actor, "rectification.manage");
    const jurisdiction = departmentJurisdiction(actor);
    const text = q.trim();
    if (text.length === 0) return [];
    // Typed text is matched literally: LIKE's own wildcards in it are escaped.
    const escaped = text.replace(/[%_\\]/g, (c) => `\\${c}`);
    const present =
      jurisdiction === PROVINCE_CODE
        ? undefined
        : or(
            eq(organisations.divisionCode, jurisdiction),
            exists(
              db
                .select({ one: sql`1` })
                .from(projects)
                .where(
                  and(
                    eq(projects.orgId, organisations.id),
                    eq(projects.divisionCode, jurisdiction),
                  ),
                ),
            ),
            exists(
              db
                .select({ one: sql`1` })
                .from(facilities)
                .where(
                  and(
                    eq(facilities.orgId, organisations.id),
                    eq(facilities.divisionCode, jurisdiction),
                  ),
                ),
            ),
          );
    return await db
      .select({
        id: organisations.id,
        name: organisations.name,
        kind: organisations.kind,
        creditCode: organisations.creditCode,
        divisionCode: organisations.divisionCode,
      })
      .from(organisations)
      .where(
        and(
          inArray(organisations.kind, ["contractor", "recycler"]),
          or(
            sql`${organisations.name} LIKE ${`%${escaped}%`} ESCAPE '\\'`,
            sql`${organisations.creditCode} LIKE ${`${escaped.toUpperCase()}%`} ESCAPE '\\'`,
          ),
          present,
        ),
      )
      .orderBy(asc(organisations.name))
      .limit(20);
  });
}

/** The chosen organisation and its projects and facilities in the jurisdiction, for the form. */
export async function raiseFormFor(actor: Actor, orgId: number) {
  return read(async (db) => {
    authorize(actor, "rectification.manage");
    const jurisdiction = departmentJurisdiction(actor);
    const org = (
      await db.select().from(organisations).where(eq(organisations.id, orgId)).limit(1)
    )[0];
    if (!org || (org.kind !== "contractor" && org.kind !== "recycler")) throw notFound();
    const orgProjects = await db
      .select({ id: projects.id, name: projects.name, divisionCode: projects.divisionCode })
      .from(projects)
      .where(
        and(eq(projects.orgId, org.id), withinJurisdiction(jurisdiction, projects.divisionCode)),
      )
      .orderBy(asc(projects.name));
    const orgFacilities = await db
      .select({ id: facilities.id, name: facilities.name, divisionCode: facilities.divisionCode })
      .from(facilities)
      .where(
        and(
          eq(facilities.orgId, org.id),
          withinJurisdiction(jurisdiction, facilities.divisionCode),
        ),
      )
      .orderBy(asc(facilities.name));
    const inJurisdiction =
      covers(jurisdiction, org.divisionCode) || orgProjects.length > 0 || orgFacilities.length > 0;
    if (!inJurisdiction) throw notFound();
    return {
      org: { id: org.id, name: org.name, kind: org.kind, divisionCode: org.divisionCode },
      projects: orgProjects,
      facilities: orgFacilities,
    };
  });
}

/**
 * Checks what an item is about: every record must be the target organisation's, and the place
 * of the problem (the manifest's source, else the project's or facility's division, else the
 * organisation's) must be in the department's jurisdiction. Returns that division.
 */
async function subjectOf(tx: Tx, jurisdiction: string, input: RaiseInput) {
  const org = (
    await tx.select().from(organisations).where(eq(organisations.id, input.targetOrgId)).limit(1)
  )[0];
  if (!org || (org.kind !== "contractor" && org.kind !== "recycler"))
    throw invalid("form.fixErrors", { targetOrgId: "rectification.targetKind" });
  let divisionCode = org.divisionCode;
  let manifestId: number | null = null;
  let alertId: number | null = null;
  if (input.facilityId !== undefined) {
    const facility = (
      await tx
        .select()
        .from(facilities)
        .where(and(eq(facilities.id, input.facilityId), eq(facilities.orgId, org.id)))
        .limit(1)
    )[0];
    if (!facility) throw invalid("form.fixErrors", { facilityId: "rectification.notTheirs" });
    divisionCode = facility.divisionCode;
  }
  if (input.projectId !== undefined) {
    const project = (
      await tx
        .select()
        .from(projects)
        .where(and(eq(projects.id, input.projectId), eq(projects.orgId, org.id)))
        .limit(1)
    )[0];
    if (!project) throw invalid("form.fixErrors", { projectId: "rectification.notTheirs" });
    divisionCode = project.divisionCode;
  }
  if (input.manifestNo !== undefined) {
    const manifest = (
      await tx.select().from(manifests).where(eq(manifests.manifestNo, input.manifestNo)).limit(1)
    )[0];
    if (!manifest || (manifest.producerOrgId !== org.id && manifest.recyclerOrgId !== org.id))
      throw invalid("form.fixErrors", { manifestNo: "rectification.notTheirs" });
    manifestId = manifest.id;
    divisionCode = manifest.divisionCode;
  }
  if (input.alertId !== undefined) {
    const alert = (await tx.select().from(alerts).where(eq(alerts.id, input.alertId)).limit(1))[0];
    // An alert is about one trip: it only belongs with an item about that trip.
    if (alert && alert.manifestId === manifestId) alertId = alert.id;
  }
  if (!covers(jurisdiction, divisionCode))
    throw invalid("form.fixErrors", { targetOrgId: "rectification.outsideJurisdiction" });
  return { org, divisionCode, manifestId, alertId };
}

/** A department raises an item; the organisation is told. */
export async function raiseItem(actor: Actor, input: RaiseInput): Promise<RectificationItem> {
  authorize(actor, "rectification.manage");
  const jurisdiction = departmentJurisdiction(actor);
  if (input.deadline < today())
    throw invalid("form.fixErrors", { deadline: "rectification.deadlinePast" });
  return write(async (tx) => {
    const subject = await subjectOf(tx, jurisdiction, input);
    const at = now();
    const item = returnedRow(
      await tx
        .insert(rectificationItems)
        .values({
          departmentOrgId: actor.orgId,
          jurisdiction: subject.divisionCode,
          targetOrgId: subject.org.id,
          projectId: input.projectId ?? null,
          facilityId: input.facilityId ?? null,
          manifestId: subject.manifestId,
          alertId: subject.alertId,
          category: input.category,
          problem: input.problem,
          evidence: input.evidence,
          responsiblePerson: input.responsiblePerson,
          deadline: input.deadline,
          status: "open",
          createdByUserId: actor.userId,
          createdAt: at,
          updatedAt: at,
        })
        .returning(),
    );
    await tx.insert(rectificationEvents).values({
      itemId: item.id,
      action: "raised",
      text: input.problem,
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      at,
    });
    await audit(
      tx,
      actor,
      "rectification.raised",
      { type: "rectification_item", id: item.id },
      {
        targetOrgId: item.targetOrgId,
        category: item.category,
        deadline: item.deadline,
        jurisdiction: item.jurisdiction,
      },
    );
    await notify(
      tx,
      item.targetOrgId,
      "rectification_raised",
      { type: "rectification_item", id: item.id },
      { id: item.id, deadline: item.deadline },
    );
    return item;
  });
}

// ---------------------------------------------------------------------------------------------
// Reading

function listWhere(actor: Actor, query: RectificationQuery, day: string) {
  return and(
    itemScope(actor),
    query.status ? eq(rectificationItems.status, query.status) : undefined,
    query.overdue ? overdueSql(day) : undefined,
    query.category ? eq(rectificationItems.category, query.category) : undefined,
    query.orgId && actor.orgKind === "department"
      ? eq(rectificationItems.targetOrgId, query.orgId)
      : undefined,
  );
}

function itemRows(db: Tx, where: SQL | undefined, day: string) {
  return db
    .select({
      item: rectificationItems,
      targetName: organisations.name,
      projectName: projects.name,
      facilityName: facilities.name,
      manifestNo: manifests.manifestNo,
    })
    .from(rectificationItems)
    .innerJoin(organisations, eq(organisations.id, rectificationItems.targetOrgId))
    .leftJoin(projects, eq(projects.id, rectificationItems.projectId))
    .leftJoin(facilities, eq(facilities.id, rectificationItems.facilityId))
    .leftJoin(manifests, eq(manifests.id, rectificationItems.manifestId))
    .where(where)
    .orderBy(
      // Overdue first, then open work by deadline, closed last.
      sql`CASE WHEN ${overdueSql(day)} THEN 0 WHEN ${rectificationItems.status} = 'closed' THEN 2 ELSE 1 END`,
      asc(rectificationItems.deadline),
      asc(rectificationItems.id),
    );
}

function withOverdue<R extends { item: RectificationItem }>(row: R, day: string) {
  return { ...row, overdue: isOverdue(row.item, day) };
}

/**
 * Which page an actor uses: the department's register or the organisation's own list. Each side
 * sees the items through its own page only.
 */
export type Side = "department" | "organisation";
function assertSide(actor: Actor, side: Side) {
  authorize(actor, "rectification.read");
  if ((actor.orgKind === "department") !== (side === "department")) throw forbidden();
}

/** The register, filtered, a page at a time, with counts by status and of overdue items. */
export async function listItems(actor: Actor, query: RectificationQuery, side: Side) {
  return read(async (db) => {
    assertSide(actor, side);
    const day = today();
    const where = listWhere(actor, query, day);
    const total =
      (await db.select({ n: count() }).from(rectificationItems).where(where).limit(1))[0]?.n ?? 0;
    const rows = (
      await itemRows(db, where, day)
        .limit(PAGE_SIZE)
        .offset((query.page - 1) * PAGE_SIZE)
    ).map((row) => withOverdue(row, day));
    const scope = itemScope(actor);
    const byStatus = await db
      .select({ status: rectificationItems.status, n: count() })
      .from(rectificationItems)
      .where(scope)
      .groupBy(rectificationItems.status);
    const overdue =
      (
        await db
          .select({ n: count() })
          .from(rectificationItems)
          .where(and(scope, overdueSql(day)))
          .limit(1)
      )[0]?.n ?? 0;
    const targets =
      actor.orgKind === "department"
        ? await db
            .selectDistinct({ id: organisations.id, name: organisations.name })
            .from(rectificationItems)
            .innerJoin(organisations, eq(organisations.id, rectificationItems.targetOrgId))
            .where(scope)
            .orderBy(asc(organisations.name))
        : [];
    return {
      rows,
      total,
      page: query.page,
      pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      counts: {
        ...(Object.fromEntries(byStatus.map((s) => [s.status, s.n])) as Partial<
          Record<RectificationStatus, number>
        >),
        overdue,
      },
      targets,
    };
  });
}

/** Every item matching the filters, for an export. */
export async function exportItems(actor: Actor, query: RectificationQuery, side: Side) {
  assertSide(actor, side);
  const day = today();
  const where = listWhere(actor, query, day);
  const rows = await read(async (db) => itemRows(db, where, day));
  return rows.map((row) => withOverdue(row, day));
}

/** One item in the actor's scope; anything outside it reads as not found. */
async function scopedItem(reader: Tx, actor: Actor, itemId: number): Promise<RectificationItem> {
  const item = (
    await reader
      .select()
      .from(rectificationItems)
      .where(and(eq(rectificationItems.id, itemId), itemScope(actor)))
      .limit(1)
  )[0];
  if (!item) throw notFound("rectification.notFound");
  return item;
}

/**
 * Who verifies an item: the department that raised it, or the province (which oversees every
 * division). Other departments whose jurisdiction covers it see it but leave it to them.
 */
function mayVerify(actor: Actor, item: RectificationItem): boolean {
  return (
    can(actor, "rectification.manage") &&
    actor.orgKind === "department" &&
    covers(actor.divisionCode, item.jurisdiction) &&
    (actor.orgId === item.departmentOrgId || actor.divisionCode === PROVINCE_CODE)
  );
}

function mayRespond(actor: Actor, item: RectificationItem): boolean {
  return can(actor, "rectification.respond") && item.targetOrgId === actor.orgId;
}

/** One item with everything about it and its full history, oldest step first. */
export async function getItem(actor: Actor, itemId: number, side: Side) {
  return read(async (db) => {
    assertSide(actor, side);
    const item = await scopedItem(db, actor, itemId);
    const [row] = await itemRows(db, eq(rectificationItems.id, item.id), today());
    if (!row) throw notFound("rectification.notFound");
    const department = (
      await db
        .select({ name: organisations.name })
        .from(organisations)
        .where(eq(organisations.id, item.departmentOrgId))
        .limit(1)
    )[0];
    const events = await db
      .select({
        event: rectificationEvents,
        actorName: users.name,
        actorOrgName: organisations.name,
      })
      .from(rectificationEvents)
      .innerJoin(users, eq(users.id, rectificationEvents.actorUserId))
      .innerJoin(organisations, eq(organisations.id, rectificationEvents.actorOrgId))
      .where(eq(rectificationEvents.itemId, item.id))
      .orderBy(asc(rectificationEvents.at), asc(rectificationEvents.id));
    const status = item.status as RectificationStatus;
    return {
      ...withOverdue(row, today()),
      departmentName: department?.name ?? "",
      events,
      canRespond:
        mayRespond(actor, item) && canTransition(rectificationTransitions, status, "responded"),
      canVerify: mayVerify(actor, item) && status === "responded",
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Steps

type Step = keyof typeof rectificationSteps;

/** Moves an item one step, records it in the history and the audit trail, tells the other side. */
async function step(
  tx: Tx,
  actor: Actor,
  item: RectificationItem,
  which: Step,
  text: string,
  evidence?: { file: string; type: string },
) {
  const { action, to } = rectificationSteps[which];
  assertTransition(rectificationTransitions, item.status as RectificationStatus, to);
  const at = now();
  const [updated] = await tx
    .update(rectificationItems)
    .set({ status: to, updatedAt: at })
    .where(and(eq(rectificationItems.id, item.id), eq(rectificationItems.status, item.status)))
    .returning();
  if (!updated) throw notFound("rectification.notFound");
  await tx.insert(rectificationEvents).values({
    itemId: item.id,
    action,
    text,
    evidenceFile: evidence?.file ?? null,
    evidenceType: evidence?.type ?? null,
    actorUserId: actor.userId,
    actorOrgId: actor.orgId,
    at,
  });
  await audit(
    tx,
    actor,
    `rectification.${action}`,
    { type: "rectification_item", id: item.id },
    { from: item.status, to, ...(evidence ? { evidenceFile: evidence.file } : {}) },
  );
  const recipient = which === "respond" ? item.departmentOrgId : item.targetOrgId;
  await notify(
    tx,
    recipient,
    `rectification_${action}` as const,
    { type: "rectification_item", id: item.id },
    { id: item.id },
  );
  return updated;
}

/** The organisation answers with what it did and, optionally, an evidence file (PDF or image). */
export async function respondToItem(
  actor: Actor,
  itemId: number,
  input: RespondInput,
  evidence: File | null,
): Promise<RectificationItem> {
  authorize(actor, "rectification.respond");
  const item = await read((db) => scopedItem(db, actor, itemId));
  if (!mayRespond(actor, item)) throw forbidden();
  assertTransition(rectificationTransitions, item.status as RectificationStatus, "responded");
  const prepared = evidence
    ? await prepareUploads(
        [evidence],
        DOCUMENT_TYPES,
        "evidence",
        "rectification.evidenceType",
        "rectification.evidenceTooLarge",
      )
    : [];
  const file = prepared[0];
  return await storeUploads(prepared, () =>
    write(
      async (tx) =>
        await step(
          tx,
          actor,
          await scopedItem(tx, actor, itemId),
          "respond",
          input.text,
          file ? { file: file.fileName, type: file.type } : undefined,
        ),
    ),
  );
}

/** The department verifies the answer: closes the item (销号) or reopens it with a note. */
export async function verifyItem(
  actor: Actor,
  itemId: number,
  input: VerifyInput,
): Promise<RectificationItem> {
  authorize(actor, "rectification.manage");
  return write(async (tx) => {
    const item = await scopedItem(tx, actor, itemId);
    if (!mayVerify(actor, item)) throw forbidden("rectification.notYours");
    return await step(tx, actor, item, input.decision, input.note);
  });
}

/** An evidence file of an item's history, for whoever may see the item. */
export async function rectificationDocument(actor: Actor, fileName: string) {
  return read(async (db) => {
    const event = (
      await db
        .select()
        .from(rectificationEvents)
        .where(eq(rectificationEvents.evidenceFile, fileName))
        .limit(1)
    )[0];
    if (!event?.evidenceType) return undefined;
    if (!can(actor, "rectification.read")) throw notFound();
    await scopedItem(db, actor, event.itemId);
    return { path: uploadPath(fileName), contentType: event.evidenceType };
  });
}

/**
 * For the monthly report: items of the jurisdiction raised and closed in a month, what is still
 * open at the end of it, and how many are overdue today, by category.
 */
export async function rectificationSummary(actor: Actor, month: string) {
  return read(async (db) => {
    const scope = itemScope(actor);
    const day = today();
    const monthOf = (column: SQLiteColumn) => monthInShanghai(column);
    const raised = await db
      .select({ category: rectificationItems.category, n: count() })
      .from(rectificationItems)
      .where(and(scope, sql`${monthOf(rectificationItems.createdAt)} = ${month}`))
      .groupBy(rectificationItems.category);
    const closed = await db
      .select({ category: rectificationItems.category, n: count() })
      .from(rectificationEvents)
      .innerJoin(rectificationItems, eq(rectificationItems.id, rectificationEvents.itemId))
      .where(
        and(
          scope,
          eq(rectificationEvents.action, "closed"),
          sql`${monthOf(rectificationEvents.at)} = ${month}`,
        ),
      )
      .groupBy(rectificationItems.category);
    const open = await db
      .select({ category: rectificationItems.category, n: count() })
      .from(rectificationItems)
      .where(and(scope, ne(rectificationItems.status, "closed")))
      .groupBy(rectificationItems.category);
    const overdue = await db
      .select({ category: rectificationItems.category, n: count() })
      .from(rectificationItems)
      .where(and(scope, overdueSql(day)))
      .groupBy(rectificationItems.category);
    const categories = [
      ...new Set([...raised, ...closed, ...open, ...overdue].map((r) => r.category)),
    ].sort();
    const countIn = (rows: { category: string; n: number }[], category: string) =>
      rows.find((r) => r.category === category)?.n ?? 0;
    const rows = categories.map((category) => ({
      category,
      raised: countIn(raised, category),
      closed: countIn(closed, category),
      open: countIn(open, category),
      overdue: countIn(overdue, category),
    }));
    const sum = (key: "raised" | "closed" | "open" | "overdue") =>
      rows.reduce((s, r) => s + r[key], 0);
    return {
      rows,
      total: {
        raised: sum("raised"),
        closed: sum("closed"),
        open: sum("open"),
        overdue: sum("overdue"),
      },
    };
  });
}
