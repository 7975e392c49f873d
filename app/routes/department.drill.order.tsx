import { Link } from "react-router";
import {
  DrillExportLinks,
  Figure,
  FigureSummary,
  HaulNote,
  PeriodForm,
  Trail,
} from "~/components/drill-down";
import { EmptyState, PageHeader, Pager, StatusBadge, TableScroll } from "~/components/ui";
import { requireActor } from "~/domain/accounts/session.server";
import {
  divisionByCode,
  facilityTypeByKey,
  materialByKey,
  wasteClassByKey,
} from "~/domain/reference/lookup";
import { orderDrill } from "~/domain/stats/drill.server";
import { DrillQuery, periodSearch } from "~/domain/stats/schemas";
import { resolvePeriod } from "~/domain/stats/utilization.server";
import { formatDateTime, formatKm, formatTonnes } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { orRespond, routeId } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/department.drill.order";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "drill.orderTitle");

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const orderId = routeId(params.orderId);
  const query = DrillQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const period = resolvePeriod(query);
  return await orRespond(async () => await orderDrill(actor, orderId, period, query.page));
}

export default function OrderDrill({ loaderData }: Route.ComponentProps) {
  const { t, name, locale } = useI18n();
  const { period, order, listing, figures, manifests } = loaderData;
  const search = periodSearch(period);
  const division = listing.divisionCode;
  return (
    <>
      <Trail
        items={[
          { label: t("department.title"), to: `/department${search}` },
          {
            label: name(divisionByCode(division)),
            to: `/department/division/${division}${search}`,
          },
          {
            label: loaderData.projectName,
            to: `/department/project/${listing.projectId}${search}`,
          },
          { label: t("drill.orderHeading", { id: order.id }) },
        ]}
      />
      <PageHeader
        title={t("drill.orderHeading", { id: order.id })}
        subtitle={`${loaderData.projectName} → ${loaderData.facilityName} (${name(facilityTypeByKey(loaderData.facilityType))}, ${loaderData.recyclerName})`}
        actions={<StatusBadge status={order.status} />}
      />
      <p className="small">
        {name(wasteClassByKey(listing.wasteClass))} · {name(materialByKey(listing.material))} ·{" "}
        {t("drill.distance")}: {formatKm(figures.roadMetres / 1000)}
      </p>
      <PeriodForm period={period} />
      <FigureSummary row={figures} without={["off-platform", "delivered"]} />
      <HaulNote factors={loaderData.factors} />
      <p className="muted small">{t("drill.manifestsNote")}</p>
      <section className="card" id="manifests">
        <h2>
          {t("drill.manifests")} ({manifests.total})
        </h2>
        <DrillExportLinks table="order-manifests" period={period} record={{ order: order.id }} />
        {manifests.rows.length === 0 ? (
          <EmptyState title="drill.emptyManifests" />
        ) : (
          <TableScroll label={t("drill.manifests")}>
            <table data-table="manifests">
              <thead>
                <tr>
                  <th>{t("drill.manifest")}</th>
                  <th>{t("drill.dispatchedAt")}</th>
                  <th>{t("drill.receivedAt")}</th>
                  <th className="num">{t("drill.net")}</th>
                  <th>{t("drill.countsIn")}</th>
                </tr>
              </thead>
              <tbody>
                {manifests.rows.map((m) => (
                  <tr
                    key={m.id}
                    data-row={m.id}
                    data-tonnes={m.countsTonnes ? "1" : "0"}
                    data-closure={m.countsClosure ? "1" : "0"}
                  >
                    <td>
                      <Link to={`/manifests/${m.id}`}>{m.manifestNo}</Link>{" "}
                      <StatusBadge status={m.status} />
                      <div className="muted small">{m.vehiclePlate}</div>
                    </td>
                    <td>{formatDateTime(locale, m.dispatchedAt)}</td>
                    <td>{formatDateTime(locale, m.receivedAt)}</td>
                    <td className="num">
                      {m.netKg === null ? (
                        "—"
                      ) : (
                        <Figure name="net" value={m.netKg}>
                          {formatTonnes(m.netKg)}
                        </Figure>
                      )}
                    </td>
                    <td className="small">
                      {[
                        m.countsTonnes ? t("drill.countsTonnes") : null,
                        m.countsClosure ? t("drill.countsClosure") : null,
                      ]
                        .filter(Boolean)
                        .join(" · ")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        <Pager
          page={manifests.page}
          pageCount={manifests.pageCount}
          href={(page) => `/department/order/${order.id}${periodSearch(period, { page })}`}
        />
      </section>
      <p>
        <Link to={`/department/project/${listing.projectId}${search}`}>
          {t("drill.backToProject")}
        </Link>
      </p>
    </>
  );
}
