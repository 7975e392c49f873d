import { Form, Link } from "react-router";
import { EmptyState, PageHeader, Pager } from "~/components/ui";
import { can } from "~/domain/access/permissions";
import { requireActor } from "~/domain/accounts/session.server";
import { ProductQuery } from "~/domain/products/schemas";
import { searchProducts } from "~/domain/products/search.server";
import { listMyProjects } from "~/domain/projects/projects.server";
import { divisions } from "~/domain/reference/divisions";
import { divisionByCode } from "~/domain/reference/lookup";
import { productTypeByKey, productTypes, productUnits } from "~/domain/reference/products";
import { formatUnits, formatYuan } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { orRespond } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/products";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "products.title");

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  // The filter form submits its empty fields too: empty means "any", never a price of ¥0.
  const params = [...new URL(request.url).searchParams].filter(([, v]) => v.trim() !== "");
  const query = ProductQuery.parse(Object.fromEntries(params));
  return await orRespond(async () => ({
    query,
    result: await searchProducts(actor, query),
    projects: can(actor, "project.read")
      ? (await listMyProjects(actor)).map((p) => ({ id: p.id, name: p.name }))
      : [],
  }));
}

export default function Products({ loaderData }: Route.ComponentProps) {
  const { t, name } = useI18n();
  const { query, result, projects } = loaderData;
  const unitName = (unit: string) => name(productUnits.find((u) => u.key === unit));
  // The folded filters open when one of them is in use, so nothing applied is hidden.
  const refined = Boolean(
    query.standard ||
      query.grade ||
      query.divisionCode ||
      query.radiusKm !== undefined ||
      query.maxPriceYuan !== undefined,
  );
  const filtered = refined || Boolean(query.productType || query.project || query.sort);
  const href = (page: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...query, page }))
      if (value !== undefined && value !== "") params.set(key, String(value));
    return `/products?${params}`;
  };
  return (
    <>
      <PageHeader
        title={t("products.title")}
        subtitle={t(filtered ? "products.matching" : "products.subtitle", {
          count: result.total,
        })}
      />
      <Form method="get" className="filters product-filters">
        <div className="filters__field">
          <label htmlFor="p-type">{t("field.productType")}</label>
          <select id="p-type" name="productType" defaultValue={query.productType ?? ""}>
            <option value="">{t("common.all")}</option>
            {productTypes.map((p) => (
              <option key={p.key} value={p.key}>
                {name(p)}
              </option>
            ))}
          </select>
        </div>
        {projects.length > 0 ? (
          <div className="filters__field">
            <label htmlFor="p-project">{t("products.forProject")}</label>
            <select id="p-project" name="project" defaultValue={query.project ?? ""}>
              <option value="">{t("products.noProject")}</option>
              {projects.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="filters__field">
          <label htmlFor="p-sort">{t("field.sort")}</label>
          <select id="p-sort" name="sort" defaultValue={result.sort}>
            {projects.length > 0 ? <option value="distance">{t("sort.distance")}</option> : null}
            <option value="price">{t(result.project ? "sort.price" : "sort.unitPrice")}</option>
            <option value="newest">{t("sort.newest")}</option>
          </select>
        </div>
        <details className="filters__more" open={refined}>
          <summary>
            {t(projects.length > 0 ? "products.moreFilters" : "products.moreFiltersNoProject")}
          </summary>
          <div className="filters__more-grid">
            <div className="filters__field">
              <label htmlFor="p-standard">{t("field.standard")}</label>
              <input
                id="p-standard"
                name="standard"
                defaultValue={query.standard ?? ""}
                placeholder="GB/T 25177"
              />
            </div>
            <div className="filters__field">
              <label htmlFor="p-grade">{t("field.grade")}</label>
              <input id="p-grade" name="grade" defaultValue={query.grade ?? ""} />
            </div>
            <div className="filters__field">
              <label htmlFor="p-division">{t("field.division")}</label>
              <select id="p-division" name="divisionCode" defaultValue={query.divisionCode ?? ""}>
                <option value="">{t("common.all")}</option>
                {divisions.map((d) => (
                  <option key={d.code} value={d.code}>
                    {name(d)}
                  </option>
                ))}
              </select>
            </div>
            {projects.length > 0 ? (
              <div className="filters__field">
                <label htmlFor="p-radius">{t("field.radiusKm")}</label>
                <input
                  id="p-radius"
                  name="radiusKm"
                  inputMode="numeric"
                  defaultValue={query.radiusKm ?? ""}
                  aria-describedby="p-radius-hint"
                />
                <span className="field__hint" id="p-radius-hint">
                  {t("products.radiusHint")}
                </span>
              </div>
            ) : null}
            <div className="filters__field">
              <label htmlFor="p-price">{t("field.maxPriceYuan")}</label>
              <input
                id="p-price"
                name="maxPriceYuan"
                inputMode="decimal"
                defaultValue={query.maxPriceYuan ?? ""}
              />
            </div>
          </div>
        </details>
        <div className="filters__actions">
          <button type="submit" className="button button--primary">
            {t("common.filter")}
          </button>
          {filtered ? <Link to="/products">{t("products.clearFilters")}</Link> : null}
        </div>
      </Form>
      {result.rows.length === 0 ? (
        <EmptyState title="products.empty" body="products.emptyBody" />
      ) : (
        <ul className="cards">
          {result.rows.map(
            ({
              product,
              sellerName,
              facilityName,
              distanceKm,
              haulPerUnit,
              deliveredFenPerUnit,
            }) => (
              <li key={product.id} className="card card--link">
                <Link
                  to={`/products/${product.id}${result.project ? `?project=${result.project.id}` : ""}`}
                >
                  <div className="listing-card__top">
                    <span className="tag">{name(productTypeByKey(product.productType))}</span>
                    <span className="muted small">
                      {name(divisionByCode(product.divisionCode))}
                    </span>
                  </div>
                  <h2>{product.name}</h2>
                  <p className="muted small">
                    {product.standard}
                    {product.grade ? ` · ${product.grade}` : ""} ·{" "}
                    {t("product.recycledContent", { pct: product.recycledContentPct })}
                  </p>
                  <p className="muted small">
                    {sellerName} · {facilityName}
                  </p>
                  <p>
                    <strong>
                      {formatYuan(product.priceFenPerUnit)}/{unitName(product.unit)}
                    </strong>{" "}
                    <span className="muted small">
                      {t("product.inStock", {
                        stock: `${formatUnits(product.stockMilli)} ${unitName(product.unit)}`,
                      })}
                    </span>
                  </p>
                  {distanceKm !== null && haulPerUnit && deliveredFenPerUnit !== null ? (
                    <p className="small card__estimate">
                      {t("product.deliveredEstimate", {
                        km: (haulPerUnit.roadMetres / 1000).toFixed(1),
                        price: `${formatYuan(deliveredFenPerUnit)}/${unitName(product.unit)}`,
                      })}
                    </p>
                  ) : null}
                </Link>
              </li>
            ),
          )}
        </ul>
      )}
      <Pager page={result.page} pageCount={result.pageCount} href={href} />
    </>
  );
}
