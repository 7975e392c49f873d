import { Link } from "react-router";
import { EmptyState, PageHeader, StatusBadge } from "~/components/ui";
import { requireActor } from "~/domain/accounts/session.server";
import { listMyProducts } from "~/domain/products/catalogue.server";
import { milliToUnitsText } from "~/domain/products/quantity";
import { productTypeByKey, productUnits } from "~/domain/reference/products";
import { formatYuan } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { orRespond } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/catalogue";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "catalogue.title");

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  return { products: orRespond(() => listMyProducts(actor)) };
}

export default function Catalogue({ loaderData }: Route.ComponentProps) {
  const { t, name } = useI18n();
  return (
    <>
      <PageHeader
        title={t("catalogue.title")}
        actions={
          <Link className="button button--primary" to="/catalogue/new">
            {t("catalogue.new")}
          </Link>
        }
      />
      {loaderData.products.length === 0 ? (
        <EmptyState title="catalogue.empty" body="catalogue.emptyBody" />
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("field.productName")}</th>
                <th>{t("field.productType")}</th>
                <th>{t("field.standard")}</th>
                <th className="num">{t("field.price")}</th>
                <th className="num">{t("field.stock")}</th>
                <th>{t("field.status")}</th>
              </tr>
            </thead>
            <tbody>
              {loaderData.products.map((p) => {
                const unit = name(productUnits.find((u) => u.key === p.unit));
                return (
                  <tr key={p.id}>
                    <td>
                      <Link to={`/products/${p.id}`}>{p.name}</Link>
                    </td>
                    <td>{name(productTypeByKey(p.productType))}</td>
                    <td>{p.standard}</td>
                    <td className="num">
                      {formatYuan(p.priceFenPerUnit)}/{unit}
                    </td>
                    <td className="num">
                      {milliToUnitsText(p.stockMilli)} {unit}
                    </td>
                    <td>
                      <StatusBadge status={p.status} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
