import { Form, redirect } from "react-router";
import { FormAlert, formState, SelectField, SubmitButton, TextField } from "~/components/form";
import { Definition, EmptyState, PageHeader, StatusBadge } from "~/components/ui";
import { authorize } from "~/domain/access/actor";
import { rolesByKind } from "~/domain/access/permissions";
import { requireActor } from "~/domain/accounts/session.server";
import {
  createApiToken,
  listApiTokens,
  revokeApiToken,
} from "~/domain/api-tokens/api-tokens.server";
import { ApiTokenInput, ApiTokenRevoke } from "~/domain/api-tokens/schemas";
import { formatDateTime } from "~/i18n/format";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import { formValues, parseForm } from "~/lib/forms";
import { attempt, invalidForm, orRespond } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/settings.api-tokens";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "apiTokens.title");

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  return await orRespond(async () => {
    authorize(actor, "api_token.manage");
    return { tokens: await listApiTokens(actor), roles: rolesByKind[actor.orgKind] };
  });
}

export async function action({ request }: Route.ActionArgs) {
  const actor = await requireActor(request);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "revoke") {
    const parsed = parseForm(ApiTokenRevoke, form);
    if (!parsed.success) return invalidForm(parsed.fieldErrors, parsed.values);
    const result = await attempt({}, async () => await revokeApiToken(actor, parsed.data.tokenId));
    return result.ok ? redirect("/settings/api-tokens") : result.response;
  }
  if (intent !== "create") return invalidForm({ intent: "form.chooseOne" }, {});
  const parsed = parseForm(ApiTokenInput, form);
  if (!parsed.success) return invalidForm(parsed.fieldErrors, parsed.values);
  const result = await attempt(
    formValues(form),
    async () => await createApiToken(actor, parsed.data),
  );
  if (!result.ok) return result.response;
  return {
    ok: true as const,
    created: { name: result.value.token.name, secret: result.value.secret },
  };
}

/** The answer to a creation is the one time the secret exists outside its hash: never cached. */
export const headers: Route.HeadersFunction = () => ({ "Cache-Control": "no-store" });

export default function ApiTokens({ loaderData, actionData }: Route.ComponentProps) {
  const { t, locale } = useI18n();
  const state = formState(actionData);
  const created = actionData?.ok ? actionData.created : null;
  const { tokens, roles } = loaderData;
  return (
    <>
      <PageHeader
        title={t("apiTokens.title")}
        subtitle={t("apiTokens.subtitle")}
        actions={<a href="/api/v1/openapi.json">{t("apiTokens.docs")}</a>}
      />
      {created ? (
        <section className="card token-created" role="status">
          <h2>{t("apiTokens.createdTitle", { name: created.name })}</h2>
          <p>{t("apiTokens.createdBody")}</p>
          <div className="field">
            <label htmlFor="new-token">{t("apiTokens.secret")}</label>
            <input
              id="new-token"
              className="token-secret"
              readOnly
              value={created.secret}
              onFocus={(event) => event.currentTarget.select()}
            />
          </div>
        </section>
      ) : null}
      <div className="grid-2">
        <section className="card">
          <h2>{t("apiTokens.new")}</h2>
          {/* A new key after each creation empties the form for the next token. */}
          <Form method="post" className="form" noValidate key={created?.secret ?? "new"}>
            <FormAlert state={state} />
            <TextField
              name="name"
              label="field.tokenName"
              state={state}
              hint={t("field.tokenNameHint")}
              required
            />
            <SelectField
              name="role"
              label="field.role"
              state={state}
              placeholder={t("form.choose")}
              options={roles.map((role) => ({
                value: role,
                label: t(`role.${role}` as MessageKey),
              }))}
              hint={t("field.roleHint")}
              required
            />
            <div className="form__actions">
              <SubmitButton name="intent" value="create">
                {t("apiTokens.create")}
              </SubmitButton>
            </div>
          </Form>
        </section>
        <section className="token-list">
          <h2>{t("apiTokens.list")}</h2>
          {tokens.length === 0 ? (
            <EmptyState title="apiTokens.empty" body="apiTokens.emptyBody" />
          ) : (
            <ul className="cards cards--single">
              {tokens.map((token) => (
                <li key={token.id} className="card">
                  <h3 className="token-name">
                    {token.name} <StatusBadge status={token.revokedAt ? "revoked" : "active"} />
                  </h3>
                  <dl className="dl">
                    <Definition term="field.tokenPrefix">
                      <code>{token.prefix}…</code>
                    </Definition>
                    <Definition term="field.role">
                      {t(`role.${token.role}` as MessageKey)}
                    </Definition>
                    <Definition term="field.createdAt">
                      {formatDateTime(locale, token.createdAt)}
                    </Definition>
                    <Definition term="field.createdBy">{token.createdByName}</Definition>
                    <Definition term="field.lastUsedAt">
                      {token.lastUsedAt
                        ? formatDateTime(locale, token.lastUsedAt)
                        : t("apiTokens.never")}
                    </Definition>
                    {token.revokedAt ? (
                      <Definition term="field.revokedAt">
                        {formatDateTime(locale, token.revokedAt)}
                      </Definition>
                    ) : null}
                  </dl>
                  {token.revokedAt ? null : (
                    <Form method="post" className="inline-actions">
                      <input type="hidden" name="tokenId" value={token.id} />
                      <button
                        type="submit"
                        name="intent"
                        value="revoke"
                        className="button button--danger"
                        aria-label={t("apiTokens.revokeName", { name: token.name })}
                      >
                        {t("apiTokens.revoke")}
                      </button>
                    </Form>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}
