import { and, count, desc, eq, isNull, sql } from "drizzle-orm";
import { settings } from "#config/settings";
import { emailOutbox, notifications, users } from "#db/schema";
import { prepared, read, type Tx, write } from "#db/store";
import { type Actor, authorize } from "../access";
import { now } from "../clock";
import { type NotificationKind, notificationText } from "./wording";

/** Where a notification leads, by the kind of record it is about (and its params, for a month). */
export function notificationHref(
  entityType: string,
  entityId: string,
  params: Record<string, string | number> = {},
): string {
  switch (entityType) {
    case "waste_order":
      return `/orders/${entityId}`;
    case "manifest":
      return `/manifests/${entityId}`;
    case "listing":
      return `/listings/${entityId}`;
    case "rectification_item":
      // The organisation's page; a department opening it is sent on to its own.
      return `/rectification/${entityId}`;
    case "definition_version":
      return "/department/definitions";
    case "published_month":
      // The province's version is the province's to read: a city is led to its own month.
      return `/department/publish?month=${params.month}`;
    default:
      return "/notifications";
  }
}

/**
 * Where people reach the platform (PUBLIC_URL, e.g. https://rebuild.example.cn); without it, the
 * address this server listens on, which is right for a single machine and for the demo.
 */
export function publicUrl(): string {
  return settings().PUBLIC_URL ?? `http://localhost:${settings().PORT}`;
}

/**
 * Tells an organisation something happened, inside the transaction that made it happen: an
 * in-app notification, and one email per member in the outbox (in both languages, since the
 * platform does not know which one each reader prefers in their mail client).
 */
export async function notify(
  tx: Tx,
  recipientOrgId: number,
  kind: NotificationKind,
  entity: { type: string; id: number | string },
  params: Record<string, string | number> = {},
): Promise<void> {
  const createdAt = now();
  await tx.insert(notifications).values({
    orgId: recipientOrgId,
    kind,
    entityType: entity.type,
    entityId: String(entity.id),
    params,
    createdAt,
  });
  const subject = `${notificationText("zh", kind, params)} / ${notificationText("en", kind, params)}`;
  // An email is read outside the site: its link carries the platform's public address.
  const link = new URL(notificationHref(entity.type, String(entity.id), params), publicUrl());
  const body = `${notificationText("zh", kind, params)}\n${notificationText("en", kind, params)}\n\n${link}`;
  const members = await tx
    .select({ email: users.email })
    .from(users)
    .where(eq(users.orgId, recipientOrgId));
  for (const member of members) {
    await tx.insert(emailOutbox).values({ toEmail: member.email, subject, body, createdAt });
  }
}

const PAGE_SIZE = 30;

/** The organisation's notifications, newest first, a page at a time. */
export async function listNotifications(actor: Actor, page = 1) {
  return read(async (db) => {
    authorize(actor, "notification.read");
    const mine = eq(notifications.orgId, actor.orgId);
    const total =
      (await db.select({ n: count() }).from(notifications).where(mine).limit(1))[0]?.n ?? 0;
    const rows = await db
      .select()
      .from(notifications)
      .where(mine)
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE);
    return { rows, total, page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
  });
}

/** Past this many the header shows "99+": nobody counts further, and the query stays bounded. */
export const UNREAD_CAP = 100;

/**
 * Unread notifications, counted among the newest UNREAD_CAP. "Mark all read" marks everything, so
 * the unread ones are always the newest: the count is exact up to the cap, and the header (shown
 * on every page) never reads an organisation's whole history.
 */
export async function unreadCount(actor: Actor): Promise<number> {
  authorize(actor, "notification.read");
  const [unread] = await read(async (db) => unreadAmongNewest(db).execute({ orgId: actor.orgId }));
  return unread?.n ?? 0;
}

/** Asked on every page (the header), so prepared once. */
const unreadAmongNewest = prepared((db) => {
  const newest = db
    .select({ readAt: notifications.readAt })
    .from(notifications)
    .where(eq(notifications.orgId, sql.placeholder("orgId")))
    .orderBy(desc(notifications.createdAt))
    .limit(UNREAD_CAP)
    .as("newest");
  return db.select({ n: count() }).from(newest).where(isNull(newest.readAt)).prepare();
});

/** Marks all of the organisation's notifications read (reading is not audited: it changes no record). */
export async function markAllRead(actor: Actor): Promise<void> {
  authorize(actor, "notification.read");
  await write(async (tx) => {
    await tx
      .update(notifications)
      .set({ readAt: now() })
      .where(and(eq(notifications.orgId, actor.orgId), isNull(notifications.readAt)));
  });
}
