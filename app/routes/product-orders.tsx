import { Link } from "react-router";
import { EmptyState, PageHeader, StatusBadge } from "~/components/ui";
import { requireActor } from "~/domain/accounts/session.server";
import { listMyProductOrders } from "~/domain/products/orders.server";
import { milliToUnitsText } from "~/domain/products/quantity";
import { productUnits } from "~/domain/reference/products";
import { formatDateTime, formatYuan } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { orRespond } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/product-orders";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "productOrders.title");

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  return { orders: orRespond(() => listMyProductOrders(actor)), orgId: actor.orgId };
}

export default function ProductOrders({ loaderData }: Route.ComponentProps) {
  const { t, name, locale } = useI18n();
  return (
    <>
      <PageHeader title={t("productOrders.title")} />
      {loaderData.orders.length === 0 ? (
        <EmptyState title="productOrders.empty" body="productOrders.emptyBody" />
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>#</th>
                <th>{t("field.productName")}</th>
                <th>{t("orders.counterparty")}</th>
                <th className="num">{t("field.quantity")}</th>
                <th className="num">{t("field.amount")}</th>
                <th>{t("field.status")}</th>
                <th>{t("field.createdAt")}</th>
              </tr>
            </thead>
            <tbody>
              {loaderData.orders.map(({ order, product, project, buyerName, sellerName }) => (
                <tr key={order.id}>
                  <td>
                    <Link to={`/product-orders/${order.id}`}>#{order.id}</Link>
                  </td>
                  <td>{product.name}</td>
                  <td>
                    {order.buyerOrgId === loaderData.orgId
                      ? sellerName
                      : `${buyerName} · ${project.name}`}
                  </td>
                  <td className="num">
                    {milliToUnitsText(order.quantityMilli)}{" "}
                    {name(productUnits.find((u) => u.key === product.unit))}
                  </td>
                  <td className="num">{formatYuan(order.amountFen)}</td>
                  <td>
                    <StatusBadge status={order.status} />
                  </td>
                  <td>{formatDateTime(locale, order.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
