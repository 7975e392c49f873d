import { data, Link } from "react-router";
import {
  DrillExportLinks,
  Figure,
  FigureCells,
  FigureHeads,
  FigureSummary,
  HaulNote,
  PeriodForm,
  Trail,
} from "~/components/drill-down";
import { EmptyState, PageHeader, Pager, TableScroll } from "~/components/ui";
import { requireActor } from "~/domain/accounts/session.server";
import {
  divisionByCode,
  facilityTypeByKey,
  isProvince,
  wasteClassByKey,
} from "~/domain/reference/lookup";
import { divisionDrill } from "~/domain/stats/drill.server";
import { AreaParam, DrillQuery, periodSearch } from "~/domain/stats/schemas";
import { resolvePeriod } from "~/domain/stats/utilization.server";
import { formatNumber, formatRate, formatTonnes } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { orRespond } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/department.drill.division";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "drill.areaTitle");

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const code = AreaParam.safeParse(params.code);
  if (!code.success) throw data({ key: "error.notFound" }, { status: 404 });
  const query = DrillQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const period = resolvePeriod(query);
  return await orRespond(
    async () =>
      await divisionDrill(actor, code.data, period, query.page, undefined, query.facilityPage),
  );
}

export default function DivisionDrill({ loaderData }: Route.ComponentProps) {
  const { t, name, locale } = useI18n();
  const { area, figures } = loaderData;
  const { period, total, definitions } = figures;
  const search = periodSearch(period);
  const areaName = name(divisionByCode(area));
  const classNames = (keys: readonly string[]) =>
    keys.map((k) => name(wasteClassByKey(k))).join("、");
  return (
    <>
      <Trail
        items={[{ label: t("department.title"), to: `/department${search}` }, { label: areaName }]}
      />
      <PageHeader
        title={t("drill.areaHeading", { area: areaName })}
        subtitle={t("drill.period", { from: period.from, to: period.to })}
      />
      <PeriodForm period={period} />
      <FigureSummary row={total} openAlerts={total.openAlerts} />
      <p className="small">
        {t("department.resourceRate")}:{" "}
        <Figure name="resource-rate" value={total.resource.rateBp}>
          {formatRate(total.resource.rateBp)}
        </Figure>{" "}
        ({formatTonnes(total.resource.partKg)} ÷ {formatTonnes(total.resource.wholeKg)}) ·{" "}
        {t("department.comprehensiveRate")}:{" "}
        <Figure name="comprehensive-rate" value={total.comprehensive.rateBp}>
          {formatRate(total.comprehensive.rateBp)}
        </Figure>{" "}
        ({formatTonnes(total.comprehensive.partKg)} ÷ {formatTonnes(total.comprehensive.wholeKg)})
      </p>
      <p className="muted small">
        {t("department.definitionsUsed", { id: definitions.id, from: definitions.effectiveFrom })}{" "}
        {t("drill.rateClasses", {
          resource: classNames(definitions.resourceClasses),
          comprehensive: classNames(definitions.comprehensiveClasses),
        })}
      </p>
      <p className="muted small">{t("drill.sumNote")}</p>
      {loaderData.kind === "province" ? (
        <section className="card" id="divisions">
          <h2>{t("drill.divisions")}</h2>
          <DrillExportLinks table="divisions" period={period} record={{ area }} />
          <TableScroll label={t("drill.divisions")}>
            <table data-table="divisions">
              <thead>
                <tr>
                  <th>{t("field.division")}</th>
                  <FigureHeads />
                  <th className="num">{t("department.openAlerts")}</th>
                </tr>
              </thead>
              <tbody>
                {figures.byDivision.map((d) => (
                  <tr key={d.divisionCode} data-row={d.divisionCode}>
                    <td>
                      <Link to={`/department/division/${d.divisionCode}${search}`}>
                        {name(divisionByCode(d.divisionCode))}
                      </Link>
                    </td>
                    <FigureCells row={d} />
                    <td className="num">
                      <Figure name="open-alerts" value={d.openAlerts}>
                        {formatNumber(locale, d.openAlerts)}
                      </Figure>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </section>
      ) : (
        <section className="card" id="projects">
          <h2>{t("drill.projects")}</h2>
          <DrillExportLinks table="projects" period={period} record={{ area }} />
          {loaderData.projects.rows.length === 0 ? (
            <EmptyState title="drill.emptyProjects" />
          ) : (
            <TableScroll label={t("drill.projects")}>
              <table data-table="projects">
                <thead>
                  <tr>
                    <th>{t("drill.project")}</th>
                    <FigureHeads />
                    <th>{t("drill.usageRule")}</th>
                  </tr>
                </thead>
                <tbody>
                  {loaderData.projects.rows.map((p) => (
                    <tr key={p.projectId} data-row={p.projectId}>
                      <td>
                        <Link to={`/department/project/${p.projectId}${search}`}>
                          {p.project?.name ?? `#${p.projectId}`}
                        </Link>
                        <div className="muted small">{p.project?.orgName}</div>
                      </td>
                      <FigureCells row={p} />
                      <td>
                        {p.complies === null
                          ? "—"
                          : t(p.complies ? "drill.complies" : "drill.belowTarget")}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
          <Pager
            page={loaderData.projects.page}
            pageCount={loaderData.projects.pageCount}
            href={(page) => `/department/division/${area}${periodSearch(period, { page })}`}
          />
        </section>
      )}
      <section className="card" id="facilities">
        <h2>{t("drill.facilities")}</h2>
        <DrillExportLinks table="facilities" period={period} record={{ area }} />
        {loaderData.facilities.rows.length === 0 ? (
          <EmptyState title="drill.emptyFacilities" />
        ) : (
          <TableScroll label={t("drill.facilities")}>
            <table data-table="facilities">
              <thead>
                <tr>
                  <th>{t("drill.facility")}</th>
                  <FigureHeads without={["off-platform", "delivered"]} />
                </tr>
              </thead>
              <tbody>
                {loaderData.facilities.rows.map((f) => (
                  <tr key={f.facility.id} data-row={f.facility.id}>
                    <td>
                      <Link
                        to={`/department/facility/${f.facility.id}${periodSearch(period, { area })}`}
                      >
                        {f.facility.name}
                      </Link>
                      <div className="muted small">
                        {name(facilityTypeByKey(f.facility.type))} ·{" "}
                        {name(divisionByCode(f.facility.divisionCode))} · {f.facility.orgName}
                      </div>
                    </td>
                    <FigureCells row={f} without={["off-platform", "delivered"]} />
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        <Pager
          page={loaderData.facilities.page}
          pageCount={loaderData.facilities.pageCount}
          href={(facilityPage) =>
            `/department/division/${area}${periodSearch(period, {
              page: loaderData.kind === "division" ? loaderData.projects.page : undefined,
              facilityPage,
            })}#facilities`
          }
        />
        <HaulNote factors={figures.factors} />
      </section>
      <section className="card" id="classes">
        <h2>{t("department.byClass")}</h2>
        <DrillExportLinks table="classes" period={period} record={{ area }} />
        <TableScroll label={t("department.byClass")}>
          <table data-table="classes">
            <thead>
              <tr>
                <th>{t("field.wasteClass")}</th>
                <th className="num">{t("department.generated")}</th>
                <th className="num">{t("department.recycled")}</th>
                <th className="num">{t("department.backfilled")}</th>
                <th>{t("department.resourceRate")}</th>
                <th>{t("department.comprehensiveRate")}</th>
              </tr>
            </thead>
            <tbody>
              {figures.byClass.map((c) => (
                <tr key={c.wasteClass} data-row={c.wasteClass}>
                  <td>{name(wasteClassByKey(c.wasteClass))}</td>
                  <td className="num">{formatTonnes(c.generatedKg)}</td>
                  <td className="num">{formatTonnes(c.recycledKg)}</td>
                  <td className="num">{formatTonnes(c.backfilledKg)}</td>
                  <td>{t(c.inResourceRate ? "drill.counted" : "drill.notCounted")}</td>
                  <td>{t(c.inComprehensiveRate ? "drill.counted" : "drill.notCounted")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      <p>
        <Link to={`/department/compliance/${area}${search}`}>
          {t("drill.complianceLink", {
            complying: figures.compliance.complying,
            judged: figures.compliance.judged,
          })}
        </Link>
        {" · "}
        <Link to="/alerts?state=open">{t("drill.alertsLink")}</Link>
        {isProvince(area) ? null : (
          <>
            {" · "}
            <Link to={`/department${search}`}>{t("drill.back")}</Link>
          </>
        )}
      </p>
    </>
  );
}
