import { Form, Link, redirect } from "react-router";
import { FormAlert, formState, SubmitButton, TextAreaField } from "~/components/form";
import { ItemDetails, RectificationHistory } from "~/components/rectification";
import { PageHeader } from "~/components/ui";
import { requireActor } from "~/domain/accounts/session.server";
import { getItem, respondToItem } from "~/domain/department/rectification.server";
import { RespondInput } from "~/domain/department/schemas";
import { useI18n } from "~/i18n/use-i18n";
import { formValues, parseForm } from "~/lib/forms";
import { attempt, invalidForm, orRespond, routeId } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/rectification.item";

export const meta: Route.MetaFunction = ({ matches, data }) =>
  pageTitle(matches, "rectification.itemNo", { id: data?.item.id ?? "" });

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const itemId = routeId(params.itemId);
  // A department's link (e.g. from a notification) opens its own view of the item.
  if (actor.orgKind === "department") throw redirect(`/department/rectification/${itemId}`);
  return await orRespond(async () => await getItem(actor, itemId, "organisation"));
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireActor(request);
  const itemId = routeId(params.itemId);
  const form = await request.formData();
  const parsed = parseForm(RespondInput, form);
  if (!parsed.success) return invalidForm(parsed.fieldErrors, parsed.values);
  const evidence = form.get("evidence");
  const file = evidence instanceof File && evidence.size > 0 ? evidence : null;
  const result = await attempt(
    formValues(form),
    async () => await respondToItem(actor, itemId, parsed.data, file),
  );
  return result.ok ? redirect(`/rectification/${itemId}`) : result.response;
}

export default function OrganisationItem({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useI18n();
  const state = formState(actionData);
  const item = loaderData;
  const evidenceError = state?.fieldErrors.evidence;
  return (
    <>
      <PageHeader
        title={t("rectification.itemNo", { id: item.item.id })}
        subtitle={item.departmentName}
        actions={<Link to="/rectification">{t("rectification.backToMine")}</Link>}
      />
      <ItemDetails item={item} />
      {item.canRespond ? (
        <section className="card narrow" aria-labelledby="respond-title">
          <h2 id="respond-title">{t("rectification.respond")}</h2>
          <Form method="post" encType="multipart/form-data" className="form" noValidate>
            <FormAlert state={state} />
            <TextAreaField
              name="text"
              label="rectification.responseText"
              state={state}
              rows={5}
              required
            />
            <div className={evidenceError ? "field field--error" : "field"}>
              <label htmlFor="f-evidence">{t("rectification.evidenceFile")}</label>
              <input
                id="f-evidence"
                name="evidence"
                type="file"
                accept="application/pdf,image/jpeg,image/png,image/webp"
                aria-describedby="f-evidence-hint"
                aria-invalid={evidenceError ? true : undefined}
              />
              <p className="field__hint" id="f-evidence-hint">
                {t("rectification.evidenceFileHint")}
              </p>
              {evidenceError ? (
                <p className="field__error" role="alert">
                  {t(evidenceError)}
                </p>
              ) : null}
            </div>
            <SubmitButton>{t("rectification.respondSubmit")}</SubmitButton>
          </Form>
        </section>
      ) : (
        <FormAlert state={state} />
      )}
      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">{t("rectification.history")}</h2>
        <RectificationHistory events={item.events} />
      </section>
    </>
  );
}
