import { Link } from "react-router";
import { EmptyState, PageHeader, StatusBadge } from "~/components/ui";
import { can } from "~/domain/access/permissions";
import { requireActor } from "~/domain/accounts/session.server";
import {
  approvalDaysLeft,
  approvalStatus,
  listMyFacilities,
} from "~/domain/facilities/facilities.server";
import { divisionByCode, facilityTypeByKey, wasteClassByKey } from "~/domain/reference/lookup";
import { formatTonnes, formatYuan } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { orRespond } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/facilities";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "facilities.title");

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  return {
    facilities: (await orRespond(async () => await listMyFacilities(actor))).map((f) => ({
      ...f,
      approval: approvalStatus(f),
      daysLeft: approvalDaysLeft(f),
    })),
    canManage: can(actor, "facility.manage"),
  };
}

export default function Facilities({ loaderData }: Route.ComponentProps) {
  const { t, name } = useI18n();
  return (
    <>
      <PageHeader
        title={t("facilities.title")}
        actions={
          loaderData.canManage ? (
            <Link className="button button--primary" to="/facilities/new">
              {t("facilities.new")}
            </Link>
          ) : null
        }
      />
      {loaderData.facilities.length === 0 ? (
        <EmptyState title="facilities.empty" body="facilities.emptyBody" />
      ) : (
        <ul className="cards">
          {loaderData.facilities.map((f) => (
            <li key={f.id} className="card card--link">
              <Link to={`/facilities/${f.id}`}>
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
                {f.approval === "expired" ? (
                  <p className="facility-warning facility-warning--expired">
                    {t("facility.expiredShort")}
                  </p>
                ) : f.approval === "expiring" ? (
                  <p className="facility-warning">
                    {t("facility.expiringShort", { days: f.daysLeft })}
                  </p>
                ) : null}
                <p className="small">
                  {t("matching.gateFee")} {formatYuan(f.gateFeeFenPerTonne)}/t ·{" "}
                  {f.acceptedClasses.map((c) => name(wasteClassByKey(c))).join(" · ")}
                </p>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
