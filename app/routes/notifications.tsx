import { Form, Link, redirect } from "react-router";
import { z } from "zod";
import { SubmitButton } from "~/components/form";
import { EmptyState, PageHeader, Pager } from "~/components/ui";
import { requireActor } from "~/domain/accounts/session.server";
import {
  listNotifications,
  markAllRead,
  notificationHref,
  unreadCount,
} from "~/domain/notifications/notifications.server";
import { formatDateTime } from "~/i18n/format";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import { attempt, orRespond } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/notifications";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "notifications.title");

const Query = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1) });

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const { page } = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  return await orRespond(async () => {
    const result = await listNotifications(actor, page);
    return {
      ...result,
      unread: await unreadCount(actor),
      rows: result.rows.map((n) => ({
        ...n,
        href: notificationHref(n.entityType, n.entityId, n.params),
      })),
    };
  });
}

/** The page's one action: everything the organisation has been told is now read. */
export async function action({ request }: Route.ActionArgs) {
  const actor = await requireActor(request);
  const result = await attempt({}, async () => await markAllRead(actor));
  if (!result.ok) return result.response;
  return redirect("/notifications");
}

export default function Notifications({ loaderData }: Route.ComponentProps) {
  const { t, locale } = useI18n();
  const { rows, page, pageCount, unread } = loaderData;
  return (
    <>
      <PageHeader
        title={t("notifications.title")}
        actions={
          unread > 0 ? (
            <Form method="post">
              <SubmitButton variant="secondary">{t("notifications.markAllRead")}</SubmitButton>
            </Form>
          ) : null
        }
      />
      {rows.length === 0 ? (
        <EmptyState title="notifications.empty" body="notifications.emptyBody" />
      ) : (
        <ul className="notification-list">
          {rows.map((n) => (
            <li
              key={n.id}
              className={n.readAt ? "notification" : "notification notification--unread"}
            >
              <Link to={n.href}>
                {n.readAt ? null : (
                  <span className="visually-hidden">{t("notifications.unread")}: </span>
                )}
                {t(`notification.${n.kind}` as MessageKey, n.params)}
              </Link>
              <time className="muted small" dateTime={new Date(n.createdAt).toISOString()}>
                {formatDateTime(locale, n.createdAt)}
              </time>
            </li>
          ))}
        </ul>
      )}
      <Pager page={page} pageCount={pageCount} href={(p) => `/notifications?page=${p}`} />
    </>
  );
}
