import { Link, redirect } from "react-router";
import { PageHeader, Stat } from "~/components/ui";
import { can } from "~/domain/access/permissions";
import { getActor } from "~/domain/accounts/session.server";
import { workbench } from "~/domain/stats/workbench.server";
import { useI18n } from "~/i18n/use-i18n";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/home";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "home.title");

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await getActor(request);
  if (!actor) return { workbench: null, canBrowseMarket: false };
  if (actor.orgKind === "department") throw redirect("/department");
  if (actor.orgKind === "platform") throw redirect("/admin");
  return { workbench: await workbench(actor), canBrowseMarket: can(actor, "market.browse") };
}

export default function Home({ loaderData }: Route.ComponentProps) {
  const { t } = useI18n();
  const bench = loaderData.workbench;
  if (!bench) return <Welcome />;
  if (bench.kind === "contractor") {
    return (
      <>
        <PageHeader
          title={t("home.contractorTitle")}
          actions={
            <Link className="button button--primary" to="/projects/new">
              {t("projects.new")}
            </Link>
          }
        />
        <div className="stats">
          <Link to="/projects" className="stat-link">
            <Stat label={t("home.projects")} value={bench.projects} />
          </Link>
          <Link to="/projects" className="stat-link">
            <Stat label={t("home.openListings")} value={bench.openListings} />
          </Link>
          <Link to="/orders" className="stat-link">
            <Stat label={t("home.claimsToDecide")} value={bench.claimsToDecide} />
          </Link>
          <Link to="/manifests?status=dispatched" className="stat-link">
            <Stat label={t("home.inTransit")} value={bench.inTransit} />
          </Link>
        </div>
        <section className="card">
          <h2>{t("home.howTitle")}</h2>
          <ol className="steps">
            <li>{t("home.contractorStep1")}</li>
            <li>{t("home.contractorStep2")}</li>
            <li>{t("home.contractorStep3")}</li>
          </ol>
        </section>
      </>
    );
  }
  return (
    <>
      <PageHeader
        title={t("home.recyclerTitle")}
        actions={
          loaderData.canBrowseMarket ? (
            <Link className="button button--primary" to="/market">
              {t("nav.market")}
            </Link>
          ) : null
        }
      />
      <div className="stats">
        <Link to="/facilities" className="stat-link">
          <Stat label={t("home.facilities")} value={bench.facilities} />
        </Link>
        <Link to="/orders" className="stat-link">
          <Stat label={t("home.claimsPending")} value={bench.claimsPending} />
        </Link>
        <Link to="/orders" className="stat-link">
          <Stat label={t("home.activeOrders")} value={bench.activeOrders} />
        </Link>
        <Link to="/manifests?status=dispatched" className="stat-link">
          <Stat label={t("home.inbound")} value={bench.inbound} />
        </Link>
      </div>
      <section className="card">
        <h2>{t("home.howTitle")}</h2>
        {loaderData.canBrowseMarket ? (
          <ol className="steps">
            <li>{t("home.recyclerStep1")}</li>
            <li>{t("home.recyclerStep2")}</li>
            <li>{t("home.recyclerStep3")}</li>
          </ol>
        ) : (
          <p>{t("home.clerkStep")}</p>
        )}
      </section>
    </>
  );
}

function Welcome() {
  const { t } = useI18n();
  return (
    <>
      <section className="hero">
        <h1>{t("home.heroTitle")}</h1>
        <p className="hero__lead">{t("home.heroLead")}</p>
        <div className="hero__actions">
          <Link className="button button--primary" to="/signup">
            {t("signup.title")}
          </Link>
          <Link className="button button--secondary" to="/login">
            {t("nav.login")}
          </Link>
        </div>
      </section>
      <section className="audiences">
        <article className="card">
          <h2>{t("orgKind.contractor")}</h2>
          <p>{t("home.forContractors")}</p>
        </article>
        <article className="card">
          <h2>{t("orgKind.recycler")}</h2>
          <p>{t("home.forRecyclers")}</p>
        </article>
        <article className="card">
          <h2>{t("orgKind.department")}</h2>
          <p>{t("home.forDepartments")}</p>
        </article>
      </section>
    </>
  );
}
