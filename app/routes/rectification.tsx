import { Form } from "react-router";
import { RectificationFilterFields } from "~/components/department-governance";
import { RectificationList, rectificationFilterParams } from "~/components/rectification";
import { EmptyState, PageHeader, Pager } from "~/components/ui";
import { requireActor } from "~/domain/accounts/session.server";
import { listItems } from "~/domain/department/rectification.server";
import { RectificationQuery } from "~/domain/department/schemas";
import { useI18n } from "~/i18n/use-i18n";
import { orRespond } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/rectification";

export const meta: Route.MetaFunction = ({ matches }) =>
  pageTitle(matches, "rectification.mineTitle");

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const query = RectificationQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return {
    query,
    result: await orRespond(async () => await listItems(actor, query, "organisation")),
  };
}

/** The items a department raised against the actor's organisation, to answer before the deadline. */
export default function MyRectification({ loaderData }: Route.ComponentProps) {
  const { t } = useI18n();
  const { query, result } = loaderData;
  const waiting = (result.counts.open ?? 0) + (result.counts.reopened ?? 0);
  return (
    <>
      <PageHeader title={t("rectification.mineTitle")} subtitle={t("rectification.mineSubtitle")} />
      {waiting > 0 ? (
        <div className="alert alert--warning" role="status" data-testid="rectification-waiting">
          {t("rectification.waiting", { count: waiting })}
          {result.counts.overdue > 0
            ? ` ${t("rectification.overdueCount", { count: result.counts.overdue })}`
            : ""}
        </div>
      ) : null}
      <Form method="get" className="filters">
        <RectificationFilterFields status={query.status} category={query.category} />
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
      {result.rows.length === 0 ? (
        <EmptyState title="rectification.empty" body="rectification.emptyBodyOrganisation" />
      ) : (
        <RectificationList
          rows={result.rows}
          href={(id) => `/rectification/${id}`}
          showTarget={false}
        />
      )}
      <Pager
        page={result.page}
        pageCount={result.pageCount}
        href={(page) =>
          `/rectification?${rectificationFilterParams(query, { page: String(page) })}`
        }
      />
    </>
  );
}
