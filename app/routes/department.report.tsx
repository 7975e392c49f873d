import { useEffect, useState } from "react";
import { Form, Link } from "react-router";
import { ScopeName, useFigureFormat } from "~/components/department-governance";
import { ExportLinks } from "~/components/export-links";
import { useCategoryName } from "~/components/rectification";
import { Definition, TableScroll } from "~/components/ui";
import { requireActor } from "~/domain/accounts/session.server";
import { addMonths, now, shanghaiMonth } from "~/domain/clock";
import { monthlyReport } from "~/domain/department/report.server";
import { MonthQuery } from "~/domain/department/schemas";
import type { FigureKey } from "~/domain/metrics/figures";
import { divisionByCode, wasteClassByKey } from "~/domain/reference/lookup";
import { formatDateTime, formatNumber, formatRate, formatTonnes } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { figureLabels } from "~/lib/figure-labels";
import { orRespond } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/department.report";

export const meta: Route.MetaFunction = ({ matches, data }) =>
  pageTitle(matches, "report.title", { month: data?.month ?? "" });

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const query = MonthQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const month = query.month ?? addMonths(shanghaiMonth(now()), -1);
  return await orRespond(async () => await monthlyReport(actor, month));
}

/** The dashboard's figures beside the tonnes, as the month's report lists them. */
const operationalKeys: FigureKey[] = [
  "dispatched",
  "closed",
  "closureRateBp",
  "deliveredGrams",
  "deliveries",
  "judgedProjects",
  "complyingProjects",
  "haulGrams",
  "avoidedGrams",
];

function target(bp: number | null, pct: number) {
  return bp === null ? null : bp >= pct * 100;
}

/** The monthly report: a document on screen, A4 on paper. */
export default function MonthlyReport({ loaderData }: Route.ComponentProps) {
  const { t, name, locale } = useI18n();
  const r = loaderData;
  const category = useCategoryName();
  const f = r.figures;
  const d = r.definitions;
  const [scripted, setScripted] = useState(false);
  useEffect(() => setScripted(true), []);
  const divisions = Object.entries(f.byDivision).sort(([a], [b]) => a.localeCompare(b));
  const classes = Object.entries(f.byClass);
  const materials = Object.entries(f.deliveredByClass ?? {});
  const show = useFigureFormat();
  const classNames = (keys: readonly string[]) =>
    keys.map((k) => name(wasteClassByKey(k))).join("、");
  const meets = (ok: boolean | null) =>
    ok === null ? "—" : ok ? t("report.meetsTarget") : t("report.belowTarget");
  return (
    <article className="print-doc report">
      <div className="print-doc__tools no-print">
        <Link to="/department">{t("governance.backToDashboard")}</Link>
        <Form method="get" className="report__month">
          <label htmlFor="r-month">{t("field.month")}</label>{" "}
          <input id="r-month" type="month" name="month" defaultValue={r.month} />{" "}
          <button type="submit" className="button button--secondary">
            {t("common.apply")}
          </button>
        </Form>
        {scripted ? (
          <button type="button" className="button button--primary" onClick={() => window.print()}>
            {t("report.print")}
          </button>
        ) : null}
      </div>
      <header className="report__header">
        <h1>{t("report.heading", { month: r.month })}</h1>
        <p>
          {name(divisionByCode(r.jurisdiction))} ·{" "}
          <span data-testid="report-state">
            {r.state === "published" && r.latest
              ? t("report.statePublished", {
                  version: r.latest.version,
                  at: formatDateTime(locale, r.latest.publishedAt),
                })
              : r.state === "unpublished"
                ? t("report.stateUnpublished")
                : t("report.stateProvisional")}
          </span>
        </p>
        {r.pendingRestatement ? (
          <p className="alert alert--warning">{t("report.pendingRestatement")}</p>
        ) : null}
        {r.latest?.explanation ? (
          <p className="small">
            {t("report.restatementNote")} {r.latest.explanation}
          </p>
        ) : null}
      </header>

      <section className="report__section">
        <h2>{t("report.headline")}</h2>
        <dl className="dl report__figures" data-testid="report-headline">
          <Definition term="department.generated">{formatTonnes(f.total.generatedKg)}</Definition>
          <Definition term="department.recycled">{formatTonnes(f.total.recycledKg)}</Definition>
          <Definition term="department.backfilled">{formatTonnes(f.total.backfilledKg)}</Definition>
          <Definition term="department.landfilled">{formatTonnes(f.total.landfilledKg)}</Definition>
          <Definition term="department.offPlatform">
            {formatTonnes(f.total.offPlatformKg)}
          </Definition>
          <Definition term="governance.manifests">
            {formatNumber(locale, f.total.manifests)}
          </Definition>
          <Definition term="department.resourceRate">
            <span data-figure="resource-rate">{formatRate(f.total.resourceRateBp)}</span> (
            {t("report.target", { pct: d.resourceTargetPct })}:{" "}
            {meets(target(f.total.resourceRateBp, d.resourceTargetPct))})
          </Definition>
          <Definition term="department.comprehensiveRate">
            {formatRate(f.total.comprehensiveRateBp)} (
            {t("report.target", { pct: d.comprehensiveTargetPct })}:{" "}
            {meets(target(f.total.comprehensiveRateBp, d.comprehensiveTargetPct))})
          </Definition>
        </dl>
      </section>

      <section className="report__section">
        <h2>{t("report.operations")}</h2>
        <dl className="dl report__figures" data-testid="report-operations">
          {operationalKeys.map((key) => (
            <Definition key={key} term={figureLabels[key]}>
              <span data-figure={key}>{show(key, f.total[key])}</span>
            </Definition>
          ))}
        </dl>
        {operationalKeys.some((key) => f.total[key] === undefined) ? (
          <p className="muted small">{t("publish.notInVersionHint")}</p>
        ) : null}
        {materials.length > 0 ? (
          <TableScroll label={t("report.operations")}>
            <table>
              <thead>
                <tr>
                  <th>{t("field.materialClass")}</th>
                  <th className="num">{t("department.delivered")}</th>
                  <th className="num">{t("governance.deliveries")}</th>
                </tr>
              </thead>
              <tbody>
                {materials.map(([key, v]) => (
                  <tr key={key}>
                    <td>
                      <ScopeName scope={`material:${key}`} />
                    </td>
                    <td className="num">{show("deliveredGrams", v.deliveredGrams)}</td>
                    <td className="num">{show("deliveries", v.deliveries)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : null}
      </section>

      {divisions.length > 0 ? (
        <section className="report__section">
          <h2>{t("department.byDivision")}</h2>
          <TableScroll label={t("department.byDivision")}>
            <table>
              <thead>
                <tr>
                  <th>{t("field.division")}</th>
                  <th className="num">{t("department.generated")}</th>
                  <th className="num">{t("department.recycled")}</th>
                  <th className="num">{t("department.resourceRate")}</th>
                  <th className="num">{t("department.comprehensiveRate")}</th>
                  <th className="num">{t("department.closure")}</th>
                  <th className="num">{t("department.delivered")}</th>
                  <th className="num">{t("department.compliance")}</th>
                </tr>
              </thead>
              <tbody>
                {divisions.map(([code, v]) => (
                  <tr key={code}>
                    <td>{name(divisionByCode(code))}</td>
                    <td className="num">{formatTonnes(v.generatedKg)}</td>
                    <td className="num">{formatTonnes(v.recycledKg)}</td>
                    <td className="num">{formatRate(v.resourceRateBp)}</td>
                    <td className="num">{formatRate(v.comprehensiveRateBp)}</td>
                    <td className="num">{show("closureRateBp", v.closureRateBp)}</td>
                    <td className="num">{show("deliveredGrams", v.deliveredGrams)}</td>
                    <td className="num">
                      {v.judgedProjects === undefined || v.complyingProjects === undefined
                        ? t("publish.notInVersion")
                        : t("department.complianceValue", {
                            complying: formatNumber(locale, v.complyingProjects),
                            judged: formatNumber(locale, v.judgedProjects),
                          })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </section>
      ) : null}

      <section className="report__section">
        <h2>{t("department.byClass")}</h2>
        {classes.length === 0 ? (
          <p className="muted">{t("report.nothingReceived")}</p>
        ) : (
          <TableScroll label={t("department.byClass")}>
            <table>
              <thead>
                <tr>
                  <th>{t("field.wasteClass")}</th>
                  <th className="num">{t("department.generated")}</th>
                  <th className="num">{t("department.recycled")}</th>
                  <th className="num">{t("department.backfilled")}</th>
                  <th>{t("report.countedIn")}</th>
                </tr>
              </thead>
              <tbody>
                {classes.map(([key, v]) => (
                  <tr key={key}>
                    <td>{name(wasteClassByKey(key))}</td>
                    <td className="num">{formatTonnes(v.generatedKg)}</td>
                    <td className="num">{formatTonnes(v.recycledKg)}</td>
                    <td className="num">{formatTonnes(v.backfilledKg)}</td>
                    <td className="small">
                      {[
                        d.resourceClasses.includes(key) ? t("report.resourceShort") : null,
                        d.comprehensiveClasses.includes(key)
                          ? t("report.comprehensiveShort")
                          : null,
                      ]
                        .filter(Boolean)
                        .join(" · ") || "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>

      <section className="report__section">
        <h2>{t("report.rectification")}</h2>
        <TableScroll label={t("report.rectification")}>
          <table data-testid="report-rectification">
            <thead>
              <tr>
                <th>{t("rectification.category")}</th>
                <th className="num">{t("report.raisedInMonth")}</th>
                <th className="num">{t("report.closedInMonth")}</th>
                <th className="num">{t("report.openNow")}</th>
                <th className="num">{t("report.overdueNow")}</th>
              </tr>
            </thead>
            <tbody>
              {r.rectification.rows.map((row) => (
                <tr key={row.category}>
                  <td>{category(row.category)}</td>
                  <td className="num">{row.raised}</td>
                  <td className="num">{row.closed}</td>
                  <td className="num">{row.open}</td>
                  <td className="num">{row.overdue}</td>
                </tr>
              ))}
              <tr className="total-row">
                <th scope="row">{t("report.total")}</th>
                <td className="num">{r.rectification.total.raised}</td>
                <td className="num">{r.rectification.total.closed}</td>
                <td className="num">{r.rectification.total.open}</td>
                <td className="num">{r.rectification.total.overdue}</td>
              </tr>
            </tbody>
          </table>
        </TableScroll>
      </section>

      <section className="report__section">
        <h2>{t("report.definitions")}</h2>
        <dl className="dl" data-testid="report-definitions">
          <Definition term="governance.definitionsVersion">
            {t("governance.versionFrom", { id: d.id, month: d.effectiveFrom })}
          </Definition>
          <Definition term="definitions.resourceClasses">
            {classNames(d.resourceClasses)}
          </Definition>
          <Definition term="definitions.comprehensiveClasses">
            {classNames(d.comprehensiveClasses)}
          </Definition>
          <Definition term="definitions.targets">
            {t("definitions.targetsValue", {
              resource: d.resourceTargetPct,
              comprehensive: d.comprehensiveTargetPct,
              usage: d.usageTargetPct,
            })}
          </Definition>
          {d.note ? <Definition term="definitions.note">{d.note}</Definition> : null}
        </dl>
        <p className="muted small">{t("department.definitionNote")}</p>
      </section>
      <div className="no-print">
        <ExportLinks
          href={(format) =>
            `/department/report/export?table=publication&month=${r.month}&format=${format}`
          }
        />
      </div>
    </article>
  );
}
