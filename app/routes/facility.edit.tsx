import { Form, redirect } from "react-router";
import { ApprovalNotice, FacilityFields } from "~/components/facility";
import { FormAlert, formState, SubmitButton } from "~/components/form";
import { PageHeader } from "~/components/ui";
import { authorize } from "~/domain/access/actor";
import { requireActor } from "~/domain/accounts/session.server";
import {
  approvalDaysLeft,
  approvalStatus,
  getMyFacility,
  updateFacility,
} from "~/domain/facilities/facilities.server";
import { FacilityInput } from "~/domain/facilities/schemas";
import { useI18n } from "~/i18n/use-i18n";
import { formValues, parseForm } from "~/lib/forms";
import { attempt, invalidForm, orRespond, routeId } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/facility.edit";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "facility.edit");

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const facilityId = routeId(params.facilityId);
  return await orRespond(async () => {
    authorize(actor, "facility.manage");
    const facility = await getMyFacility(actor, facilityId);
    return { facility, approval: approvalStatus(facility), daysLeft: approvalDaysLeft(facility) };
  });
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireActor(request);
  const facilityId = routeId(params.facilityId);
  const form = await request.formData();
  const parsed = parseForm(FacilityInput, form);
  if (!parsed.success) return invalidForm(parsed.fieldErrors, parsed.values);
  const result = await attempt(
    formValues(form),
    async () => await updateFacility(actor, facilityId, parsed.data),
  );
  if (!result.ok) return result.response;
  return redirect(`/facilities/${facilityId}`);
}

export default function EditFacility({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useI18n();
  const state = formState(actionData);
  const { facility, approval, daysLeft } = loaderData;
  return (
    <div className="narrow">
      <PageHeader title={t("facility.edit")} subtitle={facility.name} />
      <ApprovalNotice
        approval={approval}
        expiresOn={facility.approvalExpiresOn}
        daysLeft={daysLeft}
      />
      <Form method="post" className="card form" noValidate>
        <FormAlert state={state} />
        <FacilityFields state={state} facility={facility} />
        <SubmitButton>{t("facility.save")}</SubmitButton>
      </Form>
    </div>
  );
}
