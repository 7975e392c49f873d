import { Form } from "react-router";
import { EmptyState, PageHeader, TableScroll } from "~/components/ui";
import { requireActor } from "~/domain/accounts/session.server";
import { divisionsOf } from "~/domain/metrics/scope.server";
import { divisionByCode, wasteClassByKey } from "~/domain/reference/lookup";
import { productTypeByKey, productTypes } from "~/domain/reference/products";
import { wasteClasses } from "~/domain/reference/waste";
import { PriceIndexFilter } from "~/domain/stats/price-index";
import { priceIndex } from "~/domain/stats/price-index.server";
import { formatYuan } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { orRespond } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/department.prices";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "prices.title");

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const query = PriceIndexFilter.parse(Object.fromEntries(new URL(request.url).searchParams));
  return await orRespond(async () => {
    const index = await priceIndex(actor, query);
    return {
      index,
      query,
      areas: [index.jurisdiction, ...divisionsOf(index.jurisdiction)].filter(
        (code, i, all) => all.indexOf(code) === i,
      ),
    };
  });
}

/** A month once for its rows: a header cell spanning them, nothing on the rows after it. */
function MonthCell({ rows, at }: { rows: readonly { month: string }[]; at: number }) {
  const month = rows[at]?.month;
  if (at > 0 && rows[at - 1]?.month === month) return null;
  let span = 1;
  while (rows[at + span]?.month === month) span += 1;
  return (
    <th scope="rowgroup" rowSpan={span} className="row-month">
      {month}
    </th>
  );
}

/** A median with the number of prices it is the median of: "¥25.00 (3)". */
function Median({ kind, fen, count }: { kind: string; fen: number | null; count: number }) {
  if (fen === null) return <span className="muted">—</span>;
  return (
    <>
      <span data-median={kind}>{formatYuan(fen)}</span>{" "}
      <span className="muted small">({count})</span>
    </>
  );
}

/** The filters as a query string, for the export links. */
function search(values: Record<string, string | undefined>, extra: Record<string, string>) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...values, ...extra })) {
    if (value) params.set(key, value);
  }
  return `?${params.toString()}`;
}

export default function DepartmentPrices({ loaderData }: Route.ComponentProps) {
  const { t, name } = useI18n();
  const { index, query, areas } = loaderData;
  const { period, jurisdiction, divisionCode } = index;
  const filters = {
    from: period.from,
    to: period.to,
    division: divisionCode === jurisdiction ? undefined : divisionCode,
    wasteClass: query.wasteClass,
    productType: query.productType,
  };
  const areaName = (code: string) =>
    code === jurisdiction
      ? t("prices.wholeJurisdiction", { name: name(divisionByCode(code)) })
      : name(divisionByCode(code));
  return (
    <>
      <PageHeader
        title={t("prices.title")}
        subtitle={t("prices.subtitle", { jurisdiction: name(divisionByCode(jurisdiction)) })}
        actions={
          <>
            <a href={`/department/prices/export${search(filters, { format: "csv" })}`} download>
              {t("prices.export")}
            </a>
            <a href={`/department/prices/export${search(filters, { format: "xlsx" })}`} download>
              {t("prices.exportXlsx")}
            </a>
          </>
        }
      />
      <Form method="get" className="filters">
        <div className="filters__pair">
          <div className="filters__field">
            <label htmlFor="pi-from">{t("department.from")}</label>
            <input id="pi-from" type="month" name="from" defaultValue={period.from} />
          </div>
          <div className="filters__field">
            <label htmlFor="pi-to">{t("department.to")}</label>
            <input id="pi-to" type="month" name="to" defaultValue={period.to} />
          </div>
        </div>
        {areas.length > 1 ? (
          <div className="filters__field">
            <label htmlFor="pi-division">{t("prices.division")}</label>
            <select id="pi-division" name="division" defaultValue={filters.division ?? ""}>
              {areas.map((code) => (
                <option key={code} value={code === jurisdiction ? "" : code}>
                  {areaName(code)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="filters__field">
          <label htmlFor="pi-class">{t("field.wasteClass")}</label>
          <select id="pi-class" name="wasteClass" defaultValue={query.wasteClass ?? ""}>
            <option value="">{t("prices.allClasses")}</option>
            {wasteClasses.map((c) => (
              <option key={c.key} value={c.key}>
                {name(c)}
              </option>
            ))}
          </select>
        </div>
        <div className="filters__field">
          <label htmlFor="pi-type">{t("field.productType")}</label>
          <select id="pi-type" name="productType" defaultValue={query.productType ?? ""}>
            <option value="">{t("prices.allTypes")}</option>
            {productTypes.map((p) => (
              <option key={p.key} value={p.key}>
                {name(p)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--secondary">
          {t("common.apply")}
        </button>
      </Form>

      <section className="card" aria-labelledby="prices-waste">
        <h2 id="prices-waste">
          {t("prices.waste")} <span className="muted small">· {areaName(divisionCode)}</span>
        </h2>
        {index.waste.length === 0 ? (
          <EmptyState title="prices.emptyWaste" />
        ) : (
          <TableScroll label={t("prices.waste")}>
            <table data-testid="waste-prices">
              <thead>
                <tr>
                  <th>{t("department.month")}</th>
                  <th>{t("field.wasteClass")}</th>
                  <th className="num">
                    {t("prices.gateFee")}
                    <span className="th-hint">{t("prices.gateFeeHint")}</span>
                  </th>
                  <th className="num">
                    {t("prices.pricePaid")}
                    <span className="th-hint">{t("prices.pricePaidHint")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {index.waste.map((row, i) => (
                  <tr key={`${row.month}-${row.wasteClass}`}>
                    <MonthCell rows={index.waste} at={i} />
                    <td>{name(wasteClassByKey(row.wasteClass))}</td>
                    <td className="num">
                      <Median
                        kind="gate-fee"
                        fen={row.gateFee.medianFenPerTonne}
                        count={row.gateFee.listings}
                      />
                    </td>
                    <td className="num">
                      <Median
                        kind="price-paid"
                        fen={row.pricePaid.medianFenPerTonne}
                        count={row.pricePaid.listings}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>

      <section className="card" aria-labelledby="prices-products">
        <h2 id="prices-products">
          {t("prices.products")} <span className="muted small">· {areaName(divisionCode)}</span>
        </h2>
        {index.products.length === 0 ? (
          <EmptyState title="prices.emptyProducts" />
        ) : (
          <TableScroll label={t("prices.products")}>
            <table data-testid="product-prices">
              <thead>
                <tr>
                  <th>{t("department.month")}</th>
                  <th>{t("field.productType")}</th>
                  <th className="num">
                    {t("prices.productMedian")}
                    <span className="th-hint">{t("prices.productMedianHint")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {index.products.map((row, i) => (
                  <tr key={`${row.month}-${row.productType}`}>
                    <MonthCell rows={index.products} at={i} />
                    <td>{name(productTypeByKey(row.productType))}</td>
                    <td className="num">
                      <Median kind="product" fen={row.medianFenPerTonne} count={row.products} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
      <p className="muted small">{t("prices.definition")}</p>
    </>
  );
}
