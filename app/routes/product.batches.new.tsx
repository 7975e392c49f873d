import { Form, redirect } from "react-router";
import { FormAlert, formState, SubmitButton, TextAreaField, TextField } from "~/components/form";
import { Definition, PageHeader } from "~/components/ui";
import { requireActor } from "~/domain/accounts/session.server";
import { now, shanghaiDate } from "~/domain/clock";
import { batchContext, recordBatch } from "~/domain/products/catalogue.server";
import { batchForm, onQuantityField } from "~/domain/products/schemas";
import { productUnits } from "~/domain/reference/products";
import { formatTonnes } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { formValues, parseForm } from "~/lib/forms";
import { attempt, invalidForm, orRespond, routeId } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/product.batches.new";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "batch.new");

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const productId = routeId(params.productId);
  return {
    ...(await orRespond(async () => await batchContext(actor, productId))),
    today: shanghaiDate(now()),
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireActor(request);
  const productId = routeId(params.productId);
  const form = await request.formData();
  // The quantity is typed in the product's unit.
  const context = await attempt(formValues(form), async () => await batchContext(actor, productId));
  if (!context.ok) return context.response;
  const parsed = parseForm(batchForm(context.value.product.unit), form);
  if (!parsed.success) return invalidForm(parsed.fieldErrors, parsed.values);
  const report = form.get("testReport");
  const file = report instanceof File && report.size > 0 ? report : null;
  const result = await attempt(
    formValues(form),
    async () =>
      await onQuantityField(async () => await recordBatch(actor, productId, parsed.data, file)),
  );
  if (!result.ok) return result.response;
  return redirect(`/products/${productId}`);
}

export default function NewBatch({ loaderData, actionData }: Route.ComponentProps) {
  const { t, name } = useI18n();
  const state = formState(actionData);
  const { product, intake, today } = loaderData;
  const reportError = state?.fieldErrors.testReport;
  return (
    <div className="narrow">
      <PageHeader title={t("batch.new")} subtitle={product.name} />
      <section className="card">
        <dl className="dl">
          <Definition term="batch.intakeReceived">{formatTonnes(intake.receivedKg)}</Definition>
          <Definition term="batch.intakeDrawn">{formatTonnes(intake.drawnKg)}</Definition>
          <Definition term="batch.intakeAvailable">
            <strong>{formatTonnes(Math.max(0, intake.availableKg))}</strong>
          </Definition>
        </dl>
        <p className="muted small">{t("batch.intakeHint")}</p>
      </section>
      <Form method="post" encType="multipart/form-data" className="card form" noValidate>
        <FormAlert state={state} />
        <div className="field-row">
          <TextField name="batchNo" label="field.batchNo" state={state} />
          <TextField
            name="producedOn"
            type="date"
            label="field.producedOn"
            state={state}
            defaultValue={today}
          />
        </div>
        <div className="field-row">
          <TextField
            name="quantity"
            label="field.quantity"
            state={state}
            inputMode="decimal"
            hint={t("batch.quantityHint", {
              unit: name(productUnits.find((u) => u.key === product.unit)),
            })}
          />
          <TextField name="inputKg" label="field.inputTonnes" state={state} inputMode="decimal" />
        </div>
        <TextAreaField name="testResults" label="field.testResults" state={state} />
        <div className={reportError ? "field field--error" : "field"}>
          <label htmlFor="f-testReport">{t("field.testReport")}</label>
          <input
            id="f-testReport"
            name="testReport"
            type="file"
            accept="application/pdf,image/jpeg,image/png,image/webp"
            aria-invalid={reportError ? true : undefined}
            aria-describedby={
              reportError ? "f-testReport-hint f-testReport-error" : "f-testReport-hint"
            }
          />
          <p className="field__hint" id="f-testReport-hint">
            {t("batch.reportHint")}
          </p>
          {reportError ? (
            <p className="field__error" id="f-testReport-error" role="alert">
              {t(reportError)}
            </p>
          ) : null}
        </div>
        <SubmitButton>{t("batch.create")}</SubmitButton>
      </Form>
    </div>
  );
}
