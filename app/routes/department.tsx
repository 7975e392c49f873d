import { Form } from "react-router";
import { PageHeader, Stat } from "~/components/ui";
import { requireActor } from "~/domain/accounts/session.server";
import { divisionByCode, isProvince } from "~/domain/reference/lookup";
import { rateBp } from "~/domain/stats/rates";
import { PeriodQuery } from "~/domain/stats/schemas";
import { resolvePeriod, utilization } from "~/domain/stats/utilization.server";
import { formatRate, formatTonnes } from "~/i18n/format";
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
  return orRespond(() => utilization(actor, period));
}

export default function Department({ loaderData }: Route.ComponentProps) {
  const { t, name } = useI18n();
  const { total, byMonth, byDivision, period, jurisdiction } = loaderData;
  const resourceRate = rateBp(total.recycledKg, total.generatedKg);
  const comprehensiveRate = rateBp(total.recycledKg + total.backfilledKg, total.generatedKg);
  const peak = Math.max(1, ...byMonth.map((m) => m.generatedKg));
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
          value={<span data-figure="generated">{formatTonnes(total.generatedKg)}</span>}
          hint={t("department.trips", { count: total.manifests })}
        />
        <Stat
          label={t("department.recycled")}
          value={<span data-figure="recycled">{formatTonnes(total.recycledKg)}</span>}
        />
        <Stat
          label={t("department.resourceRate")}
          value={<span data-figure="resource-rate">{formatRate(resourceRate)}</span>}
          hint={t("department.resourceRateHint")}
        />
        <Stat
          label={t("department.comprehensiveRate")}
          value={<span data-figure="comprehensive-rate">{formatRate(comprehensiveRate)}</span>}
          hint={t("department.comprehensiveRateHint")}
        />
        <Stat label={t("department.backfilled")} value={formatTonnes(total.backfilledKg)} />
        <Stat label={t("department.landfilled")} value={formatTonnes(total.landfilledKg)} />
        <Stat
          label={t("department.offPlatform")}
          value={<span data-figure="off-platform">{formatTonnes(total.offPlatformKg)}</span>}
          hint={t("department.offPlatformHint")}
        />
      </div>
      <section className="card">
        <h2>{t("department.byMonth")}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("department.month")}</th>
                <th className="num">{t("department.generated")}</th>
                <th className="num">{t("department.recycled")}</th>
                <th className="num">{t("department.resourceRate")}</th>
                <th className="bar-col">
                  <span className="visually-hidden">{t("department.chart")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {byMonth.map((m) => (
                <tr key={m.month}>
                  <td>{m.month}</td>
                  <td className="num">{formatTonnes(m.generatedKg)}</td>
                  <td className="num">{formatTonnes(m.recycledKg)}</td>
                  <td className="num">{formatRate(rateBp(m.recycledKg, m.generatedKg))}</td>
                  <td className="bar-col" aria-hidden="true">
                    <span className="bar">
                      <span
                        className="bar__total"
                        style={{ width: `${(m.generatedKg / peak) * 100}%` }}
                      >
                        <span
                          className="bar__part"
                          style={{
                            width: `${m.generatedKg ? (m.recycledKg / m.generatedKg) * 100 : 0}%`,
                          }}
                        />
                      </span>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {isProvince(jurisdiction) ? (
        <section className="card">
          <h2>{t("department.byDivision")}</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t("field.division")}</th>
                  <th className="num">{t("department.generated")}</th>
                  <th className="num">{t("department.recycled")}</th>
                  <th className="num">{t("department.resourceRate")}</th>
                  <th className="num">{t("department.comprehensiveRate")}</th>
                </tr>
              </thead>
              <tbody>
                {byDivision.map((d) => (
                  <tr key={d.divisionCode}>
                    <td>{name(divisionByCode(d.divisionCode))}</td>
                    <td className="num">{formatTonnes(d.generatedKg)}</td>
                    <td className="num">{formatTonnes(d.recycledKg)}</td>
                    <td className="num">{formatRate(rateBp(d.recycledKg, d.generatedKg))}</td>
                    <td className="num">
                      {formatRate(rateBp(d.recycledKg + d.backfilledKg, d.generatedKg))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      <p className="muted small">{t("department.definitionNote")}</p>
    </>
  );
}
