import { and, asc, eq } from "drizzle-orm";
import { facilities } from "#db/schema";
import { read, returnedRow, type Tx, write } from "#db/store";
import { type Actor, authorize } from "../access";
import { audit } from "../audit";
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

export async function createFacility(actor: Actor, input: FacilityInput): Promise<Facility> {
  authorize(actor, "facility.manage");
  return write(async (tx) => {
    const facility = returnedRow(
      await tx
        .insert(facilities)
        .values({ ...input, orgId: actor.orgId, createdAt: now() })
        .returning(),
    );
    await audit(
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
export async function updateFacility(
  actor: Actor,
  facilityId: number,
  input: FacilityInput,
): Promise<Facility> {
  authorize(actor, "facility.manage");
  return write(async (tx) => {
    const before = await facilityOfMine(tx, actor, facilityId);
    const after = returnedRow(
      await tx.update(facilities).set(input).where(eq(facilities.id, before.id)).returning(),
    );
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const field of Object.keys(input) as (keyof FacilityInput)[]) {
      if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) {
        changes[field] = { from: before[field], to: after[field] };
      }
    }
    await audit(tx, actor, "facility.updated", { type: "facility", id: before.id }, { changes });
    return after;
  });
}

export async function listMyFacilities(actor: Actor): Promise<Facility[]> {
  return read(async (db) => {
    authorize(actor, "facility.read");
    return await db
      .select()
      .from(facilities)
      .where(eq(facilities.orgId, actor.orgId))
      .orderBy(asc(facilities.name));
  });
}

export async function getMyFacility(actor: Actor, facilityId: number): Promise<Facility> {
  authorize(actor, "facility.read");
  return read((db) => facilityOfMine(db, actor, facilityId));
}

/**
 * A facility of the actor's organisation, read with the queries given (a write checks the one it
 * changes in its own transaction); another organisation's reads as absent.
 */
export async function facilityOfMine(q: Tx, actor: Actor, facilityId: number): Promise<Facility> {
  const facility = (
    await q
      .select()
      .from(facilities)
      .where(and(eq(facilities.id, facilityId), eq(facilities.orgId, actor.orgId)))
      .limit(1)
  )[0];
  if (!facility) throw notFound("facility.notFound");
  return facility;
}
