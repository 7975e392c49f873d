import { Form, Link } from "react-router";
import { z } from "zod";
import { EmptyState, PageHeader, StatusBadge } from "~/components/ui";
import { requireActor } from "~/domain/accounts/session.server";
import { listMyManifests } from "~/domain/manifests/manifests.server";
import { manifestStatuses } from "~/domain/manifests/status";
import { formatDateTime, formatTonnes } from "~/i18n/format";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import { orRespond } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/manifests";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "manifests.title");

const Query = z.object({ status: z.enum(manifestStatuses).optional().catch(undefined) });

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const { status } = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { status, manifests: orRespond(() => listMyManifests(actor, status)) };
}

export default function Manifests({ loaderData }: Route.ComponentProps) {
  const { t, locale } = useI18n();
  return (
    <>
      <PageHeader title={t("manifests.title")} />
      <Form method="get" className="filters">
        <label htmlFor="status">{t("field.status")}</label>
        <select id="status" name="status" defaultValue={loaderData.status ?? ""}>
          <option value="">{t("common.all")}</option>
          {manifestStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}` as MessageKey)}
            </option>
          ))}
        </select>
        <button type="submit" className="button button--secondary">
          {t("common.filter")}
        </button>
      </Form>
      {loaderData.manifests.length === 0 ? (
        <EmptyState title="manifests.empty" body="manifests.emptyBody" />
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("field.manifestNo")}</th>
                <th>{t("field.vehiclePlate")}</th>
                <th>{t("field.project")}</th>
                <th>{t("field.facility")}</th>
                <th>{t("field.dispatchedAt")}</th>
                <th className="num">{t("field.net")}</th>
                <th>{t("field.status")}</th>
              </tr>
            </thead>
            <tbody>
              {loaderData.manifests.map(({ manifest: m, projectName, facilityName }) => (
                <tr key={m.id}>
                  <td>
                    <Link to={`/manifests/${m.id}`}>{m.manifestNo}</Link>
                  </td>
                  <td>{m.vehiclePlate}</td>
                  <td>{projectName}</td>
                  <td>{facilityName}</td>
                  <td>{formatDateTime(locale, m.dispatchedAt)}</td>
                  <td className="num">{m.netKg === null ? "—" : formatTonnes(m.netKg)}</td>
                  <td>
                    <StatusBadge status={m.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
