import { Form, Link } from "react-router";
import { EmptyState, PageHeader, Pager, StatusBadge, TableScroll } from "~/components/ui";
import { requireActor } from "~/domain/accounts/session.server";
import { listMyFacilities } from "~/domain/facilities/facilities.server";
import { listMyManifests } from "~/domain/manifests/manifests.server";
import { ManifestQuery } from "~/domain/manifests/schemas";
import { manifestStatuses } from "~/domain/manifests/status";
import { listMyProjects } from "~/domain/projects/projects.server";
import { formatDateTime, formatTonnes } from "~/i18n/format";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import { orRespond } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/manifests";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "manifests.title");

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const query = ManifestQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return await orRespond(async () => {
    const result = await listMyManifests(actor, query);
    // Producers narrow by site, recyclers by gate: each filters by the place that is theirs.
    const places =
      actor.orgKind === "recycler"
        ? {
            param: "facilityId" as const,
            label: "field.facility" as const,
            options: (await listMyFacilities(actor)).map((f) => ({ id: f.id, name: f.name })),
          }
        : {
            param: "projectId" as const,
            label: "field.project" as const,
            options: (await listMyProjects(actor)).map((p) => ({ id: p.id, name: p.name })),
          };
    return { query, result, places, recycler: actor.orgKind === "recycler" };
  });
}

/** The query string of the current filters, for the pager and the CSV link. */
function search(query: ManifestQuery, page = 1): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (key !== "page" && value !== undefined) params.set(key, String(value));
  }
  if (page > 1) params.set("page", String(page));
  const text = params.toString();
  return text ? `?${text}` : "";
}

export default function Manifests({ loaderData }: Route.ComponentProps) {
  const { t, locale } = useI18n();
  const { query, result, places, recycler } = loaderData;
  const filtered = Object.entries(query).some(([key, value]) => key !== "page" && value);
  return (
    <>
      <PageHeader
        title={t("manifests.title")}
        subtitle={t("manifests.count", { count: result.total })}
        actions={
          <a className="button button--secondary" href={`/manifests.csv${search(query)}`} download>
            {t("manifests.export")}
          </a>
        }
      />
      <Form method="get" className="filters">
        <div className="filters__field">
          <label htmlFor="m-status">{t("field.status")}</label>
          <select id="m-status" name="status" defaultValue={query.status ?? ""}>
            <option value="">{t("common.all")}</option>
            {manifestStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div className="filters__pair">
          <div className="filters__field">
            <label htmlFor="m-from">{t("manifests.from")}</label>
            <input id="m-from" name="from" type="date" defaultValue={query.from ?? ""} />
          </div>
          <div className="filters__field">
            <label htmlFor="m-to">{t("manifests.to")}</label>
            <input id="m-to" name="to" type="date" defaultValue={query.to ?? ""} />
          </div>
        </div>
        <div className="filters__field">
          <label htmlFor="m-place">{t(places.label)}</label>
          <select id="m-place" name={places.param} defaultValue={query[places.param] ?? ""}>
            <option value="">{t("common.all")}</option>
            {places.options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <div className="filters__field">
          <label htmlFor="m-plate">{t("field.vehiclePlate")}</label>
          <input
            id="m-plate"
            name="plate"
            type="search"
            defaultValue={query.plate ?? ""}
            placeholder={t("manifests.plateHint")}
            autoCapitalize="characters"
          />
        </div>
        <button type="submit" className="button button--secondary">
          {t("common.filter")}
        </button>
      </Form>
      {result.rows.length === 0 ? (
        filtered ? (
          <EmptyState title="manifests.emptyFiltered" body="manifests.emptyFilteredBody" />
        ) : (
          <EmptyState title="manifests.empty" body="manifests.emptyBody" />
        )
      ) : (
        <TableScroll label={t("manifests.title")}>
          <table>
            <thead>
              <tr>
                <th>{t("field.manifestNo")}</th>
                <th>{t("field.status")}</th>
                <th>{t("field.vehiclePlate")}</th>
                <th>{t(recycler ? "field.producer" : "field.project")}</th>
                <th>{t("field.facility")}</th>
                <th>{t("field.dispatchedAt")}</th>
                <th className="num">{t("field.estimated")}</th>
                <th className="num">{t("field.net")}</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map(({ manifest: m, projectName, producerName, facilityName }) => (
                <tr key={m.id}>
                  <td>
                    <Link to={`/manifests/${m.id}`}>{m.manifestNo}</Link>
                  </td>
                  <td>
                    <StatusBadge status={m.status} />
                  </td>
                  <td>{m.vehiclePlate}</td>
                  <td>{recycler ? `${producerName} · ${projectName}` : projectName}</td>
                  <td>{facilityName}</td>
                  <td>{formatDateTime(locale, m.dispatchedAt)}</td>
                  <td className="num">{formatTonnes(m.estimatedKg)}</td>
                  <td className="num">{m.netKg === null ? "—" : formatTonnes(m.netKg)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <Pager
        page={result.page}
        pageCount={result.pageCount}
        href={(page) => `/manifests${search(query, page)}`}
      />
    </>
  );
}
