import { Link } from "react-router";
import {
  rectificationCategories,
  rectificationStatuses,
} from "~/domain/department/rectification-status";
import { type FigureKey, figureKind } from "~/domain/metrics/figures";
import { divisionByCode, wasteClassByKey } from "~/domain/reference/lookup";
import { materialClasses } from "~/domain/reference/products";
import {
  formatCo2Grams,
  formatDateTime,
  formatNumber,
  formatRate,
  formatTonnes,
} from "~/i18n/format";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import { formatGramsAsTonnes } from "./drill-down";
import { ExportLinks } from "./export-links";

/**
 * A figure as the dashboard shows it: tonnes, a rate, a count, product mass, CO₂e or a
 * definitions version. A figure a version did not publish reads so.
 */
export function useFigureFormat() {
  const { locale, t } = useI18n();
  return (figure: FigureKey | "definitionVersionId", value: number | null | undefined) => {
    if (value === undefined) return t("publish.notInVersion");
    if (value === null) return "—";
    if (figure === "definitionVersionId") return t("governance.versionNo", { id: value });
    switch (figureKind(figure)) {
      case "rate":
        return formatRate(value);
      case "kg":
        return formatTonnes(value);
      case "count":
        return formatNumber(locale, value);
      case "productGrams":
        return formatGramsAsTonnes(value);
      case "co2Grams":
        return formatCo2Grams(value);
    }
  };
}

/** The change of a figure, signed: "+1.5 t", "−2.0 pp" for rates. */
export function useDifferenceFormat() {
  const { locale } = useI18n();
  return (
    figure: FigureKey | "definitionVersionId",
    before: number | null | undefined,
    after: number | null | undefined,
  ) => {
    if (before == null || after == null || figure === "definitionVersionId") return "";
    const delta = after - before;
    const sign = delta > 0 ? "+" : delta < 0 ? "−" : "±";
    const size = Math.abs(delta);
    switch (figureKind(figure)) {
      case "rate":
        return `${sign}${(size / 100).toFixed(1)} pp`;
      case "kg":
        return `${sign}${formatTonnes(size)}`;
      case "count":
        return `${sign}${formatNumber(locale, size)}`;
      case "productGrams":
        return `${sign}${formatGramsAsTonnes(size)}`;
      case "co2Grams":
        return `${sign}${formatCo2Grams(size)}`;
    }
  };
}

/**
 * "total", a division code, "class:" and a waste class, or "material:" and a product material
 * class, as a reader calls it.
 */
export function ScopeName({ scope }: { scope: string }) {
  const { t, name } = useI18n();
  if (scope === "total") return <>{t("governance.wholeJurisdiction")}</>;
  if (scope.startsWith("class:")) return <>{name(wasteClassByKey(scope.slice(6)))}</>;
  if (scope.startsWith("material:"))
    return <>{name(materialClasses.find((m) => m.key === scope.slice(9)))}</>;
  return <>{name(divisionByCode(scope))}</>;
}

export type GovernanceSummary = {
  definitions: { id: number; effectiveFrom: string }[];
  published: {
    month: string;
    version: number;
    publishedAt: Date | string;
    generatedKg: number;
    resourceRateBp: number | null;
    pendingRestatement: boolean;
  }[];
  canPublish: boolean;
  province: boolean;
};

/**
 * The dashboard's note on where its figures stand: which definitions version(s) the period uses,
 * which months are published (frozen) and whether any has a pending restatement.
 */
export function GovernancePanel({
  governance,
  period,
}: {
  governance: GovernanceSummary;
  period: { from: string; to: string };
}) {
  const { t, locale } = useI18n();
  const exportHref = (table: string) => (format: "csv" | "xlsx") =>
    `/department/report/export?table=${table}&from=${period.from}&to=${period.to}&format=${format}`;
  return (
    <section className="card governance" aria-labelledby="governance-title">
      <h2 id="governance-title">{t("governance.title")}</h2>
      <p data-testid="definitions-in-use">
        {t("governance.definitionsUsed")}{" "}
        {governance.definitions.map((d, i) => (
          <span key={d.id}>
            {i > 0 ? "; " : ""}
            <Link to="/department/definitions">
              {t("governance.versionFrom", { id: d.id, month: d.effectiveFrom })}
            </Link>
          </span>
        ))}
      </p>
      {governance.published.length === 0 ? (
        <p className="muted small">{t("governance.noneFrozen")}</p>
      ) : (
        <ul className="governance__months">
          {governance.published.map((m) => (
            <li key={m.month} data-published-month={m.month}>
              <strong>{m.month}</strong>{" "}
              <span className="badge badge--green">
                {t("governance.publishedVersion", { version: m.version })}
              </span>{" "}
              <span className="muted small">
                {formatDateTime(locale, m.publishedAt)} · {t("department.generated")}{" "}
                {formatTonnes(m.generatedKg)} · {t("department.resourceRate")}{" "}
                {formatRate(m.resourceRateBp)}
              </span>{" "}
              {m.pendingRestatement ? (
                <Link
                  className="badge badge--amber"
                  to={`/department/publish?month=${m.month}`}
                  data-pending-restatement={m.month}
                >
                  {t("governance.pendingRestatement")}
                </Link>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <h3>{t("governance.downloads")}</h3>
      <ul className="governance__downloads">
        <li>
          {t("department.byMonth")} <ExportLinks inline href={exportHref("months")} />
        </li>
        {governance.province ? (
          <li>
            {t("department.byDivision")} <ExportLinks inline href={exportHref("divisions")} />
          </li>
        ) : (
          <li>
            {t("governance.projects")} <ExportLinks inline href={exportHref("projects")} />
          </li>
        )}
        <li>
          {t("department.byClass")} <ExportLinks inline href={exportHref("classes")} />
        </li>
        <li>
          {t("governance.facilities")} <ExportLinks inline href={exportHref("facilities")} />
        </li>
      </ul>
      <p className="page-links">
        <Link to="/department/publish">{t("governance.publishLink")}</Link>
        <Link to="/department/report">{t("governance.reportLink")}</Link>
        <Link to="/department/rectification">{t("governance.rectificationLink")}</Link>
      </p>
    </section>
  );
}

/** The status and category filters both sides of the rectification register offer. */
export function RectificationFilterFields({
  status,
  category,
}: {
  status?: string;
  category?: string;
}) {
  const { t, name } = useI18n();
  return (
    <>
      <div className="filters__field">
        <label htmlFor="r-status">{t("field.status")}</label>
        <select id="r-status" name="status" defaultValue={status ?? ""}>
          <option value="">{t("common.all")}</option>
          {rectificationStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`rectification.status.${s}` as MessageKey)}
            </option>
          ))}
        </select>
      </div>
      <div className="filters__field">
        <label htmlFor="r-category">{t("rectification.category")}</label>
        <select id="r-category" name="category" defaultValue={category ?? ""}>
          <option value="">{t("common.all")}</option>
          {rectificationCategories.map((c) => (
            <option key={c.key} value={c.key}>
              {name(c)}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}
