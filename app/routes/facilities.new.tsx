import { Form, redirect } from "react-router";
import { FacilityFields } from "~/components/facility";
import { FormAlert, formState, SubmitButton } from "~/components/form";
import { PageHeader } from "~/components/ui";
import { authorize } from "~/domain/access/actor";
import { requireActor } from "~/domain/accounts/session.server";
import { createFacility } from "~/domain/facilities/facilities.server";
import { FacilityInput } from "~/domain/facilities/schemas";
import { useI18n } from "~/i18n/use-i18n";
import { formValues, parseForm } from "~/lib/forms";
import { attempt, invalidForm, orRespond } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/facilities.new";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "facilities.new");

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  await orRespond(() => authorize(actor, "facility.manage"));
  return null;
}

export async function action({ request }: Route.ActionArgs) {
  const actor = await requireActor(request);
  const form = await request.formData();
  const parsed = parseForm(FacilityInput, form);
  if (!parsed.success) return invalidForm(parsed.fieldErrors, parsed.values);
  const result = await attempt(
    formValues(form),
    async () => await createFacility(actor, parsed.data),
  );
  if (!result.ok) return result.response;
  return redirect("/facilities");
}

export default function NewFacility({ actionData }: Route.ComponentProps) {
  const { t } = useI18n();
  const state = formState(actionData);
  return (
    <div className="narrow">
      <PageHeader title={t("facilities.new")} />
      <Form method="post" className="card form" noValidate>
        <FormAlert state={state} />
        <FacilityFields state={state} />
        <SubmitButton>{t("facilities.create")}</SubmitButton>
      </Form>
    </div>
  );
}
