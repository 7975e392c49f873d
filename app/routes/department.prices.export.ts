import { z } from "zod";
import { requireActor } from "~/domain/accounts/session.server";
import { divisionByCode, wasteClassByKey } from "~/domain/reference/lookup";
import { productTypeByKey } from "~/domain/reference/products";
import { PriceIndexFilter } from "~/domain/stats/price-index";
import { priceIndex } from "~/domain/stats/price-index.server";
import { getLocale } from "~/i18n/locale.server";
import type { MessageKey } from "~/i18n/messages";
import { nameIn, translate } from "~/i18n/translate";
import { exportResponse } from "~/lib/export.server";
import { orRespond } from "~/lib/http.server";
import type { Route } from "./+types/department.prices.export";

type Row = {
  month: string;
  divisionCode: string;
  series: MessageKey;
  itemName: string;
  medianFenPerTonne: number;
  count: number;
};

const Format = z.object({ format: z.enum(["csv", "xlsx"]).catch("csv") });

/** The price index as a spreadsheet: one row per month, area, series and class or type. */
export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const locale = await getLocale(request);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const query = PriceIndexFilter.parse(params);
  const { format } = Format.parse(params);
  const index = await orRespond(async () => await priceIndex(actor, query));
  const rows: Row[] = [];
  for (const w of index.waste) {
    const itemName = nameIn(locale, wasteClassByKey(w.wasteClass));
    for (const [series, figure] of [
      ["prices.seriesGateFee", w.gateFee],
      ["prices.seriesPricePaid", w.pricePaid],
    ] as const) {
      if (figure.medianFenPerTonne === null) continue;
      rows.push({
        month: w.month,
        divisionCode: w.divisionCode,
        series,
        itemName,
        medianFenPerTonne: figure.medianFenPerTonne,
        count: figure.listings,
      });
    }
  }
  for (const p of index.products) {
    rows.push({
      month: p.month,
      divisionCode: p.divisionCode,
      series: "prices.seriesProduct",
      itemName: nameIn(locale, productTypeByKey(p.productType)),
      medianFenPerTonne: p.medianFenPerTonne,
      count: p.products,
    });
  }
  rows.sort((a, b) => a.month.localeCompare(b.month));
  const t = (key: MessageKey) => translate(locale, key);
  return await exportResponse<Row>(format, {
    fileName: `prices-${index.divisionCode}-${index.period.from}-${index.period.to}`,
    sheetName: t("prices.title"),
    columns: [
      { header: t("department.month"), value: (r) => r.month },
      {
        header: t("prices.division"),
        value: (r) => nameIn(locale, divisionByCode(r.divisionCode)),
      },
      { header: "GB/T 2260", value: (r) => r.divisionCode },
      { header: t("prices.csvSeries"), value: (r) => t(r.series) },
      { header: t("prices.csvItem"), value: (r) => r.itemName },
      { header: t("prices.csvMedianFen"), value: (r) => r.medianFenPerTonne, format: "integer" },
      { header: t("prices.csvMedianYuan"), value: (r) => r.medianFenPerTonne / 100 },
      { header: t("prices.csvCount"), value: (r) => r.count, format: "integer" },
    ],
    rows,
  });
}
