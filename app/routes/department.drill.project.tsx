import { Link } from "react-router";
import {
  DrillExportLinks,
  Figure,
  FigureCells,
  FigureHeads,
  FigureSummary,
  formatGramsAsTonnes,
  HaulNote,
  PeriodForm,
  Trail,
} from "~/components/drill-down";
import { EmptyState, PageHeader, StatusBadge, TableScroll } from "~/components/ui";
import { requireActor } from "~/domain/accounts/session.server";
import { milliToUnitsText } from "~/domain/products/quantity";
import {
  divisionByCode,
  facilityTypeByKey,
  materialByKey,
  wasteClassByKey,
} from "~/domain/reference/lookup";
import { materialClasses } from "~/domain/reference/products";
import { projectDrill } from "~/domain/stats/drill.server";
import { DrillQuery, periodSearch } from "~/domain/stats/schemas";
import { resolvePeriod } from "~/domain/stats/utilization.server";
import { formatDateTime, formatKm, formatRate, formatTonnes } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { orRespond, routeId } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/department.drill.project";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "drill.projectTitle");

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const projectId = routeId(params.projectId);
  const period = resolvePeriod(
    DrillQuery.parse(Object.fromEntries(new URL(request.url).searchParams)),
  );
  return await orRespond(async () => await projectDrill(actor, projectId, period));
}

const materialClassByKey = (key: string) => materialClasses.find((c) => c.key === key);

export default function ProjectDrill({ loaderData }: Route.ComponentProps) {
  const { t, name, locale } = useI18n();
  const { project, orgName, period, total, orders, closeOuts, deliveries, compliance } = loaderData;
  const search = periodSearch(period);
  const division = project.divisionCode;
  return (
    <>
      <Trail
        items={[
          { label: t("department.title"), to: `/department${search}` },
          {
            label: name(divisionByCode(division)),
            to: `/department/division/${division}${search}`,
          },
          { label: project.name },
        ]}
      />
      <PageHeader
        title={project.name}
        subtitle={`${orgName} · ${name(divisionByCode(division))} · ${project.permitNo}${
          project.governmentInvested ? ` · ${t("drill.governmentInvested")}` : ""
        }`}
      />
      <PeriodForm period={period} />
      <FigureSummary row={total} />
      <p className="muted small">{t("drill.sumNote")}</p>
      <section className="card" id="orders">
        <h2>{t("drill.orders")}</h2>
        <DrillExportLinks table="project-orders" period={period} record={{ project: project.id }} />
        {orders.length === 0 ? (
          <EmptyState title="drill.emptyOrders" />
        ) : (
          <TableScroll label={t("drill.orders")}>
            <table data-table="orders">
              <thead>
                <tr>
                  <th>{t("drill.order")}</th>
                  <th>{t("drill.facility")}</th>
                  <th className="num">{t("drill.distance")}</th>
                  <FigureHeads without={["off-platform", "delivered"]} />
                </tr>
              </thead>
              <tbody>
                {orders.map((o) => (
                  <tr key={o.order.id} data-row={o.order.id}>
                    <td>
                      <Link to={`/department/order/${o.order.id}${search}`}>#{o.order.id}</Link>{" "}
                      <StatusBadge status={o.order.status} />
                      <div className="muted small">
                        {name(wasteClassByKey(o.order.wasteClass))} ·{" "}
                        {name(materialByKey(o.order.material))}
                      </div>
                    </td>
                    <td>
                      <Link
                        to={`/department/facility/${o.order.facilityId}${periodSearch(period, { area: division })}`}
                      >
                        {o.order.facilityName}
                      </Link>
                      <div className="muted small">
                        {name(facilityTypeByKey(o.order.facilityType))}
                      </div>
                    </td>
                    <td className="num">{formatKm(o.roadMetres / 1000)}</td>
                    <FigureCells row={o} without={["off-platform", "delivered"]} />
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        <HaulNote factors={loaderData.factors} />
      </section>
      <section className="card" id="close-outs">
        <h2>{t("drill.closeOuts")}</h2>
        <DrillExportLinks
          table="project-close-outs"
          period={period}
          record={{ project: project.id }}
        />
        {closeOuts.length === 0 ? (
          <p className="muted">{t("drill.emptyCloseOuts")}</p>
        ) : (
          <TableScroll label={t("drill.closeOuts")}>
            <table data-table="close-outs">
              <thead>
                <tr>
                  <th>{t("drill.listing")}</th>
                  <th>{t("field.wasteClass")}</th>
                  <th>{t("drill.destination")}</th>
                  <th>{t("drill.closedAt")}</th>
                  <th className="num">{t("department.offPlatform")}</th>
                </tr>
              </thead>
              <tbody>
                {closeOuts.map((c) => (
                  <tr key={c.listingId} data-row={c.listingId}>
                    <td>#{c.listingId}</td>
                    <td>{name(wasteClassByKey(c.wasteClass))}</td>
                    <td>{c.destination}</td>
                    <td>{formatDateTime(locale, c.endedAt)}</td>
                    <td className="num">
                      <Figure name="off-platform" value={c.kg}>
                        {formatTonnes(c.kg)}
                      </Figure>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
      <section className="card" id="deliveries">
        <h2>{t("drill.deliveries")}</h2>
        <DrillExportLinks
          table="project-deliveries"
          period={period}
          record={{ project: project.id }}
        />
        {deliveries.length === 0 ? (
          <p className="muted">{t("drill.emptyDeliveries")}</p>
        ) : (
          <TableScroll label={t("drill.deliveries")}>
            <table data-table="deliveries">
              <thead>
                <tr>
                  <th>{t("drill.confirmedAt")}</th>
                  <th>{t("drill.product")}</th>
                  <th className="num">{t("drill.quantity")}</th>
                  <th className="num">{t("drill.delivered")}</th>
                </tr>
              </thead>
              <tbody>
                {deliveries.map((d) => (
                  <tr key={d.id} data-row={d.id}>
                    <td>{formatDateTime(locale, d.confirmedAt)}</td>
                    <td>
                      {d.productName}
                      <div className="muted small">
                        {name(materialClassByKey(d.materialClass))} · {d.sellerName}
                      </div>
                    </td>
                    <td className="num">
                      {milliToUnitsText(d.quantityMilli)} {d.unit}
                    </td>
                    <td className="num">
                      <Figure name="delivered" value={d.grams}>
                        {formatGramsAsTonnes(d.grams)}
                      </Figure>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
      {compliance ? (
        <section className="card" id="usage">
          <h2>
            {t("drill.usageHeading", { target: loaderData.usageTargetPct })}:{" "}
            <span data-figure="complies">
              {t(compliance.complies ? "drill.complies" : "drill.belowTarget")}
            </span>
          </h2>
          <DrillExportLinks
            table="project-usage"
            period={period}
            record={{ project: project.id }}
          />
          <TableScroll label={t("drill.usageHeading", { target: loaderData.usageTargetPct })}>
            <table data-table="usage">
              <thead>
                <tr>
                  <th>{t("drill.materialClass")}</th>
                  <th className="num">{t("drill.totalUsed")}</th>
                  <th className="num">{t("drill.recycledUsed")}</th>
                  <th className="num">{t("drill.usageRate")}</th>
                  <th>{t("drill.usageRule")}</th>
                </tr>
              </thead>
              <tbody>
                {compliance.classes.map((c) => (
                  <tr key={c.materialClass} data-row={c.materialClass}>
                    <td>{name(materialClassByKey(c.materialClass))}</td>
                    <td className="num">{formatTonnes(c.totalKg)}</td>
                    <td className="num">{formatGramsAsTonnes(c.recycledGrams)}</td>
                    <td className="num">{formatRate(c.rateBp)}</td>
                    <td>{t(c.complies ? "drill.complies" : "drill.belowTarget")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </section>
      ) : null}
    </>
  );
}
