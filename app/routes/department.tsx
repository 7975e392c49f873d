import { Form, Link } from "react-router";
import { PartBars, shortDivisionName, TrendChart } from "~/components/charts";
import { GovernancePanel } from "~/components/department-governance";
import { Figure, FigureLink, formatGramsAsTonnes } from "~/components/drill-down";
import { PageHeader, Stat, TableScroll } from "~/components/ui";
import { requireActor } from "~/domain/accounts/session.server";
import { dashboardGovernance } from "~/domain/department/publication.server";
import { rateBp } from "~/domain/metrics/rates";
import { divisionByCode, isProvince, wasteClassByKey } from "~/domain/reference/lookup";
import { dashboard } from "~/domain/stats/dashboard.server";
import { PeriodQuery, periodSearch } from "~/domain/stats/schemas";
import { resolvePeriod } from "~/domain/stats/utilization.server";
import { formatCo2Grams, formatNumber, formatRate, formatTonnes } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { orRespond } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/department";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "department.title");

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const period = resolvePeriod(
    PeriodQuery.parse(Object.fromEntries(new URL(request.url).searchParams)),
  );
  return await orRespond(async () => ({
    ...(await dashboard(actor, period)),
    governance: await dashboardGovernance(actor, period),
  }));
}

export default function Department({ loaderData }: Route.ComponentProps) {
  const { t, name, locale } = useI18n();
  // Division and class charts show the same pair: generated, and the recycled part of it.
  const partLabels = {
    whole: t("department.generated"),
    part: t("department.recycled"),
    rate: t("department.resourceRate"),
  };
  const { total, byMonth, byDivision, byClass, period, jurisdiction } = loaderData;
  const { definitions, factors, compliance } = loaderData;
  const resourceRate = total.resource.rateBp;
  const comprehensiveRate = total.comprehensive.rateBp;
  const search = periodSearch(period);
  // Every figure links to the records it sums: the jurisdiction's drill-down page.
  const drill = (anchor = "") => `/department/division/${jurisdiction}${search}${anchor}`;
  const classNames = (keys: readonly string[]) =>
    keys.map((k) => name(wasteClassByKey(k))).join("、");
  return (
    <>
      <PageHeader
        title={t("department.title")}
        subtitle={t("department.scope", { jurisdiction: name(divisionByCode(jurisdiction)) })}
      />
      <Form method="get" className="filters">
        <div className="filters__field">
          <label htmlFor="p-from">{t("department.from")}</label>
          <input id="p-from" type="month" name="from" defaultValue={period.from} />
        </div>
        <div className="filters__field">
          <label htmlFor="p-to">{t("department.to")}</label>
          <input id="p-to" type="month" name="to" defaultValue={period.to} />
        </div>
        <button type="submit" className="button button--secondary">
          {t("common.apply")}
        </button>
      </Form>
      <div className="stats" data-testid="department-figures">
        <Stat
          label={t("department.generated")}
          value={
            <FigureLink to={drill()}>
              <Figure name="generated" value={total.generatedKg}>
                {formatTonnes(total.generatedKg)}
              </Figure>
            </FigureLink>
          }
          hint={t("department.trips", { count: total.manifests })}
        />
        <Stat
          label={t("department.recycled")}
          value={
            <FigureLink to={drill("#facilities")}>
              <Figure name="recycled" value={total.recycledKg}>
                {formatTonnes(total.recycledKg)}
              </Figure>
            </FigureLink>
          }
        />
        <Stat
          label={t("department.resourceRate")}
          value={
            <FigureLink to={drill("#classes")}>
              <Figure name="resource-rate" value={resourceRate}>
                {formatRate(resourceRate)}
              </Figure>
            </FigureLink>
          }
          hint={`${t("department.resourceRateHint")} · ${t("department.rateTarget", {
            target: total.resource.targetPct,
            classes: classNames(definitions.resourceClasses),
          })}`}
        />
        <Stat
          label={t("department.comprehensiveRate")}
          value={
            <FigureLink to={drill("#classes")}>
              <Figure name="comprehensive-rate" value={comprehensiveRate}>
                {formatRate(comprehensiveRate)}
              </Figure>
            </FigureLink>
          }
          hint={`${t("department.comprehensiveRateHint")} · ${t("department.rateTarget", {
            target: total.comprehensive.targetPct,
            classes: classNames(definitions.comprehensiveClasses),
          })}`}
        />
        <Stat
          label={t("department.backfilled")}
          value={
            <FigureLink to={drill("#facilities")}>
              <Figure name="backfilled" value={total.backfilledKg}>
                {formatTonnes(total.backfilledKg)}
              </Figure>
            </FigureLink>
          }
        />
        <Stat
          label={t("department.landfilled")}
          value={
            <FigureLink to={drill("#facilities")}>
              <Figure name="landfilled" value={total.landfilledKg}>
                {formatTonnes(total.landfilledKg)}
              </Figure>
            </FigureLink>
          }
        />
        <Stat
          label={t("department.offPlatform")}
          value={
            <FigureLink to={drill()}>
              <Figure name="off-platform" value={total.offPlatformKg}>
                {formatTonnes(total.offPlatformKg)}
              </Figure>
            </FigureLink>
          }
          hint={t("department.offPlatformHint")}
        />
        <Stat
          label={t("department.delivered")}
          value={
            <FigureLink to={drill()}>
              <Figure name="delivered" value={total.deliveredGrams}>
                {formatGramsAsTonnes(total.deliveredGrams)}
              </Figure>
            </FigureLink>
          }
          hint={t("department.deliveredHint", { count: total.deliveries })}
        />
        <Stat
          label={t("department.compliance")}
          value={
            <FigureLink to={`/department/compliance/${jurisdiction}${search}`}>
              <Figure name="complying" value={compliance.complying}>
                {t("department.complianceValue", {
                  complying: formatNumber(locale, compliance.complying),
                  judged: formatNumber(locale, compliance.judged),
                })}
              </Figure>
            </FigureLink>
          }
          hint={`≥ ${compliance.targetPct} %`}
        />
        <Stat
          label={t("department.closure")}
          value={
            <FigureLink to={drill()}>
              <Figure name="closure-rate" value={total.closure.rateBp}>
                {formatRate(total.closure.rateBp)}
              </Figure>
            </FigureLink>
          }
          hint={t("department.closureHint", {
            closed: formatNumber(locale, total.closure.closed),
            dispatched: formatNumber(locale, total.closure.dispatched),
          })}
        />
        <Stat
          label={t("department.openAlerts")}
          value={
            <FigureLink to="/alerts?state=open">
              <Figure name="open-alerts" value={total.openAlerts}>
                {formatNumber(locale, total.openAlerts)}
              </Figure>
            </FigureLink>
          }
          hint={t("department.openAlertsHint")}
        />
        <Stat
          label={t("department.haulCo2")}
          value={
            <FigureLink to={drill("#facilities")}>
              <Figure name="haul" value={total.haulKgm}>
                {formatCo2Grams(total.haulGrams)}
              </Figure>
            </FigureLink>
          }
          hint={t("department.haulCo2Hint", {
            roadFactor: factors.roadFactor,
            factor: (factors.co2GramsPerTonneKm / 1000).toFixed(3),
          })}
        />
        <Stat
          label={t("department.avoidedCo2")}
          value={
            <FigureLink to={drill("#facilities")}>
              <Figure name="avoided" value={total.avoidedGrams}>
                {formatCo2Grams(total.avoidedGrams)}
              </Figure>
            </FigureLink>
          }
          hint={t("department.avoidedCo2Hint", {
            factor: (factors.avoidedGramsPerTonne / 1000).toFixed(2),
          })}
        />
      </div>
      <p className="muted small" data-testid="definitions-used">
        {t("department.definitionsUsed", { id: definitions.id, from: definitions.effectiveFrom })}{" "}
        <Link to={drill()}>{t("department.drillDown")}</Link>
      </p>
      <section className="card">
        <h2>{t("department.byMonth")}</h2>
        <TrendChart
          rows={byMonth.map((m) => ({ ...m, rateBp: m.resource.rateBp }))}
          labels={{
            generated: t("department.generated"),
            recycled: t("department.recycled"),
            rate: t("department.resourceRate"),
            target: t("department.resourceTarget", { target: total.resource.targetPct }),
          }}
          targetBp={total.resource.targetPct * 100}
        />
        <TableScroll label={t("department.byMonth")}>
          <table>
            <thead>
              <tr>
                <th>{t("department.month")}</th>
                <th className="num">{t("department.generated")}</th>
                <th className="num">{t("department.recycled")}</th>
                <th className="num">{t("department.resourceRate")}</th>
                <th className="num">{t("department.comprehensiveRate")}</th>
                <th className="num">{t("department.closure")}</th>
                <th className="num">{t("department.delivered")}</th>
              </tr>
            </thead>
            <tbody>
              {byMonth.map((m) => (
                <tr key={m.month}>
                  <td>{m.month}</td>
                  <td className="num">{formatTonnes(m.generatedKg)}</td>
                  <td className="num">{formatTonnes(m.recycledKg)}</td>
                  <td className="num">{formatRate(m.resource.rateBp)}</td>
                  <td className="num">{formatRate(m.comprehensive.rateBp)}</td>
                  <td className="num">{formatRate(m.closure.rateBp)}</td>
                  <td className="num">{formatGramsAsTonnes(m.deliveredGrams)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      {isProvince(jurisdiction) ? (
        <section className="card">
          <h2>{t("department.byDivision")}</h2>
          <PartBars
            rows={byDivision.map((d) => ({
              key: d.divisionCode,
              label: shortDivisionName(locale, divisionByCode(d.divisionCode)),
              wholeKg: d.generatedKg,
              partKg: d.recycledKg,
              rateBp: d.resource.rateBp,
            }))}
            labels={partLabels}
          />
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
                  <th className="num">{t("department.openAlerts")}</th>
                </tr>
              </thead>
              <tbody>
                {byDivision.map((d) => (
                  <tr key={d.divisionCode}>
                    <td>
                      <Link to={`/department/division/${d.divisionCode}${search}`}>
                        {name(divisionByCode(d.divisionCode))}
                      </Link>
                    </td>
                    <td className="num">{formatTonnes(d.generatedKg)}</td>
                    <td className="num">{formatTonnes(d.recycledKg)}</td>
                    <td className="num">{formatRate(d.resource.rateBp)}</td>
                    <td className="num">{formatRate(d.comprehensive.rateBp)}</td>
                    <td className="num">{formatRate(d.closure.rateBp)}</td>
                    <td className="num">{formatGramsAsTonnes(d.deliveredGrams)}</td>
                    <td className="num">{formatNumber(locale, d.openAlerts)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </section>
      ) : null}
      <section className="card">
        <h2>{t("department.byClass")}</h2>
        <PartBars
          rows={byClass.map((c) => ({
            key: c.wasteClass,
            label: name(wasteClassByKey(c.wasteClass)),
            wholeKg: c.generatedKg,
            partKg: c.recycledKg,
            rateBp: rateBp(c.recycledKg, c.generatedKg),
          }))}
          labels={partLabels}
        />
        <TableScroll label={t("department.byClass")}>
          <table>
            <thead>
              <tr>
                <th>{t("field.wasteClass")}</th>
                <th className="num">{t("department.generated")}</th>
                <th className="num">{t("department.recycled")}</th>
                <th className="num">{t("department.backfilled")}</th>
                <th className="num">{t("department.resourceRate")}</th>
                <th>{t("department.inRates")}</th>
              </tr>
            </thead>
            <tbody>
              {byClass.map((c) => (
                <tr key={c.wasteClass}>
                  <td>{name(wasteClassByKey(c.wasteClass))}</td>
                  <td className="num">{formatTonnes(c.generatedKg)}</td>
                  <td className="num">{formatTonnes(c.recycledKg)}</td>
                  <td className="num">{formatTonnes(c.backfilledKg)}</td>
                  <td className="num">{formatRate(rateBp(c.recycledKg, c.generatedKg))}</td>
                  <td>{t(c.inResourceRate ? "common.yes" : "common.no")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      <section className="card" id="compliance">
        <h2>{t("department.complyingProjects")}</h2>
        {compliance.projects.length === 0 ? (
          <p className="muted">{t("department.noneComplying")}</p>
        ) : (
          <ul className="compliance-list">
            {compliance.projects.map((p) => (
              <li key={p.projectId}>
                <Link to={`/department/project/${p.projectId}${search}`}>{p.name}</Link>{" "}
                <span className="muted small">{name(divisionByCode(p.divisionCode))}</span>
              </li>
            ))}
          </ul>
        )}
        <p className="small">
          <Link to={`/department/compliance/${jurisdiction}${search}`}>
            {t("department.allJudged", { count: compliance.judged })}
          </Link>
        </p>
        <p className="muted small">
          {t("department.complianceHint", { target: compliance.targetPct })}
        </p>
      </section>
      <GovernancePanel governance={loaderData.governance} period={period} />
      <p className="muted small">{t("department.definitionNote")}</p>
    </>
  );
}
