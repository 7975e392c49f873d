import { Link } from "react-router";
import { EmptyState, PageHeader, StatusBadge } from "~/components/ui";
import { requireActor } from "~/domain/accounts/session.server";
import { approvalStatus, listMyFacilities } from "~/domain/facilities/facilities.server";
import { divisionByCode, facilityTypeByKey, wasteClassByKey } from "~/domain/reference/lookup";
import { formatTonnes } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { orRespond } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/facilities";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "facilities.title");

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  return {
    facilities: orRespond(() => listMyFacilities(actor)).map((f) => ({
      ...f,
      approval: approvalStatus(f),
    })),
  };
}

export default function Facilities({ loaderData }: Route.ComponentProps) {
  const { t, name } = useI18n();
  return (
    <>
      <PageHeader
        title={t("facilities.title")}
        actions={
          <Link className="button button--primary" to="/facilities/new">
            {t("facilities.new")}
          </Link>
        }
      />
      {loaderData.facilities.length === 0 ? (
        <EmptyState title="facilities.empty" body="facilities.emptyBody" />
      ) : (
        <ul className="cards">
          {loaderData.facilities.map((f) => (
            <li key={f.id} className="card">
              <h2>{f.name}</h2>
              <p className="muted">
                {name(facilityTypeByKey(f.type))} · {name(divisionByCode(f.divisionCode))} ·{" "}
                {t("facility.capacity", { capacity: formatTonnes(f.annualCapacityKg) })}
              </p>
              <p>
                {t("field.approvalNo")}: {f.approvalNo} ·{" "}
                {t("facility.expires", { date: f.approvalExpiresOn })}{" "}
                <StatusBadge status={f.approval} />
              </p>
              <p className="small">
                {f.acceptedClasses.map((c) => name(wasteClassByKey(c))).join(" · ")}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
