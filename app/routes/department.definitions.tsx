import { Form, Link, redirect } from "react-router";
import {
  CheckboxGroupField,
  FormAlert,
  formState,
  SubmitButton,
  TextAreaField,
  TextField,
} from "~/components/form";
import { Definition, PageHeader } from "~/components/ui";
import { requireActor } from "~/domain/accounts/session.server";
import { addMonths, now, shanghaiMonth } from "~/domain/clock";
import { createDefinitions, listDefinitions } from "~/domain/metrics/definitions.server";
import { DefinitionsInput } from "~/domain/metrics/schemas";
import { wasteClassByKey } from "~/domain/reference/lookup";
import { wasteClasses } from "~/domain/reference/waste";
import { formatDateTime } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { formValues, parseForm } from "~/lib/forms";
import { attempt, invalidForm, orRespond } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/department.definitions";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "definitions.title");

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  return {
    ...(await orRespond(async () => await listDefinitions(actor))),
    nextMonth: addMonths(shanghaiMonth(now()), 1),
  };
}

export async function action({ request }: Route.ActionArgs) {
  const actor = await requireActor(request);
  const form = await request.formData();
  const parsed = parseForm(DefinitionsInput, form);
  if (!parsed.success) return invalidForm(parsed.fieldErrors, parsed.values);
  const result = await attempt(
    formValues(form),
    async () => await createDefinitions(actor, parsed.data),
  );
  return result.ok ? redirect("/department/definitions") : result.response;
}

export default function Definitions({ loaderData, actionData }: Route.ComponentProps) {
  const { t, name, locale } = useI18n();
  const { rows, inForceId, canManage, nextMonth } = loaderData;
  const state = formState(actionData);
  const inForce = rows.find((r) => r.version.id === inForceId)?.version;
  const classNames = (keys: readonly string[]) =>
    keys.map((k) => name(wasteClassByKey(k))).join("、");
  const classOptions = wasteClasses.map((c) => ({ value: c.key, label: name(c) }));
  return (
    <>
      <PageHeader
        title={t("definitions.title")}
        subtitle={t("definitions.subtitle")}
        actions={<Link to="/department">{t("governance.backToDashboard")}</Link>}
      />
      <ul className="cards cards--list" aria-label={t("definitions.versions")}>
        {rows.map(({ version: v, createdBy }) => (
          <li key={v.id} className="card" data-definition-version={v.id}>
            <h2>
              {t("definitions.versionFrom", { id: v.id, month: v.effectiveFrom })}{" "}
              {v.id === inForceId ? (
                <span className="badge badge--green">{t("definitions.inForce")}</span>
              ) : v.effectiveFrom > (inForce?.effectiveFrom ?? "") ? (
                <span className="badge badge--blue">{t("definitions.scheduled")}</span>
              ) : null}
            </h2>
            <dl className="dl">
              <Definition term="definitions.resourceClasses">
                {classNames(v.resourceClasses)}
              </Definition>
              <Definition term="definitions.comprehensiveClasses">
                {classNames(v.comprehensiveClasses)}
              </Definition>
              <Definition term="definitions.targets">
                {t("definitions.targetsValue", {
                  resource: v.resourceTargetPct,
                  comprehensive: v.comprehensiveTargetPct,
                  usage: v.usageTargetPct,
                })}
              </Definition>
              <Definition term="definitions.thresholds">
                {t("definitions.thresholdsValue", {
                  hours: v.unclosedManifestHours,
                  percent: v.weightDiscrepancyPct,
                })}
              </Definition>
              <Definition term="definitions.note">{v.note || "—"}</Definition>
              <Definition term="definitions.createdAt">
                {formatDateTime(locale, v.createdAt)}
                {createdBy ? ` · ${createdBy}` : ""}
              </Definition>
            </dl>
          </li>
        ))}
      </ul>
      {canManage ? (
        <section className="card narrow" aria-labelledby="new-definitions">
          <h2 id="new-definitions">{t("definitions.new")}</h2>
          <p className="muted small">{t("definitions.newHint")}</p>
          <Form method="post" className="form" noValidate>
            <FormAlert state={state} />
            <TextField
              name="effectiveFrom"
              type="month"
              label="definitions.effectiveFrom"
              state={state}
              defaultValue={nextMonth}
              placeholder="YYYY-MM"
              required
            />
            <CheckboxGroupField
              name="resourceClasses"
              label="definitions.resourceClasses"
              state={state}
              options={classOptions}
              defaultValues={inForce?.resourceClasses}
            />
            <CheckboxGroupField
              name="comprehensiveClasses"
              label="definitions.comprehensiveClasses"
              state={state}
              options={classOptions}
              defaultValues={inForce?.comprehensiveClasses}
            />
            <div className="field-row">
              <TextField
                name="resourceTargetPct"
                label="definitions.resourceTarget"
                state={state}
                inputMode="numeric"
                defaultValue={String(inForce?.resourceTargetPct ?? 50)}
                required
              />
              <TextField
                name="comprehensiveTargetPct"
                label="definitions.comprehensiveTarget"
                state={state}
                inputMode="numeric"
                defaultValue={String(inForce?.comprehensiveTargetPct ?? 50)}
                required
              />
            </div>
            <TextField
              name="usageTargetPct"
              label="definitions.usageTarget"
              state={state}
              inputMode="numeric"
              defaultValue={String(inForce?.usageTargetPct ?? 10)}
              required
            />
            <div className="field-row">
              <TextField
                name="unclosedManifestHours"
                label="definitions.unclosedHours"
                state={state}
                inputMode="numeric"
                defaultValue={String(inForce?.unclosedManifestHours ?? 6)}
                required
              />
              <TextField
                name="weightDiscrepancyPct"
                label="definitions.weightPercent"
                state={state}
                inputMode="numeric"
                defaultValue={String(inForce?.weightDiscrepancyPct ?? 20)}
                required
              />
            </div>
            <TextAreaField name="note" label="definitions.noteField" state={state} required />
            <SubmitButton>{t("definitions.create")}</SubmitButton>
          </Form>
        </section>
      ) : (
        <p className="muted small">{t("definitions.provinceOnlyHint")}</p>
      )}
    </>
  );
}
