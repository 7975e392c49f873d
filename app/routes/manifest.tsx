import { Form, redirect } from "react-router";
import { FormAlert, formState, SelectField, SubmitButton, TextField } from "~/components/form";
import { Definition, PageHeader, StatusBadge } from "~/components/ui";
import { can } from "~/domain/accounts/permissions";
import { requireActor } from "~/domain/accounts/session.server";
import { getManifest, receiveManifest } from "~/domain/manifests/manifests.server";
import { ReceiptInput } from "~/domain/manifests/schemas";
import { divisionByCode, wasteClassByKey } from "~/domain/reference/lookup";
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
  return orRespond(() => {
    const view = getManifest(actor, manifestId);
    return { ...view, canReceive: view.party === "recycler" && can(actor, "manifest.receive") };
  });
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireActor(request);
  const manifestId = routeId(params.manifestId);
  const form = await request.formData();
  const parsed = parseForm(ReceiptInput, form);
  if (!parsed.success) return invalidForm(parsed.fieldErrors, parsed.values);
  const result = await attempt(formValues(form), () =>
    receiveManifest(actor, manifestId, parsed.data),
  );
  if (!result.ok) return result.response;
  return redirect(`/manifests/${manifestId}`);
}

export default function ManifestPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t, name, locale } = useI18n();
  const state = formState(actionData);
  const { manifest: m, projectName, facilityName, producerName } = loaderData;
  return (
    <>
      <PageHeader
        title={`${t("manifest.title")} ${m.manifestNo}`}
        subtitle={`${m.vehiclePlate} · ${name(wasteClassByKey(m.wasteClass))}`}
        actions={<StatusBadge status={m.status} />}
      />
      <div className="grid-2">
        <section className="card">
          <h2>{t("manifest.trip")}</h2>
          <dl className="dl">
            <Definition term="field.producer">{producerName}</Definition>
            <Definition term="field.project">
              {projectName} · {name(divisionByCode(m.divisionCode))}
            </Definition>
            <Definition term="field.facility">{facilityName}</Definition>
            <Definition term="field.vehiclePlate">{m.vehiclePlate}</Definition>
            <Definition term="field.driverName">{m.driverName}</Definition>
            <Definition term="field.hauler">{m.hauler}</Definition>
            <Definition term="field.estimated">{formatTonnes(m.estimatedKg)}</Definition>
            <Definition term="field.dispatchedAt">
              {formatDateTime(locale, m.dispatchedAt)}
            </Definition>
          </dl>
        </section>
        {m.status === "dispatched" ? (
          loaderData.canReceive ? (
            <section className="card">
              <h2>{t("receipt.title")}</h2>
              <Form method="post" className="form" noValidate>
                <FormAlert state={state} />
                <TextField
                  name="weighbridgeTicket"
                  label="field.weighbridgeTicket"
                  state={state}
                  required
                />
                <div className="field-row">
                  <TextField
                    name="grossKg"
                    label="field.grossKg"
                    state={state}
                    inputMode="numeric"
                    required
                  />
                  <TextField
                    name="tareKg"
                    label="field.tareKg"
                    state={state}
                    inputMode="numeric"
                    required
                  />
                </div>
                <SelectField
                  name="decision"
                  label="field.decision"
                  state={state}
                  defaultValue="accept"
                  options={[
                    { value: "accept", label: t("receipt.accept") },
                    { value: "reject", label: t("receipt.reject") },
                  ]}
                />
                <TextField
                  name="rejectReason"
                  label="field.rejectReason"
                  state={state}
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
    </>
  );
}
