import { Link } from "react-router";
import { PageHeader } from "~/components/ui";
import { can } from "~/domain/access/permissions";
import { requireActor } from "~/domain/accounts/session.server";
import { traceDelivery } from "~/domain/products/trace.server";
import { materialByKey, wasteClassByKey } from "~/domain/reference/lookup";
import { productUnits } from "~/domain/reference/products";
import { formatDateTime, formatTonnes, formatUnits } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { orRespond, routeId } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/delivery.trace";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "trace.title");

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const deliveryId = routeId(params.deliveryId);
  return await orRespond(async () => {
    const trace = await traceDelivery(actor, deliveryId);
    // A truck trip opens only for the two ends of it (usually the seller, who weighed it in).
    const readsManifests = can(actor, "order.read");
    return {
      ...trace,
      sources: trace.sources.map((s) => ({
        ...s,
        canOpen:
          readsManifests &&
          (s.manifest.recyclerOrgId === actor.orgId || s.manifest.producerOrgId === actor.orgId),
      })),
    };
  });
}

/** The chain, read from the building site back to the sites the waste came from. */
export default function Trace({ loaderData }: Route.ComponentProps) {
  const { t, name, locale } = useI18n();
  const { delivery, order, product, project, batch, facility, sources } = loaderData;
  const unit = name(productUnits.find((u) => u.key === product.unit));
  return (
    <>
      <PageHeader title={t("trace.title")} subtitle={t("trace.subtitle")} />
      <ol className="chain">
        <li data-step="project">
          <span className="chain__step">{t("trace.project")}</span>
          <div className="chain__body">
            <strong>{project.name}</strong>
            <span className="muted small">{project.address}</span>
          </div>
        </li>
        <li data-step="delivery">
          <span className="chain__step">{t("trace.delivery")}</span>
          <div className="chain__body">
            <strong>
              {formatUnits(delivery.quantityMilli)} {unit} · {delivery.vehiclePlate}
            </strong>
            <span className="muted small">
              {t("delivery.deliveredOn", { at: formatDateTime(locale, delivery.deliveredAt) })} ·{" "}
              {delivery.confirmedAt
                ? t("delivery.confirmedOn", { at: formatDateTime(locale, delivery.confirmedAt) })
                : t("trace.notConfirmed")}
            </span>
          </div>
        </li>
        <li data-step="order">
          <span className="chain__step">{t("trace.order")}</span>
          <div className="chain__body">
            <strong>
              <Link to={`/product-orders/${order.id}`}>#{order.id}</Link> · {product.name}
            </strong>
            <span className="muted small">{product.standard}</span>
          </div>
        </li>
        <li data-step="batch">
          <span className="chain__step">{t("trace.batch")}</span>
          <div className="chain__body">
            {batch ? (
              <>
                <strong>{batch.batchNo}</strong>
                <span className="muted small">
                  {t("trace.producedOn", { date: batch.producedOn })} ·{" "}
                  {t("trace.batchInput", { input: formatTonnes(batch.inputKg) })}
                </span>
                {batch.testReportFile ? (
                  <a className="small" href={`/files/${batch.testReportFile}`}>
                    {t("batch.openReport")}
                  </a>
                ) : null}
              </>
            ) : (
              <span className="muted">{t("trace.noBatch")}</span>
            )}
          </div>
        </li>
        <li data-step="facility">
          <span className="chain__step">{t("trace.facility")}</span>
          <div className="chain__body">
            <strong>{facility?.name ?? "—"}</strong>
            {facility ? (
              <span className="muted small">
                {t("trace.approval", { approval: facility.approvalNo })}
              </span>
            ) : null}
          </div>
        </li>
        <li data-step="sources">
          <span className="chain__step">{t("trace.sources")}</span>
          <div className="chain__body">
            {!batch ? (
              <span className="muted">{t("trace.chainStops")}</span>
            ) : sources.length === 0 ? (
              <span className="muted">{t("trace.noSources")}</span>
            ) : (
              <ul className="plain-list">
                {sources.map((s) => (
                  <li key={s.manifest.id} data-manifest={s.manifest.manifestNo}>
                    <span>
                      <strong className="chain__manifest">
                        {s.canOpen ? (
                          <Link to={`/manifests/${s.manifest.id}`}>{s.manifest.manifestNo}</Link>
                        ) : (
                          s.manifest.manifestNo
                        )}
                      </strong>{" "}
                      · <span className="chain__drawn">{formatTonnes(s.kg)}</span>{" "}
                      <span className="muted small">{t("trace.drawnIntoBatch")}</span>
                    </span>
                    <span className="small">
                      {name(wasteClassByKey(s.wasteClass))} · {name(materialByKey(s.material))}
                    </span>
                    <span className="muted small">
                      {t("trace.fromSite", { org: s.producerName, site: s.sourceProjectName })} ·{" "}
                      {t("trace.receivedAt", {
                        at: formatDateTime(locale, s.manifest.receivedAt),
                      })}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </li>
      </ol>
    </>
  );
}
