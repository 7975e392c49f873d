import { Form, redirect } from "react-router";
import {
  FormAlert,
  formState,
  SelectField,
  SubmitButton,
  TextAreaField,
  TextField,
} from "~/components/form";
import { PageHeader } from "~/components/ui";
import { authorize } from "~/domain/access/actor";
import { requireActor } from "~/domain/accounts/session.server";
import { now, shanghaiDate } from "~/domain/clock";
import { createListing } from "~/domain/listings/listings.server";
import { ListingInput } from "~/domain/listings/schemas";
import { getMyProject } from "~/domain/projects/projects.server";
import { materials, wasteClasses } from "~/domain/reference/waste";
import { useI18n } from "~/i18n/use-i18n";
import { formValues, parseForm } from "~/lib/forms";
import { attempt, invalidForm, orRespond, routeId } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/listings.new";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "listings.new");

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const projectId = routeId(params.projectId);
  return await orRespond(async () => {
    authorize(actor, "listing.create");
    return { project: await getMyProject(actor, projectId), today: shanghaiDate(now()) };
  });
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireActor(request);
  const form = await request.formData();
  form.set("projectId", String(routeId(params.projectId)));
  const parsed = parseForm(ListingInput, form);
  if (!parsed.success) return invalidForm(parsed.fieldErrors, parsed.values);
  const result = await attempt(
    formValues(form),
    async () => await createListing(actor, parsed.data),
  );
  if (!result.ok) return result.response;
  return redirect(`/listings/${result.value.id}`);
}

export default function NewListing({ loaderData, actionData }: Route.ComponentProps) {
  const { t, name } = useI18n();
  const state = formState(actionData);
  const { project, today } = loaderData;
  return (
    <div className="narrow">
      <PageHeader title={t("listings.new")} subtitle={project.name} />
      <Form method="post" className="card form" noValidate>
        <FormAlert state={state} />
        <SelectField
          name="wasteClass"
          label="field.wasteClass"
          state={state}
          placeholder={t("form.choose")}
          options={wasteClasses.map((c) => ({ value: c.key, label: `${c.code} ${name(c)}` }))}
          required
        />
        <SelectField
          name="material"
          label="field.material"
          state={state}
          placeholder={t("form.choose")}
          options={materials.map((m) => ({ value: m.key, label: name(m) }))}
          required
        />
        <TextField
          name="quantityKg"
          label="field.quantityTonnes"
          state={state}
          inputMode="decimal"
          hint={t("field.quantityTonnesHint")}
          required
        />
        <div className="field-row">
          <TextField
            name="availableFrom"
            type="date"
            label="field.availableFrom"
            state={state}
            defaultValue={today}
            required
          />
          <TextField
            name="availableUntil"
            type="date"
            label="field.availableUntil"
            state={state}
            required
          />
        </div>
        <SelectField
          name="payer"
          label="field.payer"
          state={state}
          placeholder={t("form.choose")}
          options={[
            { value: "recycler", label: t("payer.recycler") },
            { value: "producer", label: t("payer.producer") },
          ]}
          hint={t("field.payerHint")}
          required
        />
        <TextField
          name="priceFenPerTonne"
          label="field.pricePerTonne"
          state={state}
          inputMode="decimal"
          defaultValue="0"
          required
        />
        <TextAreaField name="description" label="field.description" state={state} />
        <div className="form__actions">
          <SubmitButton name="publish" value="open">
            {t("listings.publish")}
          </SubmitButton>
          <SubmitButton name="publish" value="draft" variant="secondary">
            {t("listings.saveDraft")}
          </SubmitButton>
        </div>
      </Form>
    </div>
  );
}
