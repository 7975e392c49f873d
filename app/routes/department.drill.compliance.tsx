import { data, Link } from "react-router";
import {
  DrillExportLinks,
  Figure,
  formatGramsAsTonnes,
  PeriodForm,
  Trail,
} from "~/components/drill-down";
import { EmptyState, PageHeader, Pager, TableScroll } from "~/components/ui";
import { requireActor } from "~/domain/accounts/session.server";
import { divisionByCode } from "~/domain/reference/lookup";
import { materialClasses } from "~/domain/reference/products";
import { complianceDrill } from "~/domain/stats/drill.server";
import { AreaParam, DrillQuery, periodSearch } from "~/domain/stats/schemas";
import { resolvePeriod } from "~/domain/stats/utilization.server";
import { formatNumber, formatRate, formatTonnes } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { orRespond } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/department.drill.compliance";

export const meta: Route.MetaFunction = ({ matches }) =>
  pageTitle(matches, "drill.complianceTitle");

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const code = AreaParam.safeParse(params.code);
  if (!code.success) throw data({ key: "error.notFound" }, { status: 404 });
  const query = DrillQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const period = resolvePeriod(query);
  return await orRespond(async () => await complianceDrill(actor, code.data, period, query.page));
}

const materialClassByKey = (key: string) => materialClasses.find((c) => c.key === key);

export default function ComplianceDrill({ loaderData }: Route.ComponentProps) {
  const { t, name, locale } = useI18n();
  const { area, period, targetPct, judged, complying, projects } = loaderData;
  const search = periodSearch(period);
  return (
    <>
      <Trail
        items={[
          { label: t("department.title"), to: `/department${search}` },
          { label: name(divisionByCode(area)), to: `/department/division/${area}${search}` },
          { label: t("drill.complianceTitle") },
        ]}
      />
      <PageHeader
        title={t("drill.complianceTitle")}
        subtitle={`${name(divisionByCode(area))} · ${t("drill.period", { from: period.from, to: period.to })}`}
      />
      <PeriodForm period={period} />
      <p data-testid="compliance-count">
        {t("drill.complyingOfJudged")}:{" "}
        <Figure name="complying" value={complying}>
          {formatNumber(locale, complying)}
        </Figure>{" "}
        /{" "}
        <Figure name="judged" value={judged}>
          {formatNumber(locale, judged)}
        </Figure>
      </p>
      <p className="muted small">{t("department.complianceHint", { target: targetPct })}</p>
      <DrillExportLinks table="compliance" period={period} record={{ area }} />
      {projects.rows.length === 0 ? (
        <EmptyState title="drill.emptyCompliance" />
      ) : (
        <TableScroll label={t("drill.complianceTitle")}>
          <table data-table="compliance">
            <thead>
              <tr>
                <th>{t("drill.project")}</th>
                <th>{t("drill.usageRule")}</th>
                <th>{t("drill.materialClass")}</th>
                <th className="num">{t("drill.totalUsed")}</th>
                <th className="num">{t("drill.recycledUsed")}</th>
                <th className="num">{t("drill.usageRate")}</th>
              </tr>
            </thead>
            <tbody>
              {projects.rows.map((p) =>
                p.classes.map((c, i) => (
                  <tr
                    key={`${p.projectId}-${c.materialClass}`}
                    data-row={i === 0 ? p.projectId : undefined}
                    data-complies={i === 0 ? (p.complies ? "1" : "0") : undefined}
                  >
                    {i === 0 ? (
                      <>
                        <td rowSpan={p.classes.length}>
                          <Link to={`/department/project/${p.projectId}${search}`}>{p.name}</Link>
                          <div className="muted small">{name(divisionByCode(p.divisionCode))}</div>
                        </td>
                        <td rowSpan={p.classes.length}>
                          {t(p.complies ? "drill.complies" : "drill.belowTarget")}
                        </td>
                      </>
                    ) : null}
                    <td>{name(materialClassByKey(c.materialClass))}</td>
                    <td className="num">{formatTonnes(c.totalKg)}</td>
                    <td className="num">{formatGramsAsTonnes(c.recycledGrams)}</td>
                    <td className="num">{formatRate(c.rateBp)}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </TableScroll>
      )}
      <Pager
        page={projects.page}
        pageCount={projects.pageCount}
        href={(page) => `/department/compliance/${area}${periodSearch(period, { page })}`}
      />
    </>
  );
}
