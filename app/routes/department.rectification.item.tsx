import { Form, Link, redirect } from "react-router";
import { FormAlert, formState, SubmitButton, TextAreaField } from "~/components/form";
import { ItemDetails, RectificationHistory } from "~/components/rectification";
import { PageHeader } from "~/components/ui";
import { requireActor } from "~/domain/accounts/session.server";
import { getItem, verifyItem } from "~/domain/department/rectification.server";
import { VerifyInput } from "~/domain/department/schemas";
import { useI18n } from "~/i18n/use-i18n";
import { formValues, parseForm } from "~/lib/forms";
import { attempt, invalidForm, orRespond, routeId } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/department.rectification.item";

export const meta: Route.MetaFunction = ({ matches, data }) =>
  pageTitle(matches, "rectification.itemNo", { id: data?.item.id ?? "" });

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const itemId = routeId(params.itemId);
  return await orRespond(async () => await getItem(actor, itemId, "department"));
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireActor(request);
  const itemId = routeId(params.itemId);
  const form = await request.formData();
  const parsed = parseForm(VerifyInput, form);
  if (!parsed.success) return invalidForm(parsed.fieldErrors, parsed.values);
  const result = await attempt(
    formValues(form),
    async () => await verifyItem(actor, itemId, parsed.data),
  );
  return result.ok ? redirect(`/department/rectification/${itemId}`) : result.response;
}

export default function DepartmentItem({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useI18n();
  const state = formState(actionData);
  const item = loaderData;
  return (
    <>
      <PageHeader
        title={t("rectification.itemNo", { id: item.item.id })}
        subtitle={item.targetName}
        actions={<Link to="/department/rectification">{t("rectification.backToRegister")}</Link>}
      />
      <ItemDetails item={item} />
      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">{t("rectification.history")}</h2>
        <RectificationHistory events={item.events} />
      </section>
      {item.canVerify ? (
        <section className="card narrow" aria-labelledby="verify-title">
          <h2 id="verify-title">{t("rectification.verify")}</h2>
          <Form method="post" className="form" noValidate>
            <FormAlert state={state} />
            <TextAreaField
              name="note"
              label="rectification.verifyNote"
              state={state}
              hint={t("rectification.verifyNoteHint")}
            />
            <div className="button-row">
              <SubmitButton name="decision" value="close">
                {t("rectification.close")}
              </SubmitButton>
              <SubmitButton name="decision" value="reopen" variant="secondary">
                {t("rectification.reopen")}
              </SubmitButton>
            </div>
          </Form>
        </section>
      ) : (
        <>
          <FormAlert state={state} />
          {item.item.status === "open" || item.item.status === "reopened" ? (
            <p className="muted small">{t("rectification.awaitingResponse")}</p>
          ) : null}
        </>
      )}
    </>
  );
}
