import { auditEvents } from "#db/schema";
import type { Tx } from "#db/store";
import { now } from "../clock";

/** Who did it: a person of an organisation, through a token when it came through the API. */
export type AuditActor = { userId: number; orgId: number; apiTokenId?: number };

/**
 * Records who did what to which record, inside the transaction that made the change: if the
 * event cannot be written, the change rolls back with it.
 */
export async function audit(
  tx: Tx,
  actor: AuditActor | null,
  action: string,
  entity: { type: string; id: number | string },
  data: Record<string, unknown> = {},
): Promise<void> {
  await tx.insert(auditEvents).values({
    at: now(),
    actorUserId: actor?.userId ?? null,
    actorOrgId: actor?.orgId ?? null,
    action,
    entityType: entity.type,
    entityId: String(entity.id),
    // A change made through the API names its token, so the trail tells software from people.
    data: actor?.apiTokenId ? { ...data, apiTokenId: actor.apiTokenId } : data,
  });
}
