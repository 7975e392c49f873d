import { Link } from "react-router";
import { EmptyState, PageHeader, StatusBadge } from "~/components/ui";
import { requireActor } from "~/domain/accounts/session.server";
import { listMyProductOrders } from "~/domain/products/orders.server";
import { productUnits } from "~/domain/reference/products";
import { formatDateTime, formatUnits, formatYuan } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { orRespond } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/product-orders";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "productOrders.title");

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  return {
    orders: await orRespond(async () => await listMyProductOrders(actor)),
    orgId: actor.orgId,
  };
}

export default function ProductOrders({ loaderData }: Route.ComponentProps) {
  const { t, name, locale } = useI18n();
  return (
    <>
      <PageHeader title={t("productOrders.title")} />
      {loaderData.orders.length === 0 ? (
        <EmptyState title="productOrders.empty" body="productOrders.emptyBody" />
      ) : (
        <ul className="cards">
          {loaderData.orders.map(({ order, product, project, buyerName, sellerName }) => (
            <li key={order.id} className="card card--link" data-order={order.id}>
              <Link to={`/product-orders/${order.id}`}>
                <div className="listing-card__top">
                  <span className="muted small">
                    #{order.id} · {formatDateTime(locale, order.createdAt)}
                  </span>
                  <StatusBadge status={order.status} />
                </div>
                <h2>{product.name}</h2>
                <p className="muted small">
                  {order.buyerOrgId === loaderData.orgId
                    ? t("productOrders.from", { seller: sellerName, project: project.name })
                    : t("productOrders.for", { buyer: buyerName, project: project.name })}
                </p>
                <p>
                  <strong>
                    {formatUnits(order.quantityMilli)}{" "}
                    {name(productUnits.find((u) => u.key === product.unit))}
                  </strong>{" "}
                  · {formatYuan(order.amountFen)}
                </p>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
