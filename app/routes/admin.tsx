import { Form, redirect } from "react-router";
import { z } from "zod";
import { FormAlert, formState, SubmitButton } from "~/components/form";
import { PageHeader, StatusBadge } from "~/components/ui";
import { listOrganisations, setOrganisationVerified } from "~/domain/accounts/organisations.server";
import { requireActor } from "~/domain/accounts/session.server";
import { divisionByCode } from "~/domain/reference/lookup";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import { id } from "~/lib/fields";
import { parseForm } from "~/lib/forms";
import { attempt, invalidForm, orRespond } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/admin";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "admin.title");

const VerifyInput = z.object({
  orgId: id,
  verified: z.enum(["true", "false"]).transform((v) => v === "true"),
});

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  return { organisations: orRespond(() => listOrganisations(actor)) };
}

export async function action({ request }: Route.ActionArgs) {
  const actor = await requireActor(request);
  const parsed = parseForm(VerifyInput, await request.formData());
  if (!parsed.success) return invalidForm(parsed.fieldErrors, parsed.values);
  const result = await attempt({}, () =>
    setOrganisationVerified(actor, parsed.data.orgId, parsed.data.verified),
  );
  return result.ok ? redirect("/admin") : result.response;
}

export default function Admin({ loaderData, actionData }: Route.ComponentProps) {
  const { t, name } = useI18n();
  const state = formState(actionData);
  return (
    <>
      <PageHeader title={t("admin.title")} subtitle={t("admin.subtitle")} />
      <FormAlert state={state} />
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t("field.orgName")}</th>
              <th>{t("field.orgKind")}</th>
              <th>{t("field.creditCode")}</th>
              <th>{t("field.division")}</th>
              <th className="num">{t("admin.members")}</th>
              <th>{t("admin.verified")}</th>
            </tr>
          </thead>
          <tbody>
            {loaderData.organisations.map(({ organisation: o, members }) => (
              <tr key={o.id}>
                <td>{o.name}</td>
                <td>{t(`orgKind.${o.kind}` as MessageKey)}</td>
                <td>
                  <code>{o.creditCode}</code>
                </td>
                <td>{name(divisionByCode(o.divisionCode))}</td>
                <td className="num">{members}</td>
                <td>
                  <Form method="post" className="inline-actions">
                    <StatusBadge status={o.verified ? "verified" : "unverified"} />
                    <input type="hidden" name="orgId" value={o.id} />
                    <SubmitButton
                      name="verified"
                      value={o.verified ? "false" : "true"}
                      variant="secondary"
                    >
                      {o.verified ? t("admin.unverify") : t("admin.verify")}
                    </SubmitButton>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
