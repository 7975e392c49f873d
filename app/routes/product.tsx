import { Form, Link, redirect } from "react-router";
import { z } from "zod";
import {
  FormAlert,
  formState,
  SelectField,
  SubmitButton,
  stateFor,
  TextField,
} from "~/components/form";
import { PhotosPanel } from "~/components/listing-panels";
import { Definition, EmptyState, PageHeader, TableScroll } from "~/components/ui";
import { can } from "~/domain/access/permissions";
import { requireActor } from "~/domain/accounts/session.server";
import { haversineKm } from "~/domain/geo";
import { haulFactors } from "~/domain/matching/matching.server";
import { getProduct } from "~/domain/products/catalogue.server";
import { placeProductOrder } from "~/domain/products/orders.server";
import { addProductPhotos, listProductPhotos } from "~/domain/products/photos.server";
import { onQuantityField, productOrderForm } from "~/domain/products/schemas";
import { unitHaul } from "~/domain/products/search.server";
import { listMyProjects } from "~/domain/projects/projects.server";
import { divisionByCode } from "~/domain/reference/lookup";
import { productTypeByKey, productUnits } from "~/domain/reference/products";
import { formatTonnes, formatUnits, formatYuan } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { formValues, parseForm } from "~/lib/forms";
import { attempt, invalidForm, orRespond, routeId } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/product";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "product.title");

const Query = z.object({ project: z.coerce.number().int().positive().optional().catch(undefined) });

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const productId = routeId(params.productId);
  const { project: chosen } = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  return await orRespond(async () => {
    const view = await getProduct(actor, productId);
    const projects = can(actor, "product.order") ? await listMyProjects(actor) : [];
    const project = projects.find((p) => p.id === chosen) ?? projects[0] ?? null;
    const distanceKm = project ? haversineKm(project, view.product) : null;
    return {
      ...view,
      canOrder: can(actor, "product.order") && !view.isSeller,
      canManage: view.isSeller && can(actor, "product.manage"),
      photos: await listProductPhotos(productId),
      projects: projects.map((p) => ({ id: p.id, name: p.name })),
      estimate:
        project && distanceKm !== null
          ? {
              projectId: project.id,
              projectName: project.name,
              haul: await unitHaul(view.product, distanceKm),
            }
          : null,
      factors: await haulFactors(),
    };
  });
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireActor(request);
  const productId = routeId(params.productId);
  const form = await request.formData();
  if (form.get("intent") === "photos") {
    const files = form.getAll("photos").filter((f): f is File => f instanceof File && f.size > 0);
    const uploaded = await attempt(
      { intent: "photos" },
      async () => await addProductPhotos(actor, productId, files),
    );
    return uploaded.ok ? redirect(`/products/${productId}`) : uploaded.response;
  }
  // The quantity is typed in the product's unit.
  const product = await attempt(
    formValues(form),
    async () => (await getProduct(actor, productId)).product,
  );
  if (!product.ok) return product.response;
  const parsed = parseForm(productOrderForm(product.value.unit), form);
  if (!parsed.success) return invalidForm(parsed.fieldErrors, parsed.values);
  const result = await attempt(
    formValues(form),
    async () =>
      await onQuantityField(async () => await placeProductOrder(actor, productId, parsed.data)),
  );
  if (!result.ok) return result.response;
  return redirect(`/product-orders/${result.value.id}`);
}

export default function ProductPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t, name } = useI18n();
  const state = formState(actionData);
  const { product, facility, sellerName, batches, estimate, factors } = loaderData;
  const unit = name(productUnits.find((u) => u.key === product.unit));
  return (
    <>
      <PageHeader
        title={product.name}
        subtitle={`${name(productTypeByKey(product.productType))} · ${sellerName}`}
        actions={
          loaderData.canManage ? (
            <Link className="button button--primary" to={`/products/${product.id}/batches/new`}>
              {t("batch.new")}
            </Link>
          ) : null
        }
      />
      <div className={loaderData.canOrder ? "grid-2" : undefined}>
        <section className="card">
          <dl className="dl">
            <Definition term="field.standard">{product.standard}</Definition>
            {product.grade ? <Definition term="field.grade">{product.grade}</Definition> : null}
            <Definition term="field.price">
              <strong>
                {formatYuan(product.priceFenPerUnit)}/{unit}
              </strong>
            </Definition>
            <Definition term="field.stock">
              {formatUnits(product.stockMilli)} {unit}
            </Definition>
            {product.minOrderMilli > 0 ? (
              <Definition term="field.minOrder">
                {formatUnits(product.minOrderMilli)} {unit}
              </Definition>
            ) : null}
            {product.unit === "t" ? null : (
              <Definition term="field.massPerUnit">
                {(product.massPerUnitG / 1000).toLocaleString("en-US")} kg/{unit}
              </Definition>
            )}
            <Definition term="field.recycledContent">{product.recycledContentPct}%</Definition>
            <Definition term="field.facility">
              {facility.name} · {name(divisionByCode(facility.divisionCode))}
            </Definition>
            {product.description ? (
              <Definition term="field.description">{product.description}</Definition>
            ) : null}
          </dl>
        </section>
        {loaderData.canOrder ? (
          <section className="card">
            <h2>{t("productOrder.new")}</h2>
            {estimate ? (
              <div className="estimate">
                <p>
                  {t("product.estimateFor", {
                    project: estimate.projectName,
                    km: (estimate.haul.roadMetres / 1000).toFixed(1),
                    haul: formatYuan(estimate.haul.costFen),
                    unit,
                    delivered: formatYuan(product.priceFenPerUnit + estimate.haul.costFen),
                    co2: (estimate.haul.co2Grams / 1000).toFixed(2),
                  })}
                </p>
                <p className="muted small">
                  {t("product.estimateFactors", {
                    road: factors.roadFactor,
                    cost: formatYuan(factors.costFenPerTonneKm),
                    co2: (factors.co2GramsPerTonneKm / 1000).toFixed(3),
                  })}
                </p>
              </div>
            ) : null}
            {loaderData.projects.length === 0 ? (
              <EmptyState
                title="projects.empty"
                body="productOrder.needProject"
                action={<Link to="/projects/new">{t("projects.new")}</Link>}
              />
            ) : (
              <Form method="post" className="form" noValidate>
                <FormAlert state={state} />
                <SelectField
                  name="projectId"
                  label="field.project"
                  state={state}
                  defaultValue={estimate ? String(estimate.projectId) : undefined}
                  options={loaderData.projects.map((p) => ({ value: String(p.id), label: p.name }))}
                />
                <TextField
                  name="quantity"
                  label="field.quantity"
                  state={state}
                  inputMode="decimal"
                  hint={
                    product.minOrderMilli > 0
                      ? t("productOrder.quantityHint", {
                          unit,
                          min: formatUnits(product.minOrderMilli),
                        })
                      : t("productOrder.unitHint", { unit })
                  }
                />
                <TextField name="note" label="field.note" state={state} />
                <SubmitButton>{t("productOrder.place")}</SubmitButton>
              </Form>
            )}
          </section>
        ) : null}
      </div>
      <PhotosPanel
        action={`/products/${product.id}`}
        photos={loaderData.photos}
        canUpload={loaderData.canManage}
        state={stateFor(state, "photos")}
      />
      <h2>{t("batch.title")}</h2>
      {batches.length === 0 ? (
        <EmptyState
          title="batch.empty"
          body={loaderData.canManage ? "batch.emptyBody" : undefined}
        />
      ) : (
        <TableScroll label={t("batch.title")}>
          <table>
            <thead>
              <tr>
                <th>{t("field.batchNo")}</th>
                <th>{t("field.producedOn")}</th>
                <th className="num">{t("field.quantity")}</th>
                <th className="num">{t("field.inputTonnes")}</th>
                <th>{t("field.testResults")}</th>
                <th>{t("batch.openReport")}</th>
              </tr>
            </thead>
            <tbody>
              {batches.map((b) => (
                <tr key={b.id}>
                  <td>{b.batchNo}</td>
                  <td>{b.producedOn}</td>
                  <td className="num">
                    {formatUnits(b.quantityMilli)} {unit}
                  </td>
                  <td className="num">{formatTonnes(b.inputKg)}</td>
                  <td className="wrap">{b.testResults || "—"}</td>
                  <td>
                    {b.testReportFile ? (
                      <a href={`/files/${b.testReportFile}`}>{t("batch.openReport")}</a>
                    ) : (
                      "—"
                    )}
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
