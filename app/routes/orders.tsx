import { Link } from "react-router";
import { EmptyState, PageHeader, StatusBadge, TableScroll } from "~/components/ui";
import { requireActor } from "~/domain/accounts/session.server";
import { listMyOrders } from "~/domain/orders/orders.server";
import { wasteClassByKey } from "~/domain/reference/lookup";
import { formatDateTime, formatTonnes } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { orRespond } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/orders";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "orders.title");

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  return { orders: await orRespond(async () => await listMyOrders(actor)), orgId: actor.orgId };
}

export default function Orders({ loaderData }: Route.ComponentProps) {
  const { t, name, locale } = useI18n();
  return (
    <>
      <PageHeader title={t("orders.title")} />
      {loaderData.orders.length === 0 ? (
        <EmptyState title="orders.empty" body="orders.emptyBody" />
      ) : (
        <TableScroll label={t("orders.title")}>
          <table>
            <thead>
              <tr>
                <th>#</th>
                <th>{t("field.wasteClass")}</th>
                <th>{t("orders.counterparty")}</th>
                <th className="num">{t("field.quantity")}</th>
                <th className="num">{t("order.received")}</th>
                <th>{t("field.status")}</th>
                <th>{t("field.createdAt")}</th>
              </tr>
            </thead>
            <tbody>
              {loaderData.orders.map(({ order, listing, producerName, recyclerName, project }) => (
                <tr key={order.id}>
                  <td>
                    <Link to={`/orders/${order.id}`}>#{order.id}</Link>
                  </td>
                  <td>{name(wasteClassByKey(listing.wasteClass))}</td>
                  <td>
                    {listing.orgId === loaderData.orgId
                      ? recyclerName
                      : `${producerName} · ${project.name}`}
                  </td>
                  <td className="num">{formatTonnes(order.quantityKg)}</td>
                  <td className="num">{formatTonnes(order.receivedKg)}</td>
                  <td>
                    <StatusBadge status={order.status} />
                  </td>
                  <td>{formatDateTime(locale, order.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
