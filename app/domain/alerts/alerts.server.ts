import { and, count, desc, eq, isNotNull, isNull, lt, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { alerts, facilities, manifests, organisations, projects } from "#db/schema";
import { read, type Tx, write } from "#db/store";
import { type Actor, authorize } from "../access";
import { audit } from "../audit";
import { now, shanghaiMonth } from "../clock";
import { forbidden } from "../errors";
import { definitionsFor, definitionsInForce } from "../metrics";
import { notify } from "../notifications";
import { kgToTonnesText } from "../quantity";
import { PROVINCE_CODE } from "../reference";
import type { AlertKind, AlertQuery } from "./schemas";

export type Alert = typeof alerts.$inferSelect;
type Manifest = typeof manifests.$inferSelect;

const PAGE_SIZE = 20;
const HOUR_MS = 3_600_000;

/**
 * Records an alert once per kind and manifest (the unique index makes a second raise a no-op) and
 * tells both ends of the trip. Alerts are raised by the platform, not a person: the audit event
 * has no actor.
 */
async function raise(
  tx: Tx,
  kind: AlertKind,
  manifest: Manifest,
  details: Record<string, string | number>,
): Promise<Alert | undefined> {
  const [alert] = await tx
    .insert(alerts)
    .values({
      kind,
      manifestId: manifest.id,
      producerOrgId: manifest.producerOrgId,
      recyclerOrgId: manifest.recyclerOrgId,
      divisionCode: manifest.divisionCode,
      details,
      raisedAt: now(),
    })
    .onConflictDoNothing()
    .returning();
  if (!alert) return undefined;
  for (const orgId of [manifest.producerOrgId, manifest.recyclerOrgId]) {
    await notify(tx, orgId, `alert_${kind}`, { type: "manifest", id: manifest.id }, details);
  }
  await audit(tx, null, "alert.raised", { type: "alert", id: alert.id }, { kind, ...details });
  return alert;
}

/**
 * Called inside the receipt's transaction: a net weight further from the estimate than the
 * percentage of the definitions in force in the month of receipt raises a weight discrepancy.
 * Exactly the threshold does not.
 */
export async function raiseWeightDiscrepancy(
  tx: Tx,
  manifest: Manifest,
): Promise<Alert | undefined> {
  if (manifest.netKg === null) return undefined;
  const thresholdPercent = (await definitionsFor(shanghaiMonth(manifest.receivedAt ?? now())))
    .weightDiscrepancyPct;
  const offKg = Math.abs(manifest.netKg - manifest.estimatedKg);
  // Compared as products of integers, so 20 % is exactly 20 % and never 20.000000001 %.
  if (offKg * 100 <= thresholdPercent * manifest.estimatedKg) return undefined;
  return await raise(tx, "weight_discrepancy", manifest, {
    manifestNo: manifest.manifestNo,
    estimated: `${kgToTonnesText(manifest.estimatedKg)} t`,
    net: `${kgToTonnesText(manifest.netKg)} t`,
    percent: ((offKg * 100) / manifest.estimatedKg).toFixed(1),
    threshold: thresholdPercent,
  });
}

/** Trips still in transit past the threshold that have no unclosed-manifest alert yet. */
async function dueManifests(reader: Tx | Tx, cutoff: Date): Promise<Manifest[]> {
  return (
    await reader
      .select({ manifest: manifests })
      .from(manifests)
      .leftJoin(
        alerts,
        and(eq(alerts.manifestId, manifests.id), eq(alerts.kind, "unclosed_manifest")),
      )
      .where(
        and(
          // Written as the in-transit index's own condition, so only trips in transit are read.
          sql`${manifests.status} = 'dispatched'`,
          lt(manifests.dispatchedAt, cutoff),
          isNull(alerts.id),
        ),
      )
  ).map((row) => row.manifest);
}

/**
 * Raises an "unclosed manifest" alert for every trip in transit longer than the hours of the
 * definitions in force.
 * Safe to run as often as wanted: the server runs it every minute and before alerts are listed.
 * Returns how many alerts it raised.
 */
export async function raiseDueAlerts(): Promise<number> {
  const hours = (await definitionsInForce()).unclosedManifestHours;
  const cutoff = new Date(now().getTime() - hours * HOUR_MS);
  // A read first, so a page view takes the write lock only when there is something to raise.
  if ((await read((db) => dueManifests(db, cutoff))).length === 0) return 0;
  return write(async (tx) => {
    let raised = 0;
    for (const manifest of await dueManifests(tx, cutoff)) {
      if (
        await raise(tx, "unclosed_manifest", manifest, {
          manifestNo: manifest.manifestNo,
          hours,
        })
      )
        raised++;
    }
    return raised;
  });
}

/** A trip that is received, rejected or voided is no longer unclosed: its alert is resolved. */
export async function resolveUnclosedAlert(
  tx: Tx,
  actor: Actor,
  manifestId: number,
): Promise<void> {
  const resolved = await tx
    .update(alerts)
    .set({ resolvedAt: now() })
    .where(
      and(
        eq(alerts.manifestId, manifestId),
        eq(alerts.kind, "unclosed_manifest"),
        isNull(alerts.resolvedAt),
      ),
    )
    .returning({ id: alerts.id });
  for (const alert of resolved) {
    await audit(tx, actor, "alert.resolved", { type: "alert", id: alert.id }, { manifestId });
  }
}

/** Whose alerts an actor sees: each party its own trips, a department its jurisdiction. */
function alertScope(actor: Actor): SQL | undefined {
  switch (actor.orgKind) {
    case "contractor":
      return eq(alerts.producerOrgId, actor.orgId);
    case "recycler":
      return eq(alerts.recyclerOrgId, actor.orgId);
    case "department":
      return actor.divisionCode === PROVINCE_CODE
        ? undefined
        : eq(alerts.divisionCode, actor.divisionCode);
    default:
      throw forbidden();
  }
}

const producerOrg = alias(organisations, "producer_org");

async function alertsWhere(actor: Actor, state: AlertQuery["state"]) {
  authorize(actor, "alert.read");
  await raiseDueAlerts();
  return and(
    alertScope(actor),
    state === "open"
      ? isNull(alerts.resolvedAt)
      : state === "resolved"
        ? isNotNull(alerts.resolvedAt)
        : undefined,
  );
}

function alertRows(db: Tx, where: SQL | undefined) {
  return db
    .select({
      alert: alerts,
      manifestNo: manifests.manifestNo,
      manifestStatus: manifests.status,
      vehiclePlate: manifests.vehiclePlate,
      dispatchedAt: manifests.dispatchedAt,
      projectName: projects.name,
      producerName: producerOrg.name,
      facilityName: facilities.name,
    })
    .from(alerts)
    .innerJoin(manifests, eq(manifests.id, alerts.manifestId))
    .innerJoin(projects, eq(projects.id, manifests.projectId))
    .innerJoin(facilities, eq(facilities.id, manifests.facilityId))
    .innerJoin(producerOrg, eq(producerOrg.id, manifests.producerOrgId))
    .where(where)
    .orderBy(desc(alerts.raisedAt), desc(alerts.id));
}

export async function listAlerts(actor: Actor, query: AlertQuery) {
  return read(async (db) => {
    const where = await alertsWhere(actor, query.state);
    const total = (await db.select({ n: count() }).from(alerts).where(where).limit(1))[0]?.n ?? 0;
    const rows = await alertRows(db, where)
      .limit(PAGE_SIZE)
      .offset((query.page - 1) * PAGE_SIZE);
    return { rows, total, page: query.page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
  });
}

/** Every alert the actor sees in a state, for an export. */
export async function exportAlerts(actor: Actor, state: AlertQuery["state"]) {
  const where = await alertsWhere(actor, state);
  return read(async (db) => alertRows(db, where));
}

/** The alerts of one manifest, for a viewer the manifest service has already let in. */
export async function alertsOfManifest(reader: Tx | Tx, manifestId: number): Promise<Alert[]> {
  return await reader
    .select()
    .from(alerts)
    .where(eq(alerts.manifestId, manifestId))
    .orderBy(desc(alerts.raisedAt));
}
