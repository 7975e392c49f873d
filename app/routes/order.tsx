import { Form, Link, redirect } from "react-router";
import { FormAlert, formState, SubmitButton, TextField } from "~/components/form";
import { Definition, EmptyState, PageHeader, StatusBadge, TableScroll } from "~/components/ui";
import { can } from "~/domain/access/permissions";
import { requireActor } from "~/domain/accounts/session.server";
import { dispatchManifest } from "~/domain/manifests/manifests.server";
import { DispatchInput } from "~/domain/manifests/schemas";
import {
  acceptOrder,
  cancelOrder,
  completeOrder,
  declineOrder,
  getOrder,
} from "~/domain/orders/orders.server";
import { OrderDecision } from "~/domain/orders/schemas";
import { wasteOrderTransitions } from "~/domain/orders/status";
import { materialByKey, wasteClassByKey } from "~/domain/reference/lookup";
import { canTransition } from "~/domain/state-machine";
import { formatDateTime, formatTonnes } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { formValues, parseForm } from "~/lib/forms";
import { attempt, invalidForm, orRespond, routeId } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/order";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "order.title");

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const orderId = routeId(params.orderId);
  return await orRespond(async () => {
    const view = await getOrder(actor, orderId);
    const producer = view.party === "producer";
    return {
      ...view,
      can: {
        decide: producer && can(actor, "order.decide"),
        cancel: can(actor, "order.cancel"),
        complete: can(actor, "order.complete"),
        dispatch: producer && can(actor, "manifest.dispatch"),
      },
    };
  });
}

const decisions = {
  accept: acceptOrder,
  decline: declineOrder,
  cancel: cancelOrder,
  complete: completeOrder,
};

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireActor(request);
  const orderId = routeId(params.orderId);
  const form = await request.formData();
  if (form.get("intent") === "dispatch") {
    const parsed = parseForm(DispatchInput, form);
    if (!parsed.success) return invalidForm(parsed.fieldErrors, parsed.values);
    const result = await attempt(
      formValues(form),
      async () => await dispatchManifest(actor, orderId, parsed.data),
    );
    if (!result.ok) return result.response;
    return redirect(`/manifests/${result.value.id}`);
  }
  const parsed = parseForm(OrderDecision, form);
  if (!parsed.success) return invalidForm(parsed.fieldErrors, parsed.values);
  const result = await attempt({}, () => decisions[parsed.data.intent](actor, orderId));
  if (!result.ok) return result.response;
  return redirect(`/orders/${orderId}`);
}

export default function OrderPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t, name, locale } = useI18n();
  const state = formState(actionData);
  const { order, listing, project, facility, producerName, recyclerName, manifests } = loaderData;
  const allowed = (to: keyof typeof wasteOrderTransitions) =>
    canTransition(wasteOrderTransitions, order.status, to);
  const canDispatch =
    loaderData.can.dispatch && (order.status === "accepted" || order.status === "in_progress");
  return (
    <>
      <PageHeader
        title={t("order.heading", { id: order.id })}
        subtitle={`${name(wasteClassByKey(listing.wasteClass))} · ${name(materialByKey(listing.material))}`}
        actions={<StatusBadge status={order.status} />}
      />
      <FormAlert state={state} />
      <div className="grid-2">
        <section className="card">
          <dl className="dl">
            <Definition term="field.producer">{producerName}</Definition>
            <Definition term="field.project">{project.name}</Definition>
            <Definition term="field.recycler">{recyclerName}</Definition>
            <Definition term="field.facility">{facility.name}</Definition>
            <Definition term="field.quantity">{formatTonnes(order.quantityKg)}</Definition>
            <Definition term="order.received">{formatTonnes(order.receivedKg)}</Definition>
            <Definition term="listing.title">
              <Link to={`/listings/${listing.id}`}>#{listing.id}</Link>
            </Definition>
            {order.note ? <Definition term="field.note">{order.note}</Definition> : null}
          </dl>
          <Form method="post" className="inline-actions">
            {loaderData.can.decide && allowed("accepted") ? (
              <SubmitButton name="intent" value="accept">
                {t("order.accept")}
              </SubmitButton>
            ) : null}
            {loaderData.can.decide && allowed("declined") ? (
              <SubmitButton name="intent" value="decline" variant="secondary">
                {t("order.decline")}
              </SubmitButton>
            ) : null}
            {loaderData.can.complete && allowed("completed") ? (
              <SubmitButton name="intent" value="complete" variant="secondary">
                {t("order.complete")}
              </SubmitButton>
            ) : null}
            {loaderData.can.cancel && allowed("cancelled") ? (
              <SubmitButton name="intent" value="cancel" variant="danger">
                {t("order.cancel")}
              </SubmitButton>
            ) : null}
          </Form>
        </section>
        {canDispatch ? (
          <section className="card">
            <h2>{t("dispatch.title")}</h2>
            <Form method="post" className="form" noValidate>
              <TextField
                name="vehiclePlate"
                label="field.vehiclePlate"
                state={state}
                placeholder="川A12345"
                hint={t("field.vehiclePlateHint")}
                required
              />
              <TextField name="driverName" label="field.driverName" state={state} required />
              <TextField name="hauler" label="field.hauler" state={state} required />
              <TextField
                name="estimatedKg"
                label="field.estimatedTonnes"
                state={state}
                inputMode="decimal"
                required
              />
              <SubmitButton name="intent" value="dispatch">
                {t("dispatch.submit")}
              </SubmitButton>
            </Form>
          </section>
        ) : null}
      </div>
      <h2>{t("manifests.title")}</h2>
      {manifests.length === 0 ? (
        <EmptyState title="manifests.emptyOnOrder" />
      ) : (
        <TableScroll label={t("manifests.title")}>
          <table>
            <thead>
              <tr>
                <th>{t("field.manifestNo")}</th>
                <th>{t("field.vehiclePlate")}</th>
                <th>{t("field.dispatchedAt")}</th>
                <th className="num">{t("field.estimated")}</th>
                <th className="num">{t("field.net")}</th>
                <th>{t("field.status")}</th>
              </tr>
            </thead>
            <tbody>
              {manifests.map((m) => (
                <tr key={m.id}>
                  <td>
                    <Link to={`/manifests/${m.id}`}>{m.manifestNo}</Link>
                  </td>
                  <td>{m.vehiclePlate}</td>
                  <td>{formatDateTime(locale, m.dispatchedAt)}</td>
                  <td className="num">{formatTonnes(m.estimatedKg)}</td>
                  <td className="num">{m.netKg === null ? "—" : formatTonnes(m.netKg)}</td>
                  <td>
                    <StatusBadge status={m.status} />
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
