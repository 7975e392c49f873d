import { Link } from "react-router";
import { EmptyState, PageHeader } from "~/components/ui";
import { requireActor } from "~/domain/accounts/session.server";
import { milliToUnitsText } from "~/domain/products/quantity";
import { traceDelivery } from "~/domain/products/trace.server";
import { materialByKey, wasteClassByKey } from "~/domain/reference/lookup";
import { productUnits } from "~/domain/reference/products";
import { formatDateTime, formatTonnes } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { orRespond, routeId } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/delivery.trace";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "trace.title");

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const deliveryId = routeId(params.deliveryId);
  return orRespond(() => traceDelivery(actor, deliveryId));
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
        <li>
          <span className="chain__step">{t("trace.project")}</span>
          <strong>{project.name}</strong>
        </li>
        <li>
          <span className="chain__step">{t("trace.delivery")}</span>
          {milliToUnitsText(delivery.quantityMilli)} {unit} · {delivery.vehiclePlate} ·{" "}
          {formatDateTime(locale, delivery.deliveredAt)}
        </li>
        <li>
          <span className="chain__step">{t("trace.order")}</span>
          <Link to={`/product-orders/${order.id}`}>#{order.id}</Link> · {product.name} (
          {product.standard})
        </li>
        <li>
          <span className="chain__step">{t("trace.batch")}</span>
          {batch ? (
            <>
              {batch.batchNo} · {batch.producedOn} ·{" "}
              {t("trace.batchInput", { input: formatTonnes(batch.inputKg) })}
              {batch.testReportFile ? (
                <>
                  {" "}
                  · <a href={`/files/${batch.testReportFile}`}>{t("batch.openReport")}</a>
                </>
              ) : null}
            </>
          ) : (
            <span className="muted">{t("trace.noBatch")}</span>
          )}
        </li>
        <li>
          <span className="chain__step">{t("trace.facility")}</span>
          {facility?.name ?? "—"} {facility ? `· ${facility.approvalNo}` : ""}
        </li>
        <li>
          <span className="chain__step">{t("trace.sources")}</span>
          {sources.length === 0 ? (
            <EmptyState title="trace.noSources" />
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{t("field.manifestNo")}</th>
                    <th>{t("field.receivedAt")}</th>
                    <th className="num">{t("trace.drawn")}</th>
                    <th>{t("field.wasteClass")}</th>
                    <th>{t("trace.sourceSite")}</th>
                  </tr>
                </thead>
                <tbody>
                  {sources.map((s) => (
                    <tr key={s.manifest.id}>
                      <td>{s.manifest.manifestNo}</td>
                      <td>{formatDateTime(locale, s.manifest.receivedAt)}</td>
                      <td className="num">{formatTonnes(s.kg)}</td>
                      <td>
                        {name(wasteClassByKey(s.wasteClass))} · {name(materialByKey(s.material))}
                      </td>
                      <td>
                        {s.producerName} · {s.sourceProjectName}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </li>
      </ol>
    </>
  );
}
