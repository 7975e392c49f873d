import { Form, Link, redirect } from "react-router";
import {
  CheckboxGroupField,
  FormAlert,
  formState,
  SubmitButton,
  TextField,
} from "~/components/form";
import { EmptyState, PageHeader } from "~/components/ui";
import { can } from "~/domain/access/permissions";
import { requireActor } from "~/domain/accounts/session.server";
import { approvalStatus, getMyFacility } from "~/domain/facilities/facilities.server";
import { SubscriptionInput } from "~/domain/feedstock/schemas";
import {
  createSubscription,
  deleteSubscription,
  listSubscriptions,
} from "~/domain/feedstock/subscriptions.server";
import { id } from "~/domain/fields";
import { materialByKey, wasteClassByKey } from "~/domain/reference/lookup";
import { materials, wasteClasses } from "~/domain/reference/waste";
import { useI18n } from "~/i18n/use-i18n";
import { formValues, parseForm } from "~/lib/forms";
import { attempt, invalidForm, orRespond, routeId } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/facility.alerts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "feedstock.title");

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const facilityId = routeId(params.facilityId);
  return await orRespond(async () => {
    const facility = await getMyFacility(actor, facilityId);
    return {
      facility,
      expired: approvalStatus(facility) === "expired",
      subscriptions: await listSubscriptions(actor, facilityId),
      canSubscribe: can(actor, "feedstock.subscribe"),
    };
  });
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireActor(request);
  const facilityId = routeId(params.facilityId);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "delete") {
    const subscriptionId = id.safeParse(form.get("subscriptionId"));
    if (!subscriptionId.success) return invalidForm({ subscriptionId: "form.invalid" }, {});
    const result = await attempt(
      {},
      async () => await deleteSubscription(actor, subscriptionId.data),
    );
    return result.ok ? redirect(`/facilities/${facilityId}/alerts`) : result.response;
  }
  if (intent !== "create") return invalidForm({ intent: "form.chooseOne" }, {});
  const parsed = parseForm(SubscriptionInput, form);
  if (!parsed.success) return invalidForm(parsed.fieldErrors, parsed.values);
  const result = await attempt(
    formValues(form),
    async () => await createSubscription(actor, facilityId, parsed.data),
  );
  return result.ok ? redirect(`/facilities/${facilityId}/alerts`) : result.response;
}

export default function FeedstockAlerts({ loaderData, actionData }: Route.ComponentProps) {
  const { t, name } = useI18n();
  const state = formState(actionData);
  const { facility, subscriptions, canSubscribe, expired } = loaderData;
  return (
    <>
      <PageHeader
        title={t("feedstock.title")}
        subtitle={<Link to={`/facilities/${facility.id}`}>{facility.name}</Link>}
      />
      <p className="muted">{t("feedstock.lead")}</p>
      {subscriptions.length === 0 ? (
        <EmptyState title="feedstock.empty" body="feedstock.emptyBody" />
      ) : (
        <ul className="cards">
          {subscriptions.map((s) => (
            <li key={s.id} className="card">
              <p>
                <strong>{s.wasteClasses.map((c) => name(wasteClassByKey(c))).join(" · ")}</strong>
              </p>
              <p className="small">
                {s.materials.length === 0
                  ? t("feedstock.anyMaterial")
                  : s.materials.map((m) => name(materialByKey(m))).join(" · ")}
              </p>
              <p className="muted small">{t("feedstock.within", { km: s.radiusKm })}</p>
              {canSubscribe ? (
                <Form method="post">
                  <input type="hidden" name="subscriptionId" value={s.id} />
                  <SubmitButton name="intent" value="delete" variant="danger">
                    {t("feedstock.delete")}
                  </SubmitButton>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canSubscribe ? (
        <section className="card narrow feedstock-form">
          <h2>{t("feedstock.new")}</h2>
          {expired ? (
            <div className="alert alert--error" role="status">
              {t("feedstock.expiredFacility")}
            </div>
          ) : (
            <Form method="post" className="form" noValidate>
              <FormAlert state={state} />
              <CheckboxGroupField
                name="wasteClasses"
                label="field.wasteClass"
                state={state}
                options={wasteClasses.map((c) => ({ value: c.key, label: name(c) }))}
                defaultValues={facility.acceptedClasses}
              />
              <CheckboxGroupField
                name="materials"
                label="feedstock.materials"
                state={state}
                options={materials.map((m) => ({ value: m.key, label: name(m) }))}
              />
              <TextField
                name="radiusKm"
                label="feedstock.radius"
                state={state}
                inputMode="numeric"
                defaultValue="50"
                hint={t("feedstock.radiusHint")}
                required
              />
              <SubmitButton name="intent" value="create">
                {t("feedstock.create")}
              </SubmitButton>
            </Form>
          )}
        </section>
      ) : null}
    </>
  );
}
