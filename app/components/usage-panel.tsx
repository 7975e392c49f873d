import { Form, Link } from "react-router";
import { materialClasses } from "~/domain/reference/products";
import type { ClassUsage } from "~/domain/usage/usage.server";
import { formatRate, formatTonnes, formatYuan } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { FormAlert, type FormState, SelectField, SubmitButton, TextField } from "./form";
import { EmptyState, TableScroll } from "./ui";

const gramsAsTonnes = (grams: number) => formatTonnes(Math.round(grams / 1000));

/** A project's recycled-product usage rate per material class, and its compliance. */
export function UsagePanel({
  classes,
  governmentInvested,
  complies,
  targetPercent,
}: {
  classes: readonly ClassUsage[];
  governmentInvested: boolean;
  complies: boolean | null;
  targetPercent: number;
}) {
  const { t, name } = useI18n();
  return (
    <section className="card" aria-labelledby="usage-title">
      <h2 id="usage-title">{t("usage.title")}</h2>
      {governmentInvested ? (
        <p
          className={
            complies === false ? "alert alert--error" : complies ? "alert alert--ok" : "muted"
          }
          data-compliance={String(complies)}
        >
          {complies === null
            ? t("usage.notYetJudged", { target: targetPercent })
            : complies
              ? t("usage.complies", { target: targetPercent })
              : t("usage.doesNotComply", { target: targetPercent })}
        </p>
      ) : (
        <p className="muted small">{t("usage.notGovernment", { target: targetPercent })}</p>
      )}
      {classes.length === 0 ? (
        <EmptyState title="usage.empty" body="usage.emptyBody" />
      ) : (
        <TableScroll label={t("usage.title")} className="usage-table">
          <table>
            <thead>
              <tr>
                <th>{t("field.materialClass")}</th>
                <th className="num">{t("usage.total")}</th>
                <th className="num">{t("usage.delivered")}</th>
                <th className="num">{t("usage.offPlatform")}</th>
                <th className="num">{t("usage.rate")}</th>
                {governmentInvested ? (
                  <th>{t("usage.compliance", { target: targetPercent })}</th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {classes.map((c) => (
                <tr key={c.materialClass} data-class={c.materialClass}>
                  <th scope="row">
                    {name(materialClasses.find((m) => m.key === c.materialClass))}
                  </th>
                  <td className="num" data-label={t("usage.total")}>
                    {c.totalKg > 0 ? formatTonnes(c.totalKg) : "—"}
                  </td>
                  <td className="num" data-label={t("usage.delivered")} data-usage="delivered">
                    {gramsAsTonnes(c.deliveredGrams)}
                  </td>
                  <td className="num" data-label={t("usage.offPlatform")}>
                    {formatTonnes(c.offPlatformKg)}
                  </td>
                  <td className="num" data-label={t("usage.rate")} data-usage="rate">
                    <strong>{formatRate(c.rateBp)}</strong>
                  </td>
                  {governmentInvested ? (
                    <td data-label={t("usage.compliance", { target: targetPercent })}>
                      <span
                        className={`badge badge--${c.complies === null ? "grey" : c.complies ? "green" : "red"}`}
                      >
                        {c.complies === null
                          ? t("usage.notReported")
                          : c.complies
                            ? t("usage.ok")
                            : t("usage.missing", { missing: gramsAsTonnes(c.missingGrams) })}
                      </span>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

export function UsageReportForm({ month, state }: { month: string; state: FormState }) {
  const { t, name } = useI18n();
  const error = state?.fieldErrors.evidence;
  return (
    <details className="card" open={state !== undefined}>
      <summary>{t("usage.report")}</summary>
      <Form method="post" encType="multipart/form-data" className="form" noValidate>
        <FormAlert state={state} />
        <p className="muted small">{t("usage.reportHint")}</p>
        <div className="field-row">
          <SelectField
            name="materialClass"
            label="field.materialClass"
            state={state}
            options={materialClasses.map((c) => ({ value: c.key, label: name(c) }))}
          />
          <TextField
            name="month"
            type="month"
            label="field.month"
            state={state}
            defaultValue={month}
          />
        </div>
        <div className="field-row">
          <TextField name="totalKg" label="usage.totalTonnes" state={state} inputMode="decimal" />
          <TextField
            name="offPlatformRecycledKg"
            label="usage.offPlatformTonnes"
            state={state}
            inputMode="decimal"
            defaultValue="0"
          />
        </div>
        <div className={error ? "field field--error" : "field"}>
          <label htmlFor="f-evidence">{t("usage.evidence")}</label>
          <input
            id="f-evidence"
            name="evidence"
            type="file"
            accept="application/pdf,image/jpeg,image/png,image/webp"
          />
          <p className="field__hint">{t("usage.evidenceHint")}</p>
          {error ? (
            <p className="field__error" role="alert">
              {t(error)}
            </p>
          ) : null}
        </div>
        <TextField name="note" label="field.note" state={state} />
        <SubmitButton name="intent" value="report_use">
          {t("usage.submit")}
        </SubmitButton>
      </Form>
    </details>
  );
}

export function NearbyProducts({
  projectId,
  rows,
}: {
  projectId: number;
  rows: readonly {
    id: number;
    name: string;
    sellerName: string;
    km: number;
    deliveredFen: number;
    unit: string;
  }[];
}) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="nearby-title">
      <h2 id="nearby-title">{t("usage.nearby")}</h2>
      {rows.length === 0 ? (
        <p className="muted">{t("usage.nearbyEmpty")}</p>
      ) : (
        <ul className="plain-list">
          {rows.map((r) => (
            <li key={r.id}>
              <Link to={`/products/${r.id}?project=${projectId}`}>{r.name}</Link>
              <span className="muted small">
                {r.sellerName} · ≈ {r.km.toFixed(1)} km
              </span>
              <span className="small">
                {t("usage.deliveredPrice", { price: formatYuan(r.deliveredFen), unit: r.unit })}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p className="small">
        <Link to={`/products?project=${projectId}`}>{t("usage.browseAll")}</Link>
      </p>
    </section>
  );
}
