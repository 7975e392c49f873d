import { Link } from "react-router";
import { ApprovalNotice } from "~/components/facility";
import { Definition, PageHeader, StatusBadge } from "~/components/ui";
import { can } from "~/domain/access/permissions";
import { requireActor } from "~/domain/accounts/session.server";
import {
  approvalDaysLeft,
  approvalStatus,
  getMyFacility,
} from "~/domain/facilities/facilities.server";
import { listSubscriptions } from "~/domain/feedstock/subscriptions.server";
import { facilityBalance } from "~/domain/products/trace.server";
import {
  divisionByCode,
  facilityTypeByKey,
  materialByKey,
  wasteClassByKey,
} from "~/domain/reference/lookup";
import { formatTonnes, formatYuan } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { orRespond, routeId } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/facility";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "facility.title");

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const facilityId = routeId(params.facilityId);
  return await orRespond(async () => {
    const facility = await getMyFacility(actor, facilityId);
    return {
      facility,
      approval: approvalStatus(facility),
      daysLeft: approvalDaysLeft(facility),
      alerts: (await listSubscriptions(actor, facilityId)).length,
      balance: await facilityBalance(actor, facilityId),
      canManage: can(actor, "facility.manage"),
    };
  });
}

export default function FacilityPage({ loaderData }: Route.ComponentProps) {
  const { t, name } = useI18n();
  const { facility, approval, daysLeft, alerts, canManage, balance } = loaderData;
  return (
    <>
      <PageHeader
        title={facility.name}
        subtitle={`${name(facilityTypeByKey(facility.type))} · ${name(divisionByCode(facility.divisionCode))}`}
        actions={
          canManage ? (
            <Link className="button button--secondary" to={`/facilities/${facility.id}/edit`}>
              {t("facility.edit")}
            </Link>
          ) : null
        }
      />
      <ApprovalNotice
        approval={approval}
        expiresOn={facility.approvalExpiresOn}
        daysLeft={daysLeft}
      />
      <div className="grid-2">
        <section className="card">
          <dl className="dl">
            <Definition term="field.approvalNo">{facility.approvalNo}</Definition>
            <Definition term="field.approvalExpiresOn">
              {facility.approvalExpiresOn} <StatusBadge status={approval} />
            </Definition>
            <Definition term="field.gateFee">
              {formatYuan(facility.gateFeeFenPerTonne)}/t
            </Definition>
            <Definition term="field.annualCapacityTonnes">
              {formatTonnes(facility.annualCapacityKg)}
            </Definition>
            <Definition term="field.address">{facility.address}</Definition>
            <Definition term="facility.position">
              {facility.lat}, {facility.lon}
            </Definition>
          </dl>
        </section>
        <section className="card">
          <h2>{t("field.acceptedClasses")}</h2>
          <p>{facility.acceptedClasses.map((c) => name(wasteClassByKey(c))).join(" · ")}</p>
          <h2>{t("field.acceptedMaterials")}</h2>
          <p>{facility.acceptedMaterials.map((m) => name(materialByKey(m))).join(" · ")}</p>
          <h2>{t("feedstock.title")}</h2>
          <p>
            {t("feedstock.count", { count: alerts })}{" "}
            <Link to={`/facilities/${facility.id}/alerts`}>{t("feedstock.manage")}</Link>
          </p>
        </section>
      </div>
      <section className="card" aria-labelledby="facility-balance">
        <h2 id="facility-balance">{t("facility.balance")}</h2>
        <dl className="dl">
          <Definition term="facility.balanceReceived">
            <span data-balance="received">{formatTonnes(balance.receivedKg)}</span>
          </Definition>
          <Definition term="facility.balanceDrawn">
            <span data-balance="drawn">{formatTonnes(balance.drawnKg)}</span>
          </Definition>
          <Definition term="facility.balanceUndrawn">
            {formatTonnes(Math.max(0, balance.availableKg))}
          </Definition>
          <Definition term="facility.balanceOutput">
            {formatTonnes(Math.round(balance.outputGrams / 1000))}
          </Definition>
          <Definition term="facility.balanceStock">
            {formatTonnes(Math.round(balance.stockGrams / 1000))}
          </Definition>
        </dl>
        <p className="muted small">{t("facility.balanceHint", { batches: balance.batches })}</p>
      </section>
    </>
  );
}
