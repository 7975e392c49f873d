import { Form, Link } from "react-router";
import { AlertBadge, AlertDetail, AlertTimes } from "~/components/alerts";
import { DepartmentAlerts, RaiseLink, raiseHref } from "~/components/department-alerts";
import { ExportLinks } from "~/components/export-links";
import { EmptyState, PageHeader, Pager, StatusBadge } from "~/components/ui";
import { can } from "~/domain/access/permissions";
import { requireActor } from "~/domain/accounts/session.server";
import { listAlerts } from "~/domain/alerts/alerts.server";
import { AlertQuery, alertStates } from "~/domain/alerts/schemas";
import {
  approvalAlerts,
  derivedAlertCounts,
  listingAlerts,
  usageAlerts,
} from "~/domain/department/alerts.server";
import { AlertViewQuery } from "~/domain/department/schemas";
import { translate } from "~/i18n/translate";
import { useI18n } from "~/i18n/use-i18n";
import { orRespond } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/alerts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "alerts.title");

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const query = AlertQuery.parse(params);
  // Departments also see what they derive from the records of their jurisdiction.
  const department = actor.orgKind === "department";
  const view = department ? AlertViewQuery.parse(params).view : "trips";
  return await orRespond(async () => ({
    query,
    view,
    department,
    canRaise: can(actor, "rectification.manage"),
    counts: department ? await derivedAlertCounts(actor) : null,
    trips: view === "trips" ? await listAlerts(actor, query) : null,
    approvals: view === "approvals" ? await approvalAlerts(actor, query.page) : null,
    usage: view === "usage" ? await usageAlerts(actor, query.page) : null,
    listings: view === "listings" ? await listingAlerts(actor, query.page) : null,
  }));
}

const stateLabel = { open: "alerts.open", resolved: "alerts.resolved", all: "common.all" } as const;

export default function Alerts({ loaderData }: Route.ComponentProps) {
  const { t, locale } = useI18n();
  const { query, view, department, canRaise, counts, trips } = loaderData;
  return (
    <>
      <PageHeader
        title={t("alerts.title")}
        subtitle={department ? t("alerts.subtitleDepartment") : t("alerts.subtitle")}
      />
      {counts ? (
        <nav className="tabs" aria-label={t("alerts.views")}>
          <Link to="/alerts" aria-current={view === "trips" ? "page" : undefined}>
            {t("alerts.viewTrips")}
          </Link>
          <Link
            to="/alerts?view=approvals"
            aria-current={view === "approvals" ? "page" : undefined}
          >
            {t("alerts.tabApprovals")} <span className="count-badge">{counts.approvals}</span>
          </Link>
          <Link to="/alerts?view=usage" aria-current={view === "usage" ? "page" : undefined}>
            {t("alerts.tabUsage")}
          </Link>
          <Link to="/alerts?view=listings" aria-current={view === "listings" ? "page" : undefined}>
            {t("alerts.tabListings")} <span className="count-badge">{counts.listings}</span>
          </Link>
        </nav>
      ) : null}
      {trips ? (
        <>
          <Form method="get" className="filters">
            <div className="filters__field">
              <label htmlFor="a-state">{t("alerts.show")}</label>
              <select id="a-state" name="state" defaultValue={query.state}>
                {alertStates.map((state) => (
                  <option key={state} value={state}>
                    {t(stateLabel[state])}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="button button--secondary">
              {t("common.filter")}
            </button>
          </Form>
          {department ? (
            <ExportLinks
              href={(format) =>
                `/department/report/export?table=alerts&state=${query.state}&format=${format}`
              }
            />
          ) : null}
          {trips.rows.length === 0 ? (
            <EmptyState title="alerts.empty" body="alerts.emptyBody" />
          ) : (
            <>
              <p className="muted small">{t("alerts.count", { count: trips.total })}</p>
              <ul className="cards cards--list">
                {trips.rows.map((row) => {
                  const raise = {
                    manifestNo: row.manifestNo,
                    alertId: row.alert.id,
                    category: row.alert.kind,
                    problem: `${translate(locale, `alert.${row.alert.kind}`)}: ${row.manifestNo} ${row.vehiclePlate} — ${translate(
                      locale,
                      row.alert.kind === "unclosed_manifest"
                        ? "alert.unclosedDetail"
                        : "alert.weightDetail",
                      row.alert.details,
                    )}`,
                  };
                  return (
                    <li key={row.alert.id} className="card alert-card" data-alert={row.alert.kind}>
                      <div className="alert-card__top">
                        <AlertBadge alert={row.alert} />
                        <StatusBadge status={row.manifestStatus} />
                      </div>
                      <h2>
                        <Link to={`/manifests/${row.alert.manifestId}`}>{row.manifestNo}</Link>{" "}
                        <span className="muted">{row.vehiclePlate}</span>
                      </h2>
                      <p>
                        <AlertDetail alert={row.alert} />
                      </p>
                      <p className="muted small">
                        {row.producerName} · {row.projectName} → {row.facilityName}
                      </p>
                      <p className="muted small">
                        <AlertTimes alert={row.alert} />
                      </p>
                      {canRaise ? (
                        <p className="raise-links">
                          <RaiseLink
                            href={raiseHref({ ...raise, orgId: row.alert.producerOrgId })}
                            label="alerts.raiseAgainstProducer"
                          />
                          <RaiseLink
                            href={raiseHref({ ...raise, orgId: row.alert.recyclerOrgId })}
                            label="alerts.raiseAgainstRecycler"
                          />
                        </p>
                      ) : null}
                    </li>
                  );
                })}
              </ul>
            </>
          )}
          <Pager
            page={trips.page}
            pageCount={trips.pageCount}
            href={(page) => `/alerts?state=${query.state}&page=${page}`}
          />
        </>
      ) : (
        <DepartmentAlerts data={loaderData} />
      )}
    </>
  );
}
