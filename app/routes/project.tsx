import { Link } from "react-router";
import { Definition, EmptyState, PageHeader, StatusBadge } from "~/components/ui";
import { requireActor } from "~/domain/accounts/session.server";
import { listProjectListings } from "~/domain/listings/listings.server";
import { getMyProject } from "~/domain/projects/projects.server";
import { divisionByCode, materialByKey, wasteClassByKey } from "~/domain/reference/lookup";
import { projectKinds } from "~/domain/reference/waste";
import { formatTonnes, formatYuan } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { orRespond, routeId } from "~/lib/http.server";
import type { Route } from "./+types/project";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.project.name ?? "" }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const projectId = routeId(params.projectId);
  return orRespond(() => ({
    project: getMyProject(actor, projectId),
    listings: listProjectListings(actor, projectId),
  }));
}

export default function ProjectPage({ loaderData }: Route.ComponentProps) {
  const { t, name } = useI18n();
  const { project, listings } = loaderData;
  return (
    <>
      <PageHeader
        title={project.name}
        subtitle={`${name(divisionByCode(project.divisionCode))} · ${project.address}`}
        actions={
          <Link className="button button--primary" to={`/projects/${project.id}/listings/new`}>
            {t("listings.new")}
          </Link>
        }
      />
      <section className="card">
        <dl className="dl">
          <Definition term="field.permitNo">{project.permitNo}</Definition>
          <Definition term="field.projectKind">
            {name(projectKinds.find((k) => k.key === project.kind))}
          </Definition>
          <Definition term="field.grossFloorArea">
            {project.grossFloorAreaM2.toLocaleString()} m²
          </Definition>
          <Definition term="field.startsOn">
            {project.startsOn}
            {project.endsOn ? ` – ${project.endsOn}` : ""}
          </Definition>
          <Definition term="project.governmentInvested">
            {project.governmentInvested ? t("common.yes") : t("common.no")}
          </Definition>
        </dl>
      </section>
      <h2>{t("listings.title")}</h2>
      {listings.length === 0 ? (
        <EmptyState title="listings.empty" body="listings.emptyBody" />
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("field.wasteClass")}</th>
                <th>{t("field.material")}</th>
                <th className="num">{t("field.quantity")}</th>
                <th className="num">{t("listing.allocated")}</th>
                <th className="num">{t("field.price")}</th>
                <th>{t("field.status")}</th>
              </tr>
            </thead>
            <tbody>
              {listings.map((l) => (
                <tr key={l.id}>
                  <td>
                    <Link to={`/listings/${l.id}`}>{name(wasteClassByKey(l.wasteClass))}</Link>
                  </td>
                  <td>{name(materialByKey(l.material))}</td>
                  <td className="num">{formatTonnes(l.quantityKg)}</td>
                  <td className="num">{formatTonnes(l.allocatedKg)}</td>
                  <td className="num">
                    {formatYuan(l.priceFenPerTonne)}/t · {t(`payer.${l.payer}`)}
                  </td>
                  <td>
                    <StatusBadge status={l.status} />
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
