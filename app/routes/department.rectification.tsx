import { Form, Link } from "react-router";
import { RectificationFilterFields } from "~/components/department-governance";
import { ExportLinks } from "~/components/export-links";
import {
  rectificationFilterParams as filterParams,
  RectificationList,
  useCategoryName,
} from "~/components/rectification";
import { EmptyState, PageHeader, Pager, Stat } from "~/components/ui";
import { can } from "~/domain/access/permissions";
import { requireActor } from "~/domain/accounts/session.server";
import { listItems } from "~/domain/department/rectification.server";
import { rectificationStatuses } from "~/domain/department/rectification-status";
import { RectificationQuery } from "~/domain/department/schemas";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import { orRespond } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/department.rectification";

export const meta: Route.MetaFunction = ({ matches }) =>
  pageTitle(matches, "rectification.registerTitle");

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const query = RectificationQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return {
    query,
    result: await orRespond(async () => await listItems(actor, query, "department")),
    canRaise: can(actor, "rectification.manage"),
  };
}

export default function RectificationRegister({ loaderData }: Route.ComponentProps) {
  const { t } = useI18n();
  const { query, result, canRaise } = loaderData;
  const category = useCategoryName();
  return (
    <>
      <PageHeader
        title={t("rectification.registerTitle")}
        subtitle={t("rectification.registerSubtitle")}
        actions={
          canRaise ? (
            <Link className="button button--primary" to="/department/rectification/new">
              {t("rectification.raise")}
            </Link>
          ) : null
        }
      />
      <div className="stats stats--compact" data-testid="rectification-counts">
        {rectificationStatuses.map((status) => (
          <Stat
            key={status}
            label={t(`rectification.status.${status}` as MessageKey)}
            value={<span data-count={status}>{result.counts[status] ?? 0}</span>}
          />
        ))}
        <Stat
          label={t("rectification.overdue")}
          value={
            <span data-count="overdue" className={result.counts.overdue > 0 ? "text-red" : ""}>
              {result.counts.overdue}
            </span>
          }
        />
      </div>
      <Form method="get" className="filters">
        <RectificationFilterFields status={query.status} category={query.category} />
        <div className="filters__field">
          <label htmlFor="r-org">{t("rectification.organisation")}</label>
          <select id="r-org" name="orgId" defaultValue={query.orgId ? String(query.orgId) : ""}>
            <option value="">{t("common.all")}</option>
            {result.targets.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <div className="filters__field filters__field--check">
          <input
            id="r-overdue"
            type="checkbox"
            name="overdue"
            value="1"
            defaultChecked={query.overdue}
          />
          <label htmlFor="r-overdue">{t("rectification.onlyOverdue")}</label>
        </div>
        <button type="submit" className="button button--secondary">
          {t("common.filter")}
        </button>
      </Form>
      <ExportLinks
        href={(format) =>
          `/department/report/export?${filterParams(query, { table: "rectification", format })}`
        }
      />
      {result.rows.length === 0 ? (
        <EmptyState title="rectification.empty" body="rectification.emptyBodyDepartment" />
      ) : (
        <>
          <p className="muted small">
            {t("rectification.count", { count: result.total })}
            {query.category ? ` · ${category(query.category)}` : ""}
          </p>
          <RectificationList
            rows={result.rows}
            href={(id) => `/department/rectification/${id}`}
            showTarget
          />
        </>
      )}
      <Pager
        page={result.page}
        pageCount={result.pageCount}
        href={(page) => `/department/rectification?${filterParams(query, { page: String(page) })}`}
      />
    </>
  );
}
