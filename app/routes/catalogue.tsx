import { Link } from "react-router";
import { EmptyState, PageHeader, StatusBadge } from "~/components/ui";
import { can } from "~/domain/access/permissions";
import { requireActor } from "~/domain/accounts/session.server";
import { listMyProducts } from "~/domain/products/catalogue.server";
import { productTypeByKey, productUnits } from "~/domain/reference/products";
import { formatUnits, formatYuan } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { orRespond } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/catalogue";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "catalogue.title");

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  return {
    products: await orRespond(async () => await listMyProducts(actor)),
    canManage: can(actor, "product.manage"),
  };
}

export default function Catalogue({ loaderData }: Route.ComponentProps) {
  const { t, name } = useI18n();
  const { products, canManage } = loaderData;
  const newProduct = (
    <Link className="button button--primary" to="/catalogue/new">
      {t("catalogue.new")}
    </Link>
  );
  return (
    <>
      <PageHeader
        title={t("catalogue.title")}
        actions={canManage && products.length > 0 ? newProduct : null}
      />
      {products.length === 0 ? (
        <EmptyState
          title="catalogue.empty"
          body="catalogue.emptyBody"
          action={canManage ? newProduct : null}
        />
      ) : (
        <ul className="cards">
          {products.map((p) => {
            const unit = name(productUnits.find((u) => u.key === p.unit));
            return (
              <li key={p.id} className="card card--link" data-product={p.id}>
                <Link to={`/products/${p.id}`}>
                  <div className="listing-card__top">
                    <span className="tag">{name(productTypeByKey(p.productType))}</span>
                    <StatusBadge status={`product_${p.status}`} />
                  </div>
                  <h2>{p.name}</h2>
                  <p className="muted small">
                    {p.standard}
                    {p.grade ? ` · ${p.grade}` : ""}
                  </p>
                  <p>
                    <strong>
                      {formatYuan(p.priceFenPerUnit)}/{unit}
                    </strong>{" "}
                    <span className={p.stockMilli > 0 ? "muted small" : "small facility-warning"}>
                      {t("product.inStock", { stock: `${formatUnits(p.stockMilli)} ${unit}` })}
                    </span>
                  </p>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
