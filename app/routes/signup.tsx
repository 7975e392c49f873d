import { Form, Link, redirect } from "react-router";
import { FormAlert, formState, SelectField, SubmitButton, TextField } from "~/components/form";
import { PageHeader } from "~/components/ui";
import { signUp } from "~/domain/accounts/accounts.server";
import { SignupInput } from "~/domain/accounts/schemas";
import { getActor, startSession } from "~/domain/accounts/session.server";
import { divisions } from "~/domain/reference/divisions";
import { useI18n } from "~/i18n/use-i18n";
import { formValues, parseForm } from "~/lib/forms";
import { attempt, invalidForm } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/signup";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "signup.title");

export async function loader({ request }: Route.LoaderArgs) {
  if (await getActor(request)) throw redirect("/");
  return null;
}

export async function action({ request }: Route.ActionArgs) {
  const form = await request.formData();
  const parsed = parseForm(SignupInput, form);
  if (!parsed.success) return invalidForm(parsed.fieldErrors, parsed.values);
  const result = await attempt(formValues(form), async () => await signUp(parsed.data));
  if (!result.ok) return result.response;
  return redirect("/", { headers: { "Set-Cookie": await startSession(request, result.value) } });
}

export default function Signup({ actionData }: Route.ComponentProps) {
  const { t, name } = useI18n();
  const state = formState(actionData);
  return (
    <div className="narrow">
      <PageHeader title={t("signup.title")} subtitle={t("signup.subtitle")} />
      <Form method="post" className="card form" noValidate>
        <FormAlert state={state} />
        <fieldset>
          <legend>{t("signup.organisation")}</legend>
          <SelectField
            name="orgKind"
            label="field.orgKind"
            state={state}
            placeholder={t("form.choose")}
            options={[
              { value: "contractor", label: t("orgKind.contractor") },
              { value: "recycler", label: t("orgKind.recycler") },
            ]}
            required
          />
          <TextField
            name="orgName"
            label="field.orgName"
            state={state}
            autoComplete="organization"
            required
          />
          <TextField
            name="creditCode"
            label="field.creditCode"
            state={state}
            hint={t("field.creditCodeHint")}
            placeholder="91510100MA6XXXXXXX"
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
        </fieldset>
        <fieldset>
          <legend>{t("signup.you")}</legend>
          <TextField
            name="userName"
            label="field.userName"
            state={state}
            autoComplete="name"
            required
          />
          <TextField
            name="email"
            type="email"
            label="field.email"
            state={state}
            autoComplete="email"
            required
          />
          <TextField
            name="password"
            type="password"
            label="field.password"
            state={state}
            autoComplete="new-password"
            hint={t("field.passwordHint")}
            required
          />
        </fieldset>
        <SubmitButton>{t("signup.submit")}</SubmitButton>
      </Form>
      <p className="muted center">
        {t("signup.haveAccount")} <Link to="/login">{t("login.title")}</Link>
      </p>
    </div>
  );
}
