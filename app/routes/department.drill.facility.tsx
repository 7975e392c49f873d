import { Link } from "react-router";
import {
  DrillExportLinks,
  FigureCells,
  FigureHeads,
  FigureSummary,
  HaulNote,
  PeriodForm,
  Trail,
} from "~/components/drill-down";
import { EmptyState, PageHeader, StatusBadge, TableScroll } from "~/components/ui";
import { requireActor } from "~/domain/accounts/session.server";
import { divisionByCode, facilityTypeByKey, wasteClassByKey } from "~/domain/reference/lookup";
import { facilityDrill } from "~/domain/stats/drill.server";
import { DrillQuery, periodSearch } from "~/domain/stats/schemas";
import { resolvePeriod } from "~/domain/stats/utilization.server";
import { formatKm } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { orRespond, routeId } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/department.drill.facility";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "drill.facilityTitle");

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const facilityId = routeId(params.facilityId);
  const query = DrillQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const period = resolvePeriod(query);
  return await orRespond(
    async () => await facilityDrill(actor, facilityId, query.area ?? actor.divisionCode, period),
  );
}

const hidden = ["off-platform", "delivered"];

export default function FacilityDrill({ loaderData }: Route.ComponentProps) {
  const { t, name } = useI18n();
  const { area, period, facility, orgName, total, orders } = loaderData;
  const search = periodSearch(period);
  return (
    <>
      <Trail
        items={[
          { label: t("department.title"), to: `/department${search}` },
          { label: name(divisionByCode(area)), to: `/department/division/${area}${search}` },
          { label: facility.name },
        ]}
      />
      <PageHeader
        title={facility.name}
        subtitle={`${name(facilityTypeByKey(facility.type))} · ${orgName} · ${name(divisionByCode(facility.divisionCode))} · ${facility.approvalNo}`}
      />
      <PeriodForm period={period} />
      <p className="small">{t("drill.facilityArea", { area: name(divisionByCode(area)) })}</p>
      <FigureSummary row={total} without={hidden} />
      <p className="muted small">{t("drill.sumNote")}</p>
      <section className="card" id="orders">
        <h2>{t("drill.orders")}</h2>
        <DrillExportLinks
          table="facility-orders"
          period={period}
          record={{ facility: facility.id, area }}
        />
        {orders.length === 0 ? (
          <EmptyState title="drill.emptyOrders" />
        ) : (
          <TableScroll label={t("drill.orders")}>
            <table data-table="orders">
              <thead>
                <tr>
                  <th>{t("drill.order")}</th>
                  <th>{t("drill.project")}</th>
                  <th className="num">{t("drill.distance")}</th>
                  <FigureHeads without={hidden} />
                </tr>
              </thead>
              <tbody>
                {orders.map((o) => (
                  <tr key={o.order.id} data-row={o.order.id}>
                    <td>
                      <Link to={`/department/order/${o.order.id}${search}`}>#{o.order.id}</Link>{" "}
                      <StatusBadge status={o.order.status} />
                      <div className="muted small">{name(wasteClassByKey(o.order.wasteClass))}</div>
                    </td>
                    <td>
                      <Link to={`/department/project/${o.order.projectId}${search}`}>
                        {o.order.projectName}
                      </Link>
                    </td>
                    <td className="num">{formatKm(o.roadMetres / 1000)}</td>
                    <FigureCells row={o} without={hidden} />
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        <HaulNote factors={loaderData.factors} />
      </section>
    </>
  );
}
