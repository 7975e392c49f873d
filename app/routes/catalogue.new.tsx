import { Form, Link, redirect } from "react-router";
import {
  FormAlert,
  formState,
  SelectField,
  SubmitButton,
  TextAreaField,
  TextField,
} from "~/components/form";
import { EmptyState, PageHeader } from "~/components/ui";
import { authorize } from "~/domain/access/actor";
import { requireActor } from "~/domain/accounts/session.server";
import { listMyFacilities } from "~/domain/facilities/facilities.server";
import { createProduct } from "~/domain/products/catalogue.server";
import { ProductInput } from "~/domain/products/schemas";
import { productTypes, productUnits } from "~/domain/reference/products";
import { useI18n } from "~/i18n/use-i18n";
import { formValues, parseForm } from "~/lib/forms";
import { attempt, invalidForm, orRespond } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/catalogue.new";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "catalogue.new");

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  return await orRespond(async () => {
    authorize(actor, "product.manage");
    return {
      facilities: (await listMyFacilities(actor))
        .filter((f) => f.type === "recycling_plant")
        .map((f) => ({ id: f.id, name: f.name })),
    };
  });
}

export async function action({ request }: Route.ActionArgs) {
  const actor = await requireActor(request);
  const form = await request.formData();
  const parsed = parseForm(ProductInput, form);
  if (!parsed.success) return invalidForm(parsed.fieldErrors, parsed.values);
  const result = await attempt(
    formValues(form),
    async () => await createProduct(actor, parsed.data),
  );
  if (!result.ok) return result.response;
  return redirect(`/products/${result.value.id}`);
}

export default function NewProduct({ loaderData, actionData }: Route.ComponentProps) {
  const { t, name } = useI18n();
  const state = formState(actionData);
  return (
    <div className="narrow">
      <PageHeader title={t("catalogue.new")} subtitle={t("catalogue.newHint")} />
      {loaderData.facilities.length === 0 ? (
        <EmptyState
          title="catalogue.needPlant"
          body="catalogue.needPlantBody"
          action={<Link to="/facilities/new">{t("facilities.new")}</Link>}
        />
      ) : (
        <Form method="post" className="card form" noValidate>
          <FormAlert state={state} />
          <SelectField
            name="facilityId"
            label="field.plant"
            state={state}
            options={loaderData.facilities.map((f) => ({ value: String(f.id), label: f.name }))}
          />
          <SelectField
            name="productType"
            label="field.productType"
            state={state}
            placeholder={t("form.choose")}
            options={productTypes.map((p) => ({
              value: p.key,
              label: `${name(p)} (${p.standards.join(", ")})`,
            }))}
          />
          <TextField
            name="name"
            label="catalogue.nameLabel"
            state={state}
            placeholder="再生粗骨料 5–25 mm"
          />
          <div className="field-row field-row--wide-first">
            <TextField
              name="standard"
              label="field.standard"
              state={state}
              placeholder="GB/T 25177-2010"
            />
            <TextField name="grade" label="field.grade" state={state} placeholder="Ⅱ类" />
          </div>
          <div className="field-row">
            <SelectField
              name="unit"
              label="field.unit"
              state={state}
              options={productUnits.map((u) => ({ value: u.key, label: name(u) }))}
            />
            <TextField
              name="massPerUnitG"
              label="field.massPerUnitKg"
              state={state}
              inputMode="decimal"
              hint={t("field.massPerUnitHint")}
            />
          </div>
          <div className="field-row">
            <TextField
              name="priceFenPerUnit"
              label="field.pricePerUnit"
              state={state}
              inputMode="decimal"
            />
            <TextField
              name="minOrder"
              label="field.minOrder"
              state={state}
              inputMode="decimal"
              defaultValue="0"
              hint={t("catalogue.minOrderHint")}
            />
          </div>
          <TextField
            name="recycledContentPct"
            label="field.recycledContent"
            state={state}
            inputMode="numeric"
            defaultValue="100"
          />
          <TextAreaField name="description" label="field.description" state={state} />
          <SubmitButton>{t("catalogue.create")}</SubmitButton>
        </Form>
      )}
    </div>
  );
}
