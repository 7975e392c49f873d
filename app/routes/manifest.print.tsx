import QRCode from "qrcode";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { Definition, StatusBadge } from "~/components/ui";
import { requireActor } from "~/domain/accounts/session.server";
import { getManifest } from "~/domain/manifests/manifests.server";
import {
  divisionByCode,
  facilityTypeByKey,
  materialByKey,
  wasteClassByKey,
} from "~/domain/reference/lookup";
import { formatDateTime, formatNumber, formatTonnes } from "~/i18n/format";
import type { Locale } from "~/i18n/locale";
import { useI18n } from "~/i18n/use-i18n";
import { orRespond, routeId } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/manifest.print";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "manifest.printTitle");

/**
 * The address the QR code carries: this server as the browser reached it. Behind a TLS proxy the
 * request arrives over plain http, so the proxy's X-Forwarded-Proto decides the scheme.
 */
function manifestUrl(request: Request, manifestId: number): string {
  const url = new URL(`/manifests/${manifestId}`, request.url);
  if (request.headers.get("x-forwarded-proto") === "https") url.protocol = "https:";
  return url.href;
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const manifestId = routeId(params.manifestId);
  const view = await orRespond(async () => await getManifest(actor, manifestId));
  const url = manifestUrl(request, manifestId);
  // Drawn on the server as SVG and inlined as a data: URL: sharp at any print size, nothing to
  // fetch or run, and no markup injected into the page.
  const svg = await QRCode.toString(url, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { ...view, url, qrSrc: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` };
}

function kg(locale: Locale, value: number | null) {
  return value === null ? "—" : `${formatNumber(locale, value)} kg`;
}

export default function ManifestPrint({ loaderData }: Route.ComponentProps) {
  const { t, name, locale } = useI18n();
  const { manifest: m, project, facility, producer, recycler, material, url, qrSrc } = loaderData;
  // Printing needs the browser's script; without it the button would do nothing, so it waits.
  const [scripted, setScripted] = useState(false);
  useEffect(() => setScripted(true), []);
  return (
    <article className="print-doc">
      <p className="print-doc__tools no-print">
        <Link to={`/manifests/${m.id}`}>{t("manifest.printBack")}</Link>
        {scripted ? (
          <button type="button" className="button button--primary" onClick={() => window.print()}>
            {t("manifest.printButton")}
          </button>
        ) : null}
      </p>
      <header className="print-doc__header">
        <div>
          <h1>{t("manifest.printTitle")}</h1>
          <p className="print-doc__no">
            {t("field.manifestNo")} <strong>{m.manifestNo}</strong>{" "}
            <StatusBadge status={m.status} />
          </p>
        </div>
        <figure className="print-doc__qr">
          <a href={url}>
            <img
              className="qr"
              src={qrSrc}
              alt={t("manifest.qrLabel", { manifestNo: m.manifestNo })}
              width={176}
              height={176}
            />
          </a>
          <figcaption>
            {t("manifest.qrHint")}
            <br />
            <span className="print-doc__url">{url}</span>
          </figcaption>
        </figure>
      </header>
      <section className="print-doc__section">
        <h2>{t("manifest.sectionProducer")}</h2>
        <dl className="dl">
          <Definition term="field.producer">{producer.name}</Definition>
          <Definition term="field.creditCode">{producer.creditCode}</Definition>
          <Definition term="field.project">
            {project.name} · {name(divisionByCode(project.divisionCode))}
          </Definition>
          <Definition term="field.permitNo">{project.permitNo}</Definition>
          <Definition term="field.address">{project.address}</Definition>
          <Definition term="field.wasteClass">{name(wasteClassByKey(m.wasteClass))}</Definition>
          <Definition term="field.material">{name(materialByKey(material))}</Definition>
        </dl>
      </section>
      <section className="print-doc__section">
        <h2>{t("manifest.sectionTransport")}</h2>
        <dl className="dl">
          <Definition term="field.hauler">{m.hauler}</Definition>
          <Definition term="field.vehiclePlate">{m.vehiclePlate}</Definition>
          <Definition term="field.driverName">{m.driverName}</Definition>
          <Definition term="field.estimated">{formatTonnes(m.estimatedKg)}</Definition>
          <Definition term="field.dispatchedAt">
            {formatDateTime(locale, m.dispatchedAt)}
          </Definition>
        </dl>
      </section>
      <section className="print-doc__section">
        <h2>{t("manifest.sectionReceiver")}</h2>
        <dl className="dl">
          <Definition term="field.recycler">{recycler.name}</Definition>
          <Definition term="field.creditCode">{recycler.creditCode}</Definition>
          <Definition term="field.facility">
            {facility.name} · {name(divisionByCode(facility.divisionCode))}
          </Definition>
          <Definition term="field.facilityType">
            {name(facilityTypeByKey(facility.type))}
          </Definition>
          <Definition term="field.address">{facility.address}</Definition>
          <Definition term="field.approvalNo">{facility.approvalNo}</Definition>
          <Definition term="field.approvalExpiresOn">{facility.approvalExpiresOn}</Definition>
        </dl>
      </section>
      <section className="print-doc__section">
        <h2>{t("manifest.sectionWeighing")}</h2>
        <dl className="dl">
          <Definition term="field.weighbridgeTicket">{m.weighbridgeTicket ?? "—"}</Definition>
          <Definition term="field.grossKg">{kg(locale, m.grossKg)}</Definition>
          <Definition term="field.tareKg">{kg(locale, m.tareKg)}</Definition>
          <Definition term="field.net">
            <strong>{m.netKg === null ? "—" : formatTonnes(m.netKg)}</strong>
          </Definition>
          <Definition term="field.receivedAt">{formatDateTime(locale, m.receivedAt)}</Definition>
          {m.rejectReason ? (
            <Definition term="field.rejectReason">{m.rejectReason}</Definition>
          ) : null}
          {m.voidReason ? (
            <>
              <Definition term="field.voidedAt">{formatDateTime(locale, m.voidedAt)}</Definition>
              <Definition term="field.voidReason">{m.voidReason}</Definition>
            </>
          ) : null}
        </dl>
      </section>
    </article>
  );
}
