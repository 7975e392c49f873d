import { Form, redirect } from "react-router";
import {
  CheckboxGroupField,
  FormAlert,
  formState,
  SelectField,
  SubmitButton,
  TextField,
} from "~/components/form";
import { PageHeader } from "~/components/ui";
import { authorize } from "~/domain/accounts/actor";
import { requireActor } from "~/domain/accounts/session.server";
import { createFacility } from "~/domain/facilities/facilities.server";
import { FacilityInput } from "~/domain/facilities/schemas";
import { divisions } from "~/domain/reference/divisions";
import { facilityTypes, materials, wasteClasses } from "~/domain/reference/waste";
import { useI18n } from "~/i18n/use-i18n";
import { formValues, parseForm } from "~/lib/forms";
import { attempt, invalidForm, orRespond } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/facilities.new";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "facilities.new");

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  orRespond(() => authorize(actor, "facility.manage"));
  return null;
}

export async function action({ request }: Route.ActionArgs) {
  const actor = await requireActor(request);
  const form = await request.formData();
  const parsed = parseForm(FacilityInput, form);
  if (!parsed.success) return invalidForm(parsed.fieldErrors, parsed.values);
  const result = await attempt(formValues(form), () => createFacility(actor, parsed.data));
  if (!result.ok) return result.response;
  return redirect("/facilities");
}

export default function NewFacility({ actionData }: Route.ComponentProps) {
  const { t, name } = useI18n();
  const state = formState(actionData);
  return (
    <div className="narrow">
      <PageHeader title={t("facilities.new")} />
      <Form method="post" className="card form" noValidate>
        <FormAlert state={state} />
        <TextField name="name" label="field.facilityName" state={state} required />
        <SelectField
          name="type"
          label="field.facilityType"
          state={state}
          placeholder={t("form.choose")}
          options={facilityTypes.map((f) => ({ value: f.key, label: name(f) }))}
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
          <TextField name="lat" label="field.lat" state={state} inputMode="decimal" required />
          <TextField name="lon" label="field.lon" state={state} inputMode="decimal" required />
        </div>
        <CheckboxGroupField
          name="acceptedClasses"
          label="field.acceptedClasses"
          state={state}
          options={wasteClasses.map((c) => ({ value: c.key, label: name(c) }))}
        />
        <CheckboxGroupField
          name="acceptedMaterials"
          label="field.acceptedMaterials"
          state={state}
          options={materials.map((m) => ({ value: m.key, label: name(m) }))}
        />
        <TextField
          name="annualCapacityKg"
          label="field.annualCapacityTonnes"
          state={state}
          inputMode="decimal"
          required
        />
        <div className="field-row">
          <TextField name="approvalNo" label="field.approvalNo" state={state} required />
          <TextField
            name="approvalExpiresOn"
            type="date"
            label="field.approvalExpiresOn"
            state={state}
            required
          />
        </div>
        <SubmitButton>{t("facilities.create")}</SubmitButton>
      </Form>
    </div>
  );
}
