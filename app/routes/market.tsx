import { Form, Link } from "react-router";
import { EmptyState, PageHeader, Pager } from "~/components/ui";
import { requireActor } from "~/domain/accounts/session.server";
import {
  centreParam,
  MARKET_RADIUS_KM,
  MarketQuery,
  marketSearchParams,
  marketSorts,
} from "~/domain/listings/schemas";
import { marketCentres, searchMarket } from "~/domain/listings/search.server";
import { kgToTonnesText } from "~/domain/quantity";
import { divisions } from "~/domain/reference/divisions";
import { divisionByCode, materialByKey, wasteClassByKey } from "~/domain/reference/lookup";
import { materials, wasteClasses } from "~/domain/reference/waste";
import { formatKm, formatNumber, formatTonnes, formatYuan } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { orRespond } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/market";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "market.title");

const RADII_KM = [5, 10, 20, 30, 50, 100, 200, MARKET_RADIUS_KM.max];

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const query = MarketQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return await orRespond(async () => ({
    query,
    result: await searchMarket(actor, query),
    centres: await marketCentres(actor),
  }));
}

export default function Market({ loaderData }: Route.ComponentProps) {
  const { t, name, locale } = useI18n();
  const { query, result, centres } = loaderData;
  const href = (page: number) => `/market?${marketSearchParams(query, page)}`;
  const near = query.near ? centreParam(query.near) : "";
  const radii = RADII_KM.includes(query.radiusKm)
    ? RADII_KM
    : [...RADII_KM, query.radiusKm].sort((a, b) => a - b);
  const refined = Boolean(
    query.wasteClass ||
      query.material ||
      query.divisionCode ||
      query.payer ||
      query.minTonnes !== undefined ||
      query.maxTonnes !== undefined,
  );
  const count = formatNumber(locale, result.total);
  return (
    <>
      <PageHeader
        title={t("market.title")}
        subtitle={
          result.capped ? t("market.countCapped", { count }) : t("market.subtitle", { count })
        }
      />
      <Form method="get" className="filters market-filters">
        <div className="filters__field">
          <label htmlFor="m-near">{t("market.near")}</label>
          <select id="m-near" name="near" defaultValue={near}>
            <option value="">{t("market.anywhere")}</option>
            {query.near?.kind === "point" ? (
              <option value={near}>
                {t("market.point", { lat: query.near.lat, lon: query.near.lon })}
              </option>
            ) : null}
            {centres.projects.length > 0 ? (
              <optgroup label={t("market.myProjects")}>
                {centres.projects.map((p) => (
                  <option key={p.id} value={`project:${p.id}`}>
                    {p.name}
                  </option>
                ))}
              </optgroup>
            ) : null}
            {centres.facilities.length > 0 ? (
              <optgroup label={t("market.myFacilities")}>
                {centres.facilities.map((f) => (
                  <option key={f.id} value={`facility:${f.id}`}>
                    {f.name}
                  </option>
                ))}
              </optgroup>
            ) : null}
          </select>
        </div>
        <div className="filters__field filters__field--narrow">
          <label htmlFor="m-radius">{t("market.radius")}</label>
          <select id="m-radius" name="radiusKm" defaultValue={String(query.radiusKm)}>
            {radii.map((km) => (
              <option key={km} value={km}>
                {t("market.radiusKm", { km })}
              </option>
            ))}
          </select>
        </div>
        <div className="filters__field">
          <label htmlFor="m-sort">{t("market.sort")}</label>
          <select id="m-sort" name="sort" defaultValue={result.sort}>
            {marketSorts.map((sort) => (
              <option key={sort} value={sort}>
                {t(`market.sort.${sort}`)}
              </option>
            ))}
          </select>
        </div>
        <details className="market-filters__more" open={refined}>
          <summary>{t("market.moreFilters")}</summary>
          <div className="market-filters__grid">
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
              <label htmlFor="m-material">{t("field.material")}</label>
              <select id="m-material" name="material" defaultValue={query.material ?? ""}>
                <option value="">{t("common.all")}</option>
                {materials.map((m) => (
                  <option key={m.key} value={m.key}>
                    {name(m)}
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
            <div className="filters__field">
              <label htmlFor="m-min">{t("market.minTonnes")}</label>
              <input
                id="m-min"
                name="minTonnes"
                inputMode="decimal"
                defaultValue={query.minTonnes === undefined ? "" : kgToTonnesText(query.minTonnes)}
              />
            </div>
            <div className="filters__field">
              <label htmlFor="m-max">{t("market.maxTonnes")}</label>
              <input
                id="m-max"
                name="maxTonnes"
                inputMode="decimal"
                defaultValue={query.maxTonnes === undefined ? "" : kgToTonnesText(query.maxTonnes)}
              />
            </div>
          </div>
        </details>
        <div className="market-filters__actions">
          <button type="submit" className="button button--primary">
            {t("market.search")}
          </button>
          <Link to="/market">{t("market.reset")}</Link>
        </div>
      </Form>
      {result.centre ? <p className="muted small">{t("market.distanceNote")}</p> : null}
      {result.rows.length === 0 ? (
        <EmptyState title="market.empty" body="market.emptyBody" />
      ) : (
        <ul className="cards">
          {result.rows.map(({ listing, projectName, producerName, distanceKm }) => (
            <li key={listing.id} className="card card--link">
              <Link to={`/listings/${listing.id}`}>
                <div className="listing-card__top">
                  <span className="tag">{name(wasteClassByKey(listing.wasteClass))}</span>
                  <span className="muted small">
                    {name(divisionByCode(listing.divisionCode))}
                    {distanceKm === null
                      ? null
                      : ` · ${t("market.distance", { km: formatKm(distanceKm) })}`}
                  </span>
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
