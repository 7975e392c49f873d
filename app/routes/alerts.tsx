import { Form, Link } from "react-router";
import { AlertBadge, AlertDetail, AlertTimes } from "~/components/alerts";
import { EmptyState, PageHeader, Pager, StatusBadge } from "~/components/ui";
import { requireActor } from "~/domain/accounts/session.server";
import { listAlerts } from "~/domain/alerts/alerts.server";
import { AlertQuery, alertStates } from "~/domain/alerts/schemas";
import { useI18n } from "~/i18n/use-i18n";
import { orRespond } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/alerts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "alerts.title");

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const query = AlertQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { query, result: orRespond(() => listAlerts(actor, query)) };
}

const stateLabel = { open: "alerts.open", resolved: "alerts.resolved", all: "common.all" } as const;

export default function Alerts({ loaderData }: Route.ComponentProps) {
  const { t } = useI18n();
  const { query, result } = loaderData;
  return (
    <>
      <PageHeader title={t("alerts.title")} subtitle={t("alerts.subtitle")} />
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
      {result.rows.length === 0 ? (
        <EmptyState title="alerts.empty" body="alerts.emptyBody" />
      ) : (
        <>
          <p className="muted small">{t("alerts.count", { count: result.total })}</p>
          <ul className="cards cards--list">
            {result.rows.map((row) => (
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
              </li>
            ))}
          </ul>
        </>
      )}
      <Pager
        page={result.page}
        pageCount={result.pageCount}
        href={(page) => `/alerts?state=${query.state}&page=${page}`}
      />
    </>
  );
}
