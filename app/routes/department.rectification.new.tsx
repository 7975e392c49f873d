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
import { now, shanghaiDate } from "~/domain/clock";
import {
  findTargetOrganisations,
  raiseFormFor,
  raiseItem,
} from "~/domain/department/rectification.server";
import { rectificationCategories } from "~/domain/department/rectification-status";
import { RaiseInput, RaisePrefill } from "~/domain/department/schemas";
import { divisionByCode } from "~/domain/reference/lookup";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import { formValues, parseForm } from "~/lib/forms";
import { attempt, invalidForm, orRespond } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/department.rectification.new";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "rectification.raise");

const DEFAULT_DAYS = 30;

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const prefill = RaisePrefill.parse(Object.fromEntries(new URL(request.url).searchParams));
  return await orRespond(async () => {
    authorize(actor, "rectification.manage");
    return {
      prefill,
      target: prefill.orgId ? await raiseFormFor(actor, prefill.orgId) : null,
      matches: !prefill.orgId && prefill.q ? await findTargetOrganisations(actor, prefill.q) : [],
      today: shanghaiDate(now()),
      defaultDeadline: shanghaiDate(new Date(now().getTime() + DEFAULT_DAYS * 86_400_000)),
    };
  });
}

export async function action({ request }: Route.ActionArgs) {
  const actor = await requireActor(request);
  const form = await request.formData();
  const parsed = parseForm(RaiseInput, form);
  if (!parsed.success) return invalidForm(parsed.fieldErrors, parsed.values);
  const result = await attempt(formValues(form), async () => await raiseItem(actor, parsed.data));
  return result.ok ? redirect(`/department/rectification/${result.value.id}`) : result.response;
}

export default function RaiseItem({ loaderData, actionData }: Route.ComponentProps) {
  const { t, name } = useI18n();
  const { prefill, target, matches, today, defaultDeadline } = loaderData;
  const state = formState(actionData);
  return (
    <div className="narrow">
      <PageHeader
        title={t("rectification.raise")}
        actions={<Link to="/department/rectification">{t("rectification.backToRegister")}</Link>}
      />
      {target ? (
        <Form method="post" className="card form" noValidate>
          <FormAlert state={state} />
          <input type="hidden" name="targetOrgId" value={target.org.id} />
          {prefill.alertId ? <input type="hidden" name="alertId" value={prefill.alertId} /> : null}
          <div className="field">
            <span className="field__label">{t("rectification.organisation")}</span>
            <p data-testid="raise-target">
              <strong>{target.org.name}</strong>{" "}
              <span className="muted small">
                {t(`orgKind.${target.org.kind}` as MessageKey)} ·{" "}
                {name(divisionByCode(target.org.divisionCode))}
              </span>{" "}
              <Link to="/department/rectification/new" className="small">
                {t("rectification.changeOrganisation")}
              </Link>
            </p>
          </div>
          <SelectField
            name="category"
            label="rectification.category"
            state={state}
            placeholder={t("form.choose")}
            defaultValue={prefill.category}
            options={rectificationCategories.map((c) => ({ value: c.key, label: name(c) }))}
            required
          />
          {target.projects.length > 0 ? (
            <SelectField
              name="projectId"
              label="rectification.project"
              state={state}
              placeholder={t("rectification.none")}
              defaultValue={prefill.projectId}
              options={target.projects.map((p) => ({ value: String(p.id), label: p.name }))}
            />
          ) : null}
          {target.facilities.length > 0 ? (
            <SelectField
              name="facilityId"
              label="rectification.facility"
              state={state}
              placeholder={t("rectification.none")}
              defaultValue={prefill.facilityId}
              options={target.facilities.map((f) => ({ value: String(f.id), label: f.name }))}
            />
          ) : null}
          <TextField
            name="manifestNo"
            label="rectification.manifest"
            state={state}
            defaultValue={prefill.manifestNo}
            hint={t("rectification.manifestHint")}
          />
          <TextAreaField
            name="problem"
            label="rectification.problem"
            state={state}
            defaultValue={prefill.problem}
            rows={4}
            required
          />
          <TextAreaField
            name="evidence"
            label="rectification.evidenceText"
            state={state}
            defaultValue={prefill.evidence}
            hint={t("rectification.evidenceTextHint")}
          />
          <TextField
            name="responsiblePerson"
            label="rectification.responsiblePerson"
            state={state}
            hint={t("rectification.responsiblePersonHint")}
            required
          />
          <TextField
            name="deadline"
            type="date"
            label="rectification.deadline"
            state={state}
            defaultValue={defaultDeadline}
            hint={t("rectification.deadlineHint", { today })}
            required
          />
          <SubmitButton>{t("rectification.raiseSubmit")}</SubmitButton>
        </Form>
      ) : (
        <section className="card">
          <Form method="get" className="form" role="search">
            <div className="field">
              <label htmlFor="f-q">{t("rectification.findOrganisation")}</label>
              <input id="f-q" name="q" type="search" defaultValue={prefill.q ?? ""} required />
              <p className="field__hint">{t("rectification.findHint")}</p>
            </div>
            <button type="submit" className="button button--secondary">
              {t("rectification.find")}
            </button>
          </Form>
          {prefill.q ? (
            matches.length === 0 ? (
              <EmptyState title="rectification.noMatches" />
            ) : (
              <ul className="link-list" aria-label={t("rectification.matches")}>
                {matches.map((org) => (
                  <li key={org.id}>
                    <Link to={`/department/rectification/new?orgId=${org.id}`}>{org.name}</Link>{" "}
                    <span className="muted small">
                      {t(`orgKind.${org.kind}` as MessageKey)} · {org.creditCode} ·{" "}
                      {name(divisionByCode(org.divisionCode))}
                    </span>
                  </li>
                ))}
              </ul>
            )
          ) : null}
        </section>
      )}
    </div>
  );
}
