import { and, asc, eq } from "drizzle-orm";
import { db, writeTransaction } from "#db/client";
import { facilities } from "#db/schema";
import { type Actor, authorize } from "../accounts/actor";
import { audit } from "../audit/audit.server";
import { now, shanghaiDate } from "../clock";
import { notFound } from "../errors";
import type { FacilityInput } from "./schemas";

export type Facility = typeof facilities.$inferSelect;

export const APPROVAL_WARNING_DAYS = 30;

/** "valid", "expiring" (within 30 days) or "expired", judged on the Shanghai calendar day. */
export function approvalStatus(facility: Pick<Facility, "approvalExpiresOn">, at = now()) {
  const today = shanghaiDate(at);
  if (facility.approvalExpiresOn < today) return "expired" as const;
  const warnFrom = shanghaiDate(new Date(at.getTime() + APPROVAL_WARNING_DAYS * 86_400_000));
  return facility.approvalExpiresOn <= warnFrom ? ("expiring" as const) : ("valid" as const);
}

/** Whole Shanghai calendar days from today until the approval's last valid day (negative once past). */
export function approvalDaysLeft(facility: Pick<Facility, "approvalExpiresOn">, at = now()) {
  return Math.round(
    (Date.parse(`${facility.approvalExpiresOn}T00:00:00Z`) -
      Date.parse(`${shanghaiDate(at)}T00:00:00Z`)) /
      86_400_000,
  );
}

export function createFacility(actor: Actor, input: FacilityInput): Facility {
  authorize(actor, "facility.manage");
  return writeTransaction((tx) => {
    const facility = tx
      .insert(facilities)
      .values({ ...input, orgId: actor.orgId, createdAt: now() })
      .returning()
      .get();
    audit(
      tx,
      actor,
      "facility.created",
      { type: "facility", id: facility.id },
      { name: facility.name },
    );
    return facility;
  });
}

/** Changes a facility of the actor's organisation; the audit event keeps what was changed. */
export function updateFacility(actor: Actor, facilityId: number, input: FacilityInput): Facility {
  authorize(actor, "facility.manage");
  return writeTransaction((tx) => {
    const before = tx
      .select()
      .from(facilities)
      .where(and(eq(facilities.id, facilityId), eq(facilities.orgId, actor.orgId)))
      .get();
    if (!before) throw notFound("facility.notFound");
    const after = tx
      .update(facilities)
      .set(input)
      .where(eq(facilities.id, before.id))
      .returning()
      .get();
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const field of Object.keys(input) as (keyof FacilityInput)[]) {
      if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) {
        changes[field] = { from: before[field], to: after[field] };
      }
    }
    audit(tx, actor, "facility.updated", { type: "facility", id: before.id }, { changes });
    return after;
  });
}

export function listMyFacilities(actor: Actor): Facility[] {
  authorize(actor, "facility.read");
  return db
    .select()
    .from(facilities)
    .where(eq(facilities.orgId, actor.orgId))
    .orderBy(asc(facilities.name))
    .all();
}

export function getMyFacility(actor: Actor, facilityId: number): Facility {
  authorize(actor, "facility.read");
  const facility = db
    .select()
    .from(facilities)
    .where(and(eq(facilities.id, facilityId), eq(facilities.orgId, actor.orgId)))
    .get();
  if (!facility) throw notFound("facility.notFound");
  return facility;
}
