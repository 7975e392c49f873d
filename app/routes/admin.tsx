import { Form, redirect } from "react-router";
import { z } from "zod";
import { FormAlert, formState, SubmitButton } from "~/components/form";
import { EmptyState, PageHeader, StatusBadge, TableScroll } from "~/components/ui";
import { clearLoginThrottle, listLoginThrottles } from "~/domain/accounts/login-throttle.server";
import { listOrganisations, setOrganisationVerified } from "~/domain/accounts/organisations.server";
import { LoginThrottleClear } from "~/domain/accounts/schemas";
import { requireActor } from "~/domain/accounts/session.server";
import { id } from "~/domain/fields";
import { divisionByCode } from "~/domain/reference/lookup";
import { formatDateTime } from "~/i18n/format";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
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
  return await orRespond(async () => ({
    organisations: await listOrganisations(actor),
    throttles: await listLoginThrottles(actor),
  }));
}

export async function action({ request }: Route.ActionArgs) {
  const actor = await requireActor(request);
  const form = await request.formData();
  if (form.get("intent") === "clearThrottle") {
    const parsed = parseForm(LoginThrottleClear, form);
    if (!parsed.success) return invalidForm(parsed.fieldErrors, parsed.values);
    const result = await attempt({}, async () => await clearLoginThrottle(actor, parsed.data));
    return result.ok ? redirect("/admin") : result.response;
  }
  const parsed = parseForm(VerifyInput, form);
  if (!parsed.success) return invalidForm(parsed.fieldErrors, parsed.values);
  const result = await attempt(
    {},
    async () => await setOrganisationVerified(actor, parsed.data.orgId, parsed.data.verified),
  );
  return result.ok ? redirect("/admin") : result.response;
}

export default function Admin({ loaderData, actionData }: Route.ComponentProps) {
  const { t, name, locale } = useI18n();
  const state = formState(actionData);
  return (
    <>
      <PageHeader title={t("admin.title")} subtitle={t("admin.subtitle")} />
      <FormAlert state={state} />
      <TableScroll label={t("admin.title")}>
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
      </TableScroll>
      <section id="login-throttles" aria-labelledby="login-throttles-title">
        <h2 id="login-throttles-title">{t("admin.throttles")}</h2>
        <p className="muted">{t("admin.throttlesHint")}</p>
        {loaderData.throttles.length === 0 ? (
          <EmptyState title="admin.throttlesEmpty" />
        ) : (
          <TableScroll label={t("admin.throttles")}>
            <table>
              <thead>
                <tr>
                  <th>{t("admin.throttleAddress")}</th>
                  <th>{t("admin.throttleAccount")}</th>
                  <th className="num">{t("admin.throttleFailures")}</th>
                  <th>{t("admin.throttleBlockedUntil")}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {loaderData.throttles.map((row) => (
                  <tr key={`${row.ip} ${row.email ?? ""}`}>
                    <td>
                      <code>{row.ip}</code>
                    </td>
                    <td>{row.email ?? t("admin.throttleAllAccounts")}</td>
                    <td className="num">{row.failures}</td>
                    <td>
                      {row.blocked
                        ? formatDateTime(locale, row.blockedUntil)
                        : t("admin.throttleNotBlocked")}
                    </td>
                    <td>
                      <Form method="post" className="inline-actions">
                        <input type="hidden" name="ip" value={row.ip} />
                        <input type="hidden" name="email" value={row.email ?? ""} />
                        <SubmitButton name="intent" value="clearThrottle" variant="secondary">
                          {t("admin.throttleClear")}
                        </SubmitButton>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </>
  );
}
