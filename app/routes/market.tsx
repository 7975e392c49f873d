import { Form, Link } from "react-router";
import { EmptyState, PageHeader, Pager } from "~/components/ui";
import { requireActor } from "~/domain/accounts/session.server";
import { searchMarket } from "~/domain/listings/listings.server";
import { MarketQuery } from "~/domain/listings/schemas";
import { divisions } from "~/domain/reference/divisions";
import { divisionByCode, materialByKey, wasteClassByKey } from "~/domain/reference/lookup";
import { wasteClasses } from "~/domain/reference/waste";
import { formatTonnes, formatYuan } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { orRespond } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/market";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "market.title");

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const query = MarketQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { query, result: orRespond(() => searchMarket(actor, query)) };
}

export default function Market({ loaderData }: Route.ComponentProps) {
  const { t, name } = useI18n();
  const { query, result } = loaderData;
  const href = (page: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...query, page }))
      if (value) params.set(key, String(value));
    return `/market?${params}`;
  };
  return (
    <>
      <PageHeader
        title={t("market.title")}
        subtitle={t("market.subtitle", { count: result.total })}
      />
      <Form method="get" className="filters">
        <div className="filters__field">
          <label htmlFor="m-class">{t("field.wasteClass")}</label>
          <select id="m-class" name="wasteClass" defaultValue={query.wasteClass ?? ""}>
            <option value="">{t("common.all")}</option>
            {wasteClasses.map((c) => (
              <option key={c.key} value={c.key}>
                {name(c)}
              </option>
            ))}
          </select>
        </div>
        <div className="filters__field">
          <label htmlFor="m-division">{t("field.division")}</label>
          <select id="m-division" name="divisionCode" defaultValue={query.divisionCode ?? ""}>
            <option value="">{t("common.all")}</option>
            {divisions.map((d) => (
              <option key={d.code} value={d.code}>
                {name(d)}
              </option>
            ))}
          </select>
        </div>
        <div className="filters__field">
          <label htmlFor="m-payer">{t("field.payer")}</label>
          <select id="m-payer" name="payer" defaultValue={query.payer ?? ""}>
            <option value="">{t("common.all")}</option>
            <option value="recycler">{t("payer.recycler")}</option>
            <option value="producer">{t("payer.producer")}</option>
          </select>
        </div>
        <button type="submit" className="button button--secondary">
          {t("common.filter")}
        </button>
      </Form>
      {result.rows.length === 0 ? (
        <EmptyState title="market.empty" body="market.emptyBody" />
      ) : (
        <ul className="cards">
          {result.rows.map(({ listing, projectName, producerName }) => (
            <li key={listing.id} className="card card--link">
              <Link to={`/listings/${listing.id}`}>
                <div className="listing-card__top">
                  <span className="tag">{name(wasteClassByKey(listing.wasteClass))}</span>
                  <span className="muted small">{name(divisionByCode(listing.divisionCode))}</span>
                </div>
                <h2>{name(materialByKey(listing.material))}</h2>
                <p>
                  {t("market.availableOf", {
                    available: formatTonnes(listing.quantityKg - listing.allocatedKg),
                    total: formatTonnes(listing.quantityKg),
                  })}
                </p>
                <p className="muted small">
                  {producerName} · {projectName}
                </p>
                <p>
                  <strong>{formatYuan(listing.priceFenPerTonne)}/t</strong>{" "}
                  <span className={listing.payer === "recycler" ? "tag tag--gold" : "tag"}>
                    {t(`payer.${listing.payer}`)}
                  </span>{" "}
                  <span className="muted small">
                    {t("listing.until", { date: listing.availableUntil })}
                  </span>
                </p>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <Pager page={result.page} pageCount={result.pageCount} href={href} />
    </>
  );
}
