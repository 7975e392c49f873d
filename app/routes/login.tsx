import { Form, Link, redirect, useSearchParams } from "react-router";
import { settings } from "#config/settings";
import { FormAlert, formState, SubmitButton, TextField } from "~/components/form";
import { PageHeader } from "~/components/ui";
import { logIn } from "~/domain/accounts/accounts.server";
import { LoginInput } from "~/domain/accounts/schemas";
import { getActor, startSession } from "~/domain/accounts/session.server";
import { useI18n } from "~/i18n/use-i18n";
import { parseForm } from "~/lib/forms";
import { attempt, invalidForm, safeRedirectPath } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/login";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "login.title");

export async function loader({ request }: Route.LoaderArgs) {
  if (await getActor(request)) throw redirect("/");
  // The demo accounts are offered only where the demo data is loaded.
  return { demo: settings().SEED_DEMO };
}

export async function action({ request }: Route.ActionArgs) {
  const form = await request.formData();
  const parsed = parseForm(LoginInput, form);
  if (!parsed.success) return invalidForm(parsed.fieldErrors, parsed.values);
  // Set by the server from the socket's remote address; a client's own header is overwritten.
  const ip = request.headers.get("x-rx-client-ip") ?? "unknown";
  const result = await attempt(
    { email: parsed.data.email },
    async () => await logIn({ email: parsed.data.email, password: parsed.data.password, ip }),
  );
  if (!result.ok) return result.response;
  const cookie = await startSession(request, result.value);
  return redirect(safeRedirectPath(parsed.data.redirectTo), { headers: { "Set-Cookie": cookie } });
}

/** A throttled attempt says when to try again: the action's Retry-After reaches the response. */
export const headers: Route.HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export default function Login({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useI18n();
  const state = formState(actionData);
  const [params] = useSearchParams();
  return (
    <div className="narrow">
      <PageHeader title={t("login.title")} subtitle={t("login.subtitle")} />
      <Form method="post" className="card form" noValidate>
        <FormAlert state={state} />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <TextField
          name="email"
          type="email"
          label="field.email"
          autoComplete="username"
          state={state}
          required
        />
        <TextField
          name="password"
          type="password"
          label="field.password"
          autoComplete="current-password"
          state={state}
          required
        />
        <SubmitButton>{t("login.submit")}</SubmitButton>
      </Form>
      <p className="muted center">
        {t("login.noAccount")} <Link to="/signup">{t("signup.title")}</Link>
      </p>
      {loaderData.demo ? (
        <details className="card demo-accounts">
          <summary>{t("login.demoAccounts")}</summary>
          <p className="muted">{t("login.demoHint")}</p>
          <ul>
            {["contractor", "recycler", "department", "chengdu", "admin"].map((who) => (
              <li key={who}>
                <code>{who}@example.com</code>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
