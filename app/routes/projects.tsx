import { Link } from "react-router";
import { EmptyState, PageHeader } from "~/components/ui";
import { requireActor } from "~/domain/accounts/session.server";
import { listMyProjects } from "~/domain/projects/projects.server";
import { divisionByCode } from "~/domain/reference/lookup";
import { projectKinds } from "~/domain/reference/waste";
import { useI18n } from "~/i18n/use-i18n";
import { orRespond } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/projects";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "projects.title");

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  return { projects: await orRespond(async () => await listMyProjects(actor)) };
}

export default function Projects({ loaderData }: Route.ComponentProps) {
  const { t, name } = useI18n();
  return (
    <>
      <PageHeader
        title={t("projects.title")}
        actions={
          <Link className="button button--primary" to="/projects/new">
            {t("projects.new")}
          </Link>
        }
      />
      {loaderData.projects.length === 0 ? (
        <EmptyState title="projects.empty" body="projects.emptyBody" />
      ) : (
        <ul className="cards">
          {loaderData.projects.map((p) => (
            <li key={p.id} className="card card--link">
              <Link to={`/projects/${p.id}`}>
                <h2>{p.name}</h2>
                <p className="muted">
                  {name(divisionByCode(p.divisionCode))} ·{" "}
                  {name(projectKinds.find((k) => k.key === p.kind))}
                  {p.governmentInvested ? ` · ${t("project.governmentInvested")}` : ""}
                </p>
                <p className="muted small">{p.address}</p>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
