import { Form, Link, redirect } from "react-router";
import {
  ScopeName,
  useDifferenceFormat,
  useFigureFormat,
} from "~/components/department-governance";
import { FormAlert, formState, SubmitButton, TextAreaField } from "~/components/form";
import { EmptyState, PageHeader, TableScroll } from "~/components/ui";
import { requireActor } from "~/domain/accounts/session.server";
import { addMonths, now, shanghaiMonth } from "~/domain/clock";
import {
  publicationOf,
  publicationOverview,
  publishMonth,
} from "~/domain/department/publication.server";
import { MonthQuery, PublishInput } from "~/domain/department/schemas";
import { figureKeys, publishedKeys } from "~/domain/metrics/figures";
import { divisionByCode } from "~/domain/reference/lookup";
import { formatDateTime } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { figureLabels } from "~/lib/figure-labels";
import { formValues, parseForm } from "~/lib/forms";
import { attempt, invalidForm, orRespond } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/department.publish";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "publish.title");

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const query = MonthQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const month = query.month ?? addMonths(shanghaiMonth(now()), -1);
  return await orRespond(async () => ({
    publication: await publicationOf(actor, month),
    overview: await publicationOverview(actor),
  }));
}

export async function action({ request }: Route.ActionArgs) {
  const actor = await requireActor(request);
  const form = await request.formData();
  const parsed = parseForm(PublishInput, form);
  if (!parsed.success) return invalidForm(parsed.fieldErrors, parsed.values);
  const result = await attempt(
    formValues(form),
    async () => await publishMonth(actor, parsed.data),
  );
  return result.ok
    ? redirect(`/department/publish?month=${result.value.month}#published`)
    : result.response;
}

export default function Publish({ loaderData, actionData }: Route.ComponentProps) {
  const { t, name, locale } = useI18n();
  const { publication: p, overview } = loaderData;
  const state = formState(actionData);
  const show = useFigureFormat();
  const change = useDifferenceFormat();
  const shown = p.latest?.figures ?? p.current;
  const partial =
    p.latest !== undefined && publishedKeys(p.latest.figures).length < figureKeys.length;
  return (
    <>
      <PageHeader
        title={t("publish.title")}
        subtitle={t("department.scope", { jurisdiction: name(divisionByCode(p.jurisdiction)) })}
        actions={<Link to="/department">{t("governance.backToDashboard")}</Link>}
      />
      <Form method="get" className="filters">
        <div className="filters__field">
          <label htmlFor="p-month">{t("field.month")}</label>
          <input id="p-month" type="month" name="month" defaultValue={p.month} />
        </div>
        <button type="submit" className="button button--secondary">
          {t("common.apply")}
        </button>
      </Form>

      <section className="card" aria-labelledby="month-title" id="published">
        <h2 id="month-title">
          {p.month}{" "}
          {p.latest ? (
            <span className="badge badge--green" data-testid="publication-state">
              {t("governance.publishedVersion", { version: p.latest.version })}
            </span>
          ) : (
            <span className="badge badge--grey" data-testid="publication-state">
              {t("publish.notPublished")}
            </span>
          )}
        </h2>
        {!p.closed ? <p className="muted">{t("publish.notClosedYet")}</p> : null}
        <TableScroll label={`${t("publish.title")} ${p.month}`}>
          <table data-testid="month-figures">
            <thead>
              <tr>
                <th>{t("publish.figure")}</th>
                <th className="num">
                  {p.latest
                    ? t("publish.publishedValue", { version: p.latest.version })
                    : t("publish.currentValue")}
                </th>
              </tr>
            </thead>
            <tbody>
              {figureKeys.map((key) => (
                <tr key={key} data-figure-row={key}>
                  <td>{t(figureLabels[key])}</td>
                  <td className="num">{show(key, shown.total[key])}</td>
                </tr>
              ))}
              <tr>
                <td>{t("governance.definitionsVersion")}</td>
                <td className="num">
                  <Link to="/department/definitions">
                    {show("definitionVersionId", shown.definitionVersionId)}
                  </Link>
                </td>
              </tr>
            </tbody>
          </table>
        </TableScroll>
        {partial ? (
          <p className="muted small" data-testid="not-in-version">
            {t("publish.notInVersionHint")}
          </p>
        ) : null}

        {p.pendingRestatement && p.latest ? (
          <div className="restatement" data-testid="pending-restatement">
            <div className="alert alert--warning" role="status">
              <strong>{t("publish.pendingTitle")}</strong>{" "}
              {t("publish.pendingBody", { count: p.differences.length, version: p.latest.version })}
            </div>
            <TableScroll label={t("publish.differences")}>
              <table>
                <caption className="visually-hidden">{t("publish.differences")}</caption>
                <thead>
                  <tr>
                    <th>{t("publish.scope")}</th>
                    <th>{t("publish.figure")}</th>
                    <th className="num">
                      {t("publish.publishedValue", { version: p.latest.version })}
                    </th>
                    <th className="num">{t("publish.currentValue")}</th>
                    <th className="num">{t("publish.change")}</th>
                  </tr>
                </thead>
                <tbody>
                  {p.differences.map((d) => (
                    <tr key={`${d.scope}-${d.figure}`} data-difference={`${d.scope}:${d.figure}`}>
                      <td>
                        <ScopeName scope={d.scope} />
                      </td>
                      <td>{t(figureLabels[d.figure])}</td>
                      <td className="num">{show(d.figure, d.published)}</td>
                      <td className="num">{show(d.figure, d.current)}</td>
                      <td className="num">{change(d.figure, d.published, d.current)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </div>
        ) : p.latest ? (
          <p className="muted small" data-testid="no-restatement">
            {t("publish.matches")}
          </p>
        ) : null}

        {p.canPublish ? (
          <Form method="post" className="form" noValidate>
            <FormAlert state={state} />
            <input type="hidden" name="month" value={p.month} />
            {p.latest ? (
              <TextAreaField
                name="explanation"
                label="publish.explanation"
                state={state}
                hint={t("publish.explanationHint")}
                required
              />
            ) : (
              <p className="muted small">{t("publish.freezeHint")}</p>
            )}
            <SubmitButton>
              {p.latest
                ? t("publish.restate", { version: p.latest.version + 1 })
                : t("publish.publish", { month: p.month })}
            </SubmitButton>
          </Form>
        ) : (
          <FormAlert state={state} />
        )}
      </section>

      {p.versions.length > 0 ? (
        <section className="card" aria-labelledby="versions-title">
          <h2 id="versions-title">{t("publish.history")}</h2>
          <ol className="history">
            {p.versions.map((v) => (
              <li key={v.id} data-version={v.version}>
                <strong>{t("governance.publishedVersion", { version: v.version })}</strong>{" "}
                <span className="muted small">
                  {formatDateTime(locale, v.publishedAt)} · {v.publishedBy} ·{" "}
                  {show("definitionVersionId", v.definitionVersionId)} · {t("department.generated")}{" "}
                  {show("generatedKg", v.figures.total.generatedKg)}
                </span>
                {v.explanation ? <p className="history__text">{v.explanation}</p> : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      <section className="card" aria-labelledby="overview-title">
        <h2 id="overview-title">{t("publish.overview")}</h2>
        {overview.length === 0 ? (
          <EmptyState title="publish.overviewEmpty" />
        ) : (
          <ul className="governance__months">
            {overview.map((m) => (
              <li key={m.month}>
                <Link to={`/department/publish?month=${m.month}`}>{m.month}</Link>{" "}
                {m.latest ? (
                  <span className="badge badge--green">
                    {t("governance.publishedVersion", { version: m.latest.version })}
                  </span>
                ) : (
                  <span className="badge badge--grey">{t("publish.notPublished")}</span>
                )}{" "}
                {m.pendingRestatement ? (
                  <span className="badge badge--amber">{t("governance.pendingRestatement")}</span>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
