import { Form, Link, redirect } from "react-router";
import { AlertBadge, AlertDetail, AlertTimes } from "~/components/alerts";
import {
  FormAlert,
  formState,
  SelectField,
  SubmitButton,
  TextAreaField,
  TextField,
} from "~/components/form";
import { Definition, PageHeader, StatusBadge } from "~/components/ui";
import { can } from "~/domain/access/permissions";
import { requireActor } from "~/domain/accounts/session.server";
import { getManifest, receiveManifest, voidManifest } from "~/domain/manifests/manifests.server";
import { ReceiptInput, VoidInput } from "~/domain/manifests/schemas";
import { manifestTransitions } from "~/domain/manifests/status";
import { divisionByCode, materialByKey, wasteClassByKey } from "~/domain/reference/lookup";
import { canTransition } from "~/domain/state-machine";
import { formatDateTime, formatNumber, formatTonnes } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { formValues, parseForm } from "~/lib/forms";
import { attempt, invalidForm, orRespond, routeId } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/manifest";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "manifest.title");

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const manifestId = routeId(params.manifestId);
  return await orRespond(async () => {
    const view = await getManifest(actor, manifestId);
    return {
      ...view,
      canReceive: view.party === "recycler" && can(actor, "manifest.receive"),
      canVoid: view.party === "producer" && can(actor, "manifest.void"),
    };
  });
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireActor(request);
  const manifestId = routeId(params.manifestId);
  const form = await request.formData();
  if (form.get("intent") === "void") {
    const parsed = parseForm(VoidInput, form);
    if (!parsed.success) return invalidForm(parsed.fieldErrors, parsed.values);
    const result = await attempt(
      formValues(form),
      async () => await voidManifest(actor, manifestId, parsed.data),
    );
    if (!result.ok) return result.response;
    return redirect(`/manifests/${manifestId}`);
  }
  const parsed = parseForm(ReceiptInput, form);
  if (!parsed.success) return invalidForm(parsed.fieldErrors, parsed.values);
  const result = await attempt(
    formValues(form),
    async () => await receiveManifest(actor, manifestId, parsed.data),
  );
  if (!result.ok) return result.response;
  return redirect(`/manifests/${manifestId}`);
}

export default function ManifestPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t, name, locale } = useI18n();
  const state = formState(actionData);
  // Two forms post here; each shows only the errors of its own submission.
  const voidState = state?.values.intent === "void" ? state : undefined;
  const receiptState = voidState ? undefined : state;
  const { manifest: m, project, facility, producer, recycler, alerts } = loaderData;
  const dispatched = m.status === "dispatched";
  return (
    <>
      <PageHeader
        title={`${t("manifest.title")} ${m.manifestNo}`}
        subtitle={`${m.vehiclePlate} · ${name(wasteClassByKey(m.wasteClass))}`}
        actions={<StatusBadge status={m.status} />}
      />
      {alerts.length > 0 ? (
        <section className="card card--alert" aria-labelledby="manifest-alerts">
          <h2 id="manifest-alerts">{t("manifest.alerts")}</h2>
          <ul className="alert-list">
            {alerts.map((alert) => (
              <li key={alert.id}>
                <AlertBadge alert={alert} /> <AlertDetail alert={alert} />
                <div className="muted small">
                  <AlertTimes alert={alert} />
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p className="page-links">
        <Link to={`/manifests/${m.id}/print`}>{t("manifest.print")}</Link>
      </p>
      <div className="grid-2">
        <section className="card">
          <h2>{t("manifest.trip")}</h2>
          <dl className="dl">
            <Definition term="field.producer">{producer.name}</Definition>
            <Definition term="field.project">
              {project.name} · {name(divisionByCode(m.divisionCode))}
            </Definition>
            <Definition term="field.material">
              {name(materialByKey(loaderData.material))}
            </Definition>
            <Definition term="field.recycler">{recycler.name}</Definition>
            <Definition term="field.facility">{facility.name}</Definition>
            <Definition term="field.vehiclePlate">{m.vehiclePlate}</Definition>
            <Definition term="field.driverName">{m.driverName}</Definition>
            <Definition term="field.hauler">{m.hauler}</Definition>
            <Definition term="field.estimated">{formatTonnes(m.estimatedKg)}</Definition>
            <Definition term="field.dispatchedAt">
              {formatDateTime(locale, m.dispatchedAt)}
            </Definition>
          </dl>
        </section>
        {dispatched ? (
          loaderData.canReceive ? (
            <section className="card card--receipt">
              <h2>{t("receipt.title")}</h2>
              <Form method="post" className="form" noValidate>
                <FormAlert state={receiptState} />
                <TextField
                  name="weighbridgeTicket"
                  label="field.weighbridgeTicket"
                  state={receiptState}
                  required
                />
                <div className="field-row">
                  <TextField
                    name="grossKg"
                    label="field.grossKg"
                    state={receiptState}
                    inputMode="numeric"
                    required
                  />
                  <TextField
                    name="tareKg"
                    label="field.tareKg"
                    state={receiptState}
                    inputMode="numeric"
                    required
                  />
                </div>
                <SelectField
                  name="decision"
                  label="field.decision"
                  state={receiptState}
                  defaultValue="accept"
                  options={[
                    { value: "accept", label: t("receipt.accept") },
                    { value: "reject", label: t("receipt.reject") },
                  ]}
                />
                <TextField
                  name="rejectReason"
                  label="field.rejectReason"
                  state={receiptState}
                  hint={t("field.rejectReasonHint")}
                />
                <SubmitButton>{t("receipt.submit")}</SubmitButton>
              </Form>
            </section>
          ) : (
            <section className="card">
              <p className="muted">{t("manifest.awaitingReceipt")}</p>
            </section>
          )
        ) : m.status === "voided" ? (
          <section className="card">
            <h2>{t("manifest.voided")}</h2>
            <dl className="dl">
              <Definition term="field.voidedAt">{formatDateTime(locale, m.voidedAt)}</Definition>
              <Definition term="field.voidReason">{m.voidReason}</Definition>
            </dl>
          </section>
        ) : (
          <section className="card">
            <h2>{t("manifest.receipt")}</h2>
            <dl className="dl">
              <Definition term="field.weighbridgeTicket">{m.weighbridgeTicket ?? "—"}</Definition>
              <Definition term="field.grossKg">
                {m.grossKg === null ? "—" : `${formatNumber(locale, m.grossKg)} kg`}
              </Definition>
              <Definition term="field.tareKg">
                {m.tareKg === null ? "—" : `${formatNumber(locale, m.tareKg)} kg`}
              </Definition>
              <Definition term="field.net">
                <strong>{m.netKg === null ? "—" : formatTonnes(m.netKg)}</strong>
              </Definition>
              <Definition term="field.receivedAt">
                {formatDateTime(locale, m.receivedAt)}
              </Definition>
              {m.rejectReason ? (
                <Definition term="field.rejectReason">{m.rejectReason}</Definition>
              ) : null}
            </dl>
          </section>
        )}
      </div>
      {loaderData.canVoid && canTransition(manifestTransitions, m.status, "voided") ? (
        <section className="card card--danger-zone">
          <h2>{t("void.title")}</h2>
          <Form method="post" className="form" noValidate>
            <FormAlert state={voidState} />
            <TextAreaField
              name="voidReason"
              label="field.voidReason"
              state={voidState}
              hint={t("void.hint")}
              rows={2}
            />
            <div className="form__actions">
              <SubmitButton name="intent" value="void" variant="danger">
                {t("void.submit")}
              </SubmitButton>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  );
}
