import { Link, redirect } from "react-router";
import { formState } from "~/components/form";
import { Definition, EmptyState, PageHeader, StatusBadge, TableScroll } from "~/components/ui";
import { NearbyProducts, UsagePanel, UsageReportForm } from "~/components/usage-panel";
import { can } from "~/domain/access/permissions";
import { requireActor } from "~/domain/accounts/session.server";
import { now, shanghaiMonth } from "~/domain/clock";
import { listProjectListings } from "~/domain/listings/listings.server";
import { nearbyProducts } from "~/domain/products/search.server";
import { divisionByCode, materialByKey, wasteClassByKey } from "~/domain/reference/lookup";
import { productUnits } from "~/domain/reference/products";
import { projectKinds } from "~/domain/reference/waste";
import { MaterialUseInput } from "~/domain/usage/schemas";
import { projectUsage, recordMaterialUse } from "~/domain/usage/usage.server";
import { formatTonnes, formatYuan } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { formValues, parseForm } from "~/lib/forms";
import { attempt, invalidForm, orRespond, routeId } from "~/lib/http.server";
import type { Route } from "./+types/project";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.project.name ?? "" }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const projectId = routeId(params.projectId);
  return await orRespond(async () => {
    const usage = await projectUsage(actor, projectId);
    const nearby = can(actor, "product.browse") ? await nearbyProducts(actor, projectId) : [];
    return {
      project: usage.project,
      listings: await listProjectListings(actor, projectId),
      usage,
      canReport: can(actor, "material_use.report"),
      month: shanghaiMonth(now()),
      nearby: nearby.map((r) => ({
        id: r.product.id,
        name: r.product.name,
        sellerName: r.sellerName,
        km: (r.haulPerUnit?.roadMetres ?? 0) / 1000,
        deliveredFen: r.deliveredFenPerUnit ?? r.product.priceFenPerUnit,
        unit: r.product.unit,
      })),
    };
  });
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireActor(request);
  const projectId = routeId(params.projectId);
  const form = await request.formData();
  form.set("projectId", String(projectId));
  const parsed = parseForm(MaterialUseInput, form);
  if (!parsed.success) return invalidForm(parsed.fieldErrors, parsed.values);
  const evidence = form.get("evidence");
  const file = evidence instanceof File && evidence.size > 0 ? evidence : null;
  const result = await attempt(
    formValues(form),
    async () => await recordMaterialUse(actor, parsed.data, file),
  );
  return result.ok ? redirect(`/projects/${projectId}#usage-title`) : result.response;
}

export default function ProjectPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t, name } = useI18n();
  const { project, listings, usage } = loaderData;
  const state = formState(actionData);
  return (
    <>
      <PageHeader
        title={project.name}
        subtitle={`${name(divisionByCode(project.divisionCode))} · ${project.address}`}
        actions={
          <Link className="button button--primary" to={`/projects/${project.id}/listings/new`}>
            {t("listings.new")}
          </Link>
        }
      />
      <section className="card">
        <dl className="dl">
          <Definition term="field.permitNo">{project.permitNo}</Definition>
          <Definition term="field.projectKind">
            {name(projectKinds.find((k) => k.key === project.kind))}
          </Definition>
          <Definition term="field.grossFloorArea">
            {project.grossFloorAreaM2.toLocaleString()} m²
          </Definition>
          <Definition term="field.startsOn">
            {project.startsOn}
            {project.endsOn ? ` – ${project.endsOn}` : ""}
          </Definition>
          <Definition term="project.governmentInvested">
            {project.governmentInvested ? t("common.yes") : t("common.no")}
          </Definition>
        </dl>
      </section>
      <div className="grid-2 grid-2--wide-first">
        <UsagePanel
          classes={usage.classes}
          governmentInvested={project.governmentInvested}
          complies={usage.complies}
          targetPercent={usage.targetPercent}
        />
        <NearbyProducts
          projectId={project.id}
          rows={loaderData.nearby.map((r) => ({
            ...r,
            unit: name(productUnits.find((u) => u.key === r.unit)),
          }))}
        />
      </div>
      {loaderData.canReport ? <UsageReportForm month={loaderData.month} state={state} /> : null}
      <h2>{t("listings.title")}</h2>
      {listings.length === 0 ? (
        <EmptyState title="listings.empty" body="listings.emptyBody" />
      ) : (
        <TableScroll label={t("listings.title")}>
          <table>
            <thead>
              <tr>
                <th>{t("field.wasteClass")}</th>
                <th>{t("field.material")}</th>
                <th className="num">{t("field.quantity")}</th>
                <th className="num">{t("listing.allocated")}</th>
                <th className="num">{t("field.price")}</th>
                <th>{t("field.status")}</th>
              </tr>
            </thead>
            <tbody>
              {listings.map((l) => (
                <tr key={l.id}>
                  <td>
                    <Link to={`/listings/${l.id}`}>{name(wasteClassByKey(l.wasteClass))}</Link>
                  </td>
                  <td>{name(materialByKey(l.material))}</td>
                  <td className="num">{formatTonnes(l.quantityKg)}</td>
                  <td className="num">{formatTonnes(l.allocatedKg)}</td>
                  <td className="num">
                    {formatYuan(l.priceFenPerTonne)}/t · {t(`payer.${l.payer}`)}
                  </td>
                  <td>
                    <StatusBadge status={l.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
