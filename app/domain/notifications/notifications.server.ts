import { and, count, desc, eq, isNull } from "drizzle-orm";
import { db, type Tx } from "#db/client";
import { emailOutbox, notifications, users } from "#db/schema";
import type { MessageKey } from "~/i18n/messages";
import { translate } from "~/i18n/translate";
import type { Actor } from "../accounts/actor";
import { now } from "../clock";

export const notificationKinds = [
  "claim_requested",
  "claim_accepted",
  "claim_declined",
  "claim_cancelled",
  "manifest_dispatched",
  "manifest_received",
  "manifest_rejected",
  "manifest_voided",
  "alert_unclosed_manifest",
  "alert_weight_discrepancy",
  "feedstock_match",
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/** Where a notification leads, by the kind of record it is about. */
export function notificationHref(entityType: string, entityId: string): string {
  switch (entityType) {
    case "waste_order":
      return `/orders/${entityId}`;
    case "manifest":
      return `/manifests/${entityId}`;
    case "listing":
      return `/listings/${entityId}`;
    default:
      return "/notifications";
  }
}

/**
 * Tells an organisation something happened, inside the transaction that made it happen: an
 * in-app notification, and one email per member in the outbox (in both languages, since the
 * platform does not know which one each reader prefers in their mail client).
 */
export function notify(
  tx: Tx,
  recipientOrgId: number,
  kind: NotificationKind,
  entity: { type: string; id: number | string },
  params: Record<string, string | number> = {},
): void {
  const createdAt = now();
  tx.insert(notifications)
    .values({
      orgId: recipientOrgId,
      kind,
      entityType: entity.type,
      entityId: String(entity.id),
      params,
      createdAt,
    })
    .run();
  const key = `notification.${kind}` as MessageKey;
  const subject = `${translate("zh", key, params)} / ${translate("en", key, params)}`;
  const link = notificationHref(entity.type, String(entity.id));
  const body = `${translate("zh", key, params)}\n${translate("en", key, params)}\n\n${link}`;
  const members = tx
    .select({ email: users.email })
    .from(users)
    .where(eq(users.orgId, recipientOrgId))
    .all();
  for (const member of members) {
    tx.insert(emailOutbox).values({ toEmail: member.email, subject, body, createdAt }).run();
  }
}

export function listNotifications(actor: Actor, limit = 50) {
  return db
    .select()
    .from(notifications)
    .where(eq(notifications.orgId, actor.orgId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit)
    .all();
}

export function unreadCount(actor: Actor): number {
  return (
    db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.orgId, actor.orgId), isNull(notifications.readAt)))
      .get()?.n ?? 0
  );
}

/** Marks all of the organisation's notifications read (reading is not audited: it changes no record). */
export function markAllRead(actor: Actor): void {
  db.update(notifications)
    .set({ readAt: now() })
    .where(and(eq(notifications.orgId, actor.orgId), isNull(notifications.readAt)))
    .run();
}
