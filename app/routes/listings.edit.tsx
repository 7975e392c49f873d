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
import { forbidden } from "~/domain/errors";
import { editListing } from "~/domain/listings/lifecycle.server";
import { getListing } from "~/domain/listings/listings.server";
import { ListingEdit } from "~/domain/listings/schemas";
import { fenToYuanText } from "~/domain/money";
import { kgToTonnesText } from "~/domain/quantity";
import { materials, wasteClasses } from "~/domain/reference/waste";
import { useI18n } from "~/i18n/use-i18n";
import { formValues, parseForm } from "~/lib/forms";
import { attempt, invalidForm, orRespond, routeId } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/listings.edit";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "listing.edit");

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const listingId = routeId(params.listingId);
  return await orRespond(async () => {
    authorize(actor, "listing.manage");
    const view = await getListing(actor, listingId);
    if (!view.isOwner) throw forbidden();
    return { listing: view.listing, projectName: view.project.name };
  });
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireActor(request);
  const listingId = routeId(params.listingId);
  const form = await request.formData();
  const parsed = parseForm(ListingEdit, form);
  if (!parsed.success) return invalidForm(parsed.fieldErrors, parsed.values);
  const result = await attempt(
    formValues(form),
    async () => await editListing(actor, listingId, parsed.data),
  );
  if (!result.ok) return result.response;
  return redirect(`/listings/${listingId}`);
}

export default function EditListing({ loaderData, actionData }: Route.ComponentProps) {
  const { t, name } = useI18n();
  const state = formState(actionData);
  const { listing, projectName } = loaderData;
  return (
    <div className="narrow">
      <PageHeader title={t("listing.edit")} subtitle={projectName} />
      <Form method="post" className="card form" noValidate>
        <FormAlert state={state} />
        <SelectField
          name="wasteClass"
          label="field.wasteClass"
          state={state}
          defaultValue={listing.wasteClass}
          options={wasteClasses.map((c) => ({ value: c.key, label: `${c.code} ${name(c)}` }))}
        />
        <SelectField
          name="material"
          label="field.material"
          state={state}
          defaultValue={listing.material}
          options={materials.map((m) => ({ value: m.key, label: name(m) }))}
        />
        <TextField
          name="quantityKg"
          label="field.quantityTonnes"
          state={state}
          inputMode="decimal"
          defaultValue={kgToTonnesText(listing.quantityKg)}
          hint={t("field.quantityTonnesHint")}
        />
        <div className="field-row">
          <TextField
            name="availableFrom"
            type="date"
            label="field.availableFrom"
            state={state}
            defaultValue={listing.availableFrom}
          />
          <TextField
            name="availableUntil"
            type="date"
            label="field.availableUntil"
            state={state}
            defaultValue={listing.availableUntil}
          />
        </div>
        <SelectField
          name="payer"
          label="field.payer"
          state={state}
          defaultValue={listing.payer}
          options={[
            { value: "recycler", label: t("payer.recycler") },
            { value: "producer", label: t("payer.producer") },
          ]}
        />
        <TextField
          name="priceFenPerTonne"
          label="field.pricePerTonne"
          state={state}
          inputMode="decimal"
          defaultValue={fenToYuanText(listing.priceFenPerTonne)}
        />
        <TextAreaField
          name="description"
          label="field.description"
          state={state}
          defaultValue={listing.description}
        />
        <SubmitButton>{t("listing.save")}</SubmitButton>
      </Form>
    </div>
  );
}
