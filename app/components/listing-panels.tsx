import { Form, Link } from "react-router";
import type { MassBalance } from "~/domain/listings/balance.server";
import { formatTonnes } from "~/i18n/format";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import { FormAlert, type FormState, SubmitButton, TextField } from "./form";

const balanceRows: [keyof MassBalance, MessageKey][] = [
  ["recycledKg", "listing.balanceRecycled"],
  ["backfilledKg", "listing.balanceBackfilled"],
  ["landfilledKg", "listing.balanceLandfilled"],
  ["transferredKg", "listing.balanceTransferred"],
  ["reservedKg", "listing.balanceReserved"],
  ["openKg", "listing.balanceOpen"],
  ["disposedOffPlatformKg", "listing.balanceOffPlatform"],
  ["notGeneratedKg", "listing.balanceNotGenerated"],
];

/** Where every tonne of the listing is; the rows add up to the listed quantity. */
export function MassBalancePanel({
  balance,
  destination,
}: {
  balance: MassBalance;
  destination: string;
}) {
  const { t } = useI18n();
  const rows = balanceRows.filter(([key]) => balance[key] !== 0);
  return (
    <section className="card" aria-labelledby="balance-title">
      <h2 id="balance-title">{t("listing.balance")}</h2>
      <table className="balance">
        <tbody>
          {rows.map(([key, label]) => (
            <tr key={key}>
              <th scope="row">
                {t(label)}
                {key === "disposedOffPlatformKg" && destination ? (
                  <span className="muted small">
                    {" "}
                    · {t("listing.offPlatformTo", { destination })}
                  </span>
                ) : null}
              </th>
              <td className="num" data-balance={key}>
                {formatTonnes(balance[key])}
              </td>
            </tr>
          ))}
          {balance.differenceKg !== 0 ? (
            <tr>
              <th scope="row">{t("listing.balanceDifference")}</th>
              <td className="num" data-balance="differenceKg">
                {formatTonnes(-balance.differenceKg)}
              </td>
            </tr>
          ) : null}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t("listing.balanceListed")}</th>
            <td className="num" data-balance="listedKg">
              <strong>{formatTonnes(balance.listedKg)}</strong>
            </td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
}

export function PhotosPanel({
  action,
  photos,
  canUpload,
  state,
}: {
  /** Where the upload form posts: the listing's or the product's page. */
  action: string;
  photos: readonly string[];
  canUpload: boolean;
  state: FormState;
}) {
  const { t } = useI18n();
  if (photos.length === 0 && !canUpload) return null;
  const error = state?.fieldErrors.photos;
  return (
    <section className="card" aria-labelledby="photos-title">
      <h2 id="photos-title">{t("listing.photos")}</h2>
      {photos.length === 0 ? (
        <p className="muted">{t("listing.noPhotos")}</p>
      ) : (
        <ul className="photos">
          {photos.map((fileName, index) => (
            <li key={fileName}>
              <a href={`/photos/${fileName}`}>
                <img
                  src={`/photos/${fileName}`}
                  alt={t("listing.photoAlt", { n: index + 1 })}
                  loading="lazy"
                />
              </a>
            </li>
          ))}
        </ul>
      )}
      {canUpload ? (
        <Form method="post" encType="multipart/form-data" action={action} className="form">
          <div className={error ? "field field--error" : "field"}>
            <label htmlFor="f-photos">{t("listing.addPhotos")}</label>
            <input
              id="f-photos"
              name="photos"
              type="file"
              accept="image/jpeg,image/png,image/webp"
              capture="environment"
              multiple
              aria-describedby="f-photos-hint"
            />
            <p className="field__hint" id="f-photos-hint">
              {t("listing.photosHint")}
            </p>
            {error ? (
              <p className="field__error" role="alert">
                {t(error)}
              </p>
            ) : null}
          </div>
          <SubmitButton name="intent" value="photos" variant="secondary">
            {t("listing.addPhotos")}
          </SubmitButton>
        </Form>
      ) : null}
    </section>
  );
}

/** Edit, withdraw and close out: the producer's controls for a listing's end of life. */
export function OwnerPanel({
  listingId,
  status,
  unmovedKg,
  state,
}: {
  listingId: number;
  status: string;
  unmovedKg: number;
  state: FormState;
}) {
  const { t } = useI18n();
  const editable = status === "draft" || status === "open";
  const closable = status === "open" || status === "expired";
  if (!editable && !closable) return null;
  return (
    <section className="card" aria-labelledby="owner-title">
      <h2 id="owner-title">{t("listing.manage")}</h2>
      <FormAlert state={state} />
      {editable ? (
        <div className="inline-actions">
          <Link className="button button--secondary" to={`/listings/${listingId}/edit`}>
            {t("listing.edit")}
          </Link>
          <Form method="post">
            <SubmitButton name="intent" value="cancel" variant="danger">
              {t("listing.cancel")}
            </SubmitButton>
          </Form>
        </div>
      ) : null}
      {editable ? <p className="muted small">{t("listing.cancelHint")}</p> : null}
      {closable ? (
        <details className="close-out" open={state?.values.intent === "close"}>
          <summary>{t("listing.closeOut")}</summary>
          <Form method="post" className="form" noValidate>
            <p className="muted">
              {t("listing.closeOutHint", { unmoved: formatTonnes(unmovedKg) })}
            </p>
            <TextField
              name="disposedOffPlatformKg"
              label="field.disposedOffPlatform"
              state={state}
              inputMode="decimal"
              defaultValue="0"
            />
            <TextField
              name="offPlatformDestination"
              label="field.offPlatformDestination"
              state={state}
            />
            <TextField name="closeNote" label="field.closeNote" state={state} />
            <SubmitButton name="intent" value="close" variant="danger">
              {t("listing.closeSubmit")}
            </SubmitButton>
          </Form>
        </details>
      ) : null}
    </section>
  );
}
