import type { ReactNode } from "react";
import { Form, Link } from "react-router";
import { periodSearch } from "~/domain/stats/schemas";
import { formatCo2Grams, formatNumber, formatRate, formatTonnes } from "~/i18n/format";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import { ExportLinks } from "./export-links";

/**
 * A figure with its exact value beside the formatted one (`data-value`: kilograms, grams or a
 * count), so what a page shows can be checked against the records it sums.
 */
export function Figure({
  name,
  value,
  children,
}: {
  name: string;
  value: number | null;
  children: ReactNode;
}) {
  return (
    <span data-value={value ?? ""} data-figure={name}>
      {children}
    </span>
  );
}

/** Whole grams as tonnes to the kilogram: "12.345 t". */
export const formatGramsAsTonnes = (grams: number) => formatTonnes(Math.round(grams / 1000));

/** A figure cell that links to the records it sums, when there is a page for them. */
export function FigureLink({ to, children }: { to?: string; children: ReactNode }) {
  return to ? (
    <Link to={to} className="figure-link">
      {children}
    </Link>
  ) : (
    children
  );
}

/** The period filter of a drill-down page (a plain GET form: works without JavaScript). */
export function PeriodForm({ period }: { period: { from: string; to: string } }) {
  const { t } = useI18n();
  return (
    <Form method="get" className="filters">
      <div className="filters__field">
        <label htmlFor="d-from">{t("department.from")}</label>
        <input id="d-from" type="month" name="from" defaultValue={period.from} />
      </div>
      <div className="filters__field">
        <label htmlFor="d-to">{t("department.to")}</label>
        <input id="d-to" type="month" name="to" defaultValue={period.to} />
      </div>
      <button type="submit" className="button button--secondary">
        {t("common.apply")}
      </button>
    </Form>
  );
}

/**
 * "Download: CSV · XLSX" for a drill-down table: the whole table (every page of it) for the
 * page's period and record, as plain links.
 */
export function DrillExportLinks({
  table,
  period,
  record = {},
}: {
  table: string;
  period: { from: string; to: string };
  record?: Record<string, string | number>;
}) {
  return (
    <ExportLinks
      href={(format) =>
        `/department/report/export${periodSearch(period, { table, ...record, format })}`
      }
    />
  );
}

/** Where a drill-down page sits: dashboard › area › … */
export function Trail({ items }: { items: { label: ReactNode; to?: string }[] }) {
  const { t } = useI18n();
  return (
    <nav aria-label={t("drill.trail")} className="muted small drill-trail">
      {items.map((item, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a fixed path, never reordered
        <span key={i}>
          {i > 0 ? " › " : null}
          {item.to ? <Link to={item.to}>{item.label}</Link> : item.label}
        </span>
      ))}
    </nav>
  );
}

/** The row figures every drill-down table shares: tonnes, trips, closure, haul. */
export type RowFigures = {
  generatedKg: number;
  recycledKg: number;
  backfilledKg: number;
  landfilledKg: number;
  transferredKg: number;
  offPlatformKg: number;
  manifests: number;
  closure: { dispatched: number; closed: number; rateBp: number | null };
  haulKgm: number;
  haulGrams: number;
  deliveredGrams: number;
};

export const figureColumns: { key: string; label: MessageKey }[] = [
  { key: "generated", label: "department.generated" },
  { key: "recycled", label: "department.recycled" },
  { key: "backfilled", label: "department.backfilled" },
  { key: "landfilled", label: "department.landfilled" },
  { key: "transferred", label: "drill.transferred" },
  { key: "off-platform", label: "department.offPlatform" },
  { key: "trips", label: "drill.trips" },
  { key: "dispatched", label: "drill.dispatched" },
  { key: "closed", label: "drill.closed" },
  { key: "haul", label: "drill.haul" },
  { key: "delivered", label: "drill.delivered" },
];

/** The header cells of figureColumns. */
export function FigureHeads({ without = [] }: { without?: string[] }) {
  const { t } = useI18n();
  return (
    <>
      {figureColumns
        .filter((c) => !without.includes(c.key))
        .map((c) => (
          <th key={c.key} className="num">
            {t(c.label)}
          </th>
        ))}
    </>
  );
}

/** One row's figure cells, each carrying its exact value. */
export function FigureCells({ row, without = [] }: { row: RowFigures; without?: string[] }) {
  const { locale } = useI18n();
  const cells: [string, number, string][] = [
    ["generated", row.generatedKg, formatTonnes(row.generatedKg)],
    ["recycled", row.recycledKg, formatTonnes(row.recycledKg)],
    ["backfilled", row.backfilledKg, formatTonnes(row.backfilledKg)],
    ["landfilled", row.landfilledKg, formatTonnes(row.landfilledKg)],
    ["transferred", row.transferredKg, formatTonnes(row.transferredKg)],
    ["off-platform", row.offPlatformKg, formatTonnes(row.offPlatformKg)],
    ["trips", row.manifests, formatNumber(locale, row.manifests)],
    ["dispatched", row.closure.dispatched, formatNumber(locale, row.closure.dispatched)],
    ["closed", row.closure.closed, formatNumber(locale, row.closure.closed)],
    // The value is the exact haul work, which adds up across rows; the text is its CO₂ estimate.
    ["haul", row.haulKgm, formatCo2Grams(row.haulGrams)],
    ["delivered", row.deliveredGrams, formatGramsAsTonnes(row.deliveredGrams)],
  ];
  return (
    <>
      {cells
        .filter(([key]) => !without.includes(key))
        .map(([key, value, text]) => (
          <td key={key} className="num">
            <Figure name={key} value={value}>
              {text}
            </Figure>
          </td>
        ))}
    </>
  );
}

/** The summary cards of a drill-down page: the same figures as its rows, summed. */
export function FigureSummary({
  row,
  openAlerts,
  without = [],
}: {
  row: RowFigures;
  openAlerts?: number;
  without?: string[];
}) {
  const { t, locale } = useI18n();
  const card = (key: string, label: MessageKey, value: number | null, text: string) =>
    without.includes(key) ? null : (
      <div className="stat" key={key}>
        <div className="stat__label">{t(label)}</div>
        <div className="stat__value">
          <Figure name={key} value={value}>
            {text}
          </Figure>
        </div>
      </div>
    );
  return (
    <div className="stats" data-testid="drill-figures">
      {card("generated", "department.generated", row.generatedKg, formatTonnes(row.generatedKg))}
      {card("recycled", "department.recycled", row.recycledKg, formatTonnes(row.recycledKg))}
      {card(
        "backfilled",
        "department.backfilled",
        row.backfilledKg,
        formatTonnes(row.backfilledKg),
      )}
      {card(
        "landfilled",
        "department.landfilled",
        row.landfilledKg,
        formatTonnes(row.landfilledKg),
      )}
      {card(
        "off-platform",
        "department.offPlatform",
        row.offPlatformKg,
        formatTonnes(row.offPlatformKg),
      )}
      {card(
        "closure-rate",
        "department.closure",
        row.closure.rateBp,
        `${formatRate(row.closure.rateBp)} (${formatNumber(locale, row.closure.closed)}/${formatNumber(locale, row.closure.dispatched)})`,
      )}
      {card("haul", "department.haulCo2", row.haulKgm, formatCo2Grams(row.haulGrams))}
      {card(
        "delivered",
        "department.delivered",
        row.deliveredGrams,
        formatGramsAsTonnes(row.deliveredGrams),
      )}
      {openAlerts === undefined
        ? null
        : card(
            "open-alerts",
            "department.openAlerts",
            openAlerts,
            formatNumber(locale, openAlerts),
          )}
    </div>
  );
}

/** The estimate note under haul figures: the factors they come from. */
export function HaulNote({
  factors,
}: {
  factors: { roadFactor: number; co2GramsPerTonneKm: number };
}) {
  const { t } = useI18n();
  return (
    <p className="muted small">
      {t("department.haulCo2Hint", {
        roadFactor: factors.roadFactor,
        factor: (factors.co2GramsPerTonneKm / 1000).toFixed(3),
      })}
    </p>
  );
}
