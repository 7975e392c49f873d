import { Form, redirect } from "react-router";
import {
  CheckboxField,
  FormAlert,
  formState,
  SelectField,
  SubmitButton,
  TextField,
} from "~/components/form";
import { PageHeader } from "~/components/ui";
import { authorize } from "~/domain/access/actor";
import { requireActor } from "~/domain/accounts/session.server";
import { createProject } from "~/domain/projects/projects.server";
import { ProjectInput } from "~/domain/projects/schemas";
import { divisions } from "~/domain/reference/divisions";
import { projectKinds } from "~/domain/reference/waste";
import { useI18n } from "~/i18n/use-i18n";
import { formValues, parseForm } from "~/lib/forms";
import { attempt, invalidForm, orRespond } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/projects.new";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "projects.new");

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  await orRespond(() => authorize(actor, "project.create"));
  return null;
}

export async function action({ request }: Route.ActionArgs) {
  const actor = await requireActor(request);
  const form = await request.formData();
  const parsed = parseForm(ProjectInput, form);
  if (!parsed.success) return invalidForm(parsed.fieldErrors, parsed.values);
  const result = await attempt(
    formValues(form),
    async () => await createProject(actor, parsed.data),
  );
  if (!result.ok) return result.response;
  return redirect(`/projects/${result.value.id}`);
}

export default function NewProject({ actionData }: Route.ComponentProps) {
  const { t, name } = useI18n();
  const state = formState(actionData);
  return (
    <div className="narrow">
      <PageHeader title={t("projects.new")} />
      <Form method="post" className="card form" noValidate>
        <FormAlert state={state} />
        <TextField name="name" label="field.projectName" state={state} required />
        <TextField
          name="permitNo"
          label="field.permitNo"
          state={state}
          hint={t("field.permitNoHint")}
          required
        />
        <SelectField
          name="kind"
          label="field.projectKind"
          state={state}
          placeholder={t("form.choose")}
          options={projectKinds.map((k) => ({ value: k.key, label: name(k) }))}
          required
        />
        <SelectField
          name="divisionCode"
          label="field.division"
          state={state}
          placeholder={t("form.choose")}
          options={divisions.map((d) => ({ value: d.code, label: name(d) }))}
          required
        />
        <TextField name="address" label="field.address" state={state} required />
        <div className="field-row">
          <TextField
            name="lat"
            label="field.lat"
            state={state}
            inputMode="decimal"
            placeholder="30.6595"
            required
          />
          <TextField
            name="lon"
            label="field.lon"
            state={state}
            inputMode="decimal"
            placeholder="104.0657"
            required
          />
        </div>
        <TextField
          name="grossFloorAreaM2"
          label="field.grossFloorArea"
          state={state}
          inputMode="numeric"
          defaultValue="0"
        />
        <div className="field-row">
          <TextField name="startsOn" type="date" label="field.startsOn" state={state} required />
          <TextField name="endsOn" type="date" label="field.endsOn" state={state} />
        </div>
        <CheckboxField name="governmentInvested" label="project.governmentInvested" state={state} />
        <SubmitButton>{t("projects.create")}</SubmitButton>
      </Form>
    </div>
  );
}
