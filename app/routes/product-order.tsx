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
import { Definition, EmptyState, PageHeader, StatusBadge } from "~/components/ui";
import { can } from "~/domain/access/permissions";
import { requireActor } from "~/domain/accounts/session.server";
import { id, requiredText } from "~/domain/fields";
import {
  confirmBankRefund,
  confirmBankTransfer,
  refundCancelledOrder,
  startPayment,
} from "~/domain/payments/payments.server";
import { getProduct } from "~/domain/products/catalogue.server";
import {
  cancelProductOrder,
  confirmDelivery,
  confirmProductOrder,
  getProductOrder,
  recordDelivery,
  rejectProductOrder,
} from "~/domain/products/orders.server";
import { deliveryForm, onQuantityField } from "~/domain/products/schemas";
import { productOrderTransitions } from "~/domain/products/status";
import { productUnits } from "~/domain/reference/products";
import { canTransition } from "~/domain/state-machine";
import { formatDateTime, formatUnits, formatYuan } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { formValues, parseForm } from "~/lib/forms";
import { attempt, invalidForm, orRespond, routeId } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/product-order";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "productOrder.title");

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const orderId = routeId(params.orderId);
  // Back from Stripe Checkout: the payment shows once Stripe's webhook confirms it.
  const returnedFromCheckout = new URL(request.url).searchParams.get("paid") === "1";
  return await orRespond(async () => {
    const view = await getProductOrder(actor, orderId);
    const seller = view.side === "seller";
    return {
      ...view,
      returnedFromCheckout,
      batches: seller
        ? (await getProduct(actor, view.product.id)).batches.map((b) => ({
            id: b.id,
            batchNo: b.batchNo,
          }))
        : [],
      can: {
        sell: seller && can(actor, "product.sell"),
        cancel: can(actor, "product.cancel"),
        receive: !seller && can(actor, "product.receive"),
        pay: !seller && can(actor, "payment.pay"),
        confirmPayment: seller && can(actor, "payment.confirm"),
      },
    };
  });
}

const WithDelivery = z.object({ deliveryId: id });
const WithReference = z.object({ paymentId: id, reference: requiredText(60) });

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireActor(request);
  const orderId = routeId(params.orderId);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const back = redirect(`/product-orders/${orderId}`);
  const simple = async (work: () => unknown) => {
    const result = await attempt({ intent }, work);
    return result.ok ? back : result.response;
  };
  switch (intent) {
    case "confirm":
      return await simple(async () => await confirmProductOrder(actor, orderId));
    case "reject":
      return await simple(async () => await rejectProductOrder(actor, orderId));
    case "cancel":
      return await simple(async () => {
        await cancelProductOrder(actor, orderId);
        await refundCancelledOrder(actor, orderId);
      });
    case "deliver": {
      // The quantity is typed in the unit of the order's product.
      const order = await attempt(
        formValues(form),
        async () => await getProductOrder(actor, orderId),
      );
      if (!order.ok) return order.response;
      const parsed = parseForm(deliveryForm(order.value.product.unit), form);
      if (!parsed.success) return invalidForm(parsed.fieldErrors, parsed.values);
      const result = await attempt(
        formValues(form),
        async () =>
          await onQuantityField(async () => await recordDelivery(actor, orderId, parsed.data)),
      );
      return result.ok ? back : result.response;
    }
    case "confirm_delivery": {
      const parsed = parseForm(WithDelivery, form);
      if (!parsed.success) return invalidForm(parsed.fieldErrors, parsed.values);
      return await simple(async () => await confirmDelivery(actor, parsed.data.deliveryId));
    }
    case "refund":
      return await simple(async () => await refundCancelledOrder(actor, orderId));
    case "pay": {
      const origin = new URL(request.url).origin;
      const result = await attempt(
        { intent },
        async () => await startPayment(actor, orderId, origin),
      );
      if (!result.ok) return result.response;
      return result.value.kind === "stripe" ? redirect(result.value.url) : back;
    }
    case "confirm_transfer":
    case "refund_transfer": {
      const parsed = parseForm(WithReference, form);
      if (!parsed.success) return invalidForm(parsed.fieldErrors, parsed.values);
      const confirm = intent === "confirm_transfer" ? confirmBankTransfer : confirmBankRefund;
      const result = await attempt(formValues(form), () =>
        confirm(actor, parsed.data.paymentId, parsed.data.reference),
      );
      return result.ok ? back : result.response;
    }
    default:
      return invalidForm({ intent: "form.chooseOne" }, {});
  }
}

export default function ProductOrderPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t, name, locale } = useI18n();
  const state = formState(actionData);
  const { order, product, project, buyerName, sellerName, deliveries, payments, paidFen } =
    loaderData;
  const unit = name(productUnits.find((u) => u.key === product.unit));
  const allowed = (to: keyof typeof productOrderTransitions) =>
    canTransition(productOrderTransitions, order.status, to);
  const remaining = order.quantityMilli - order.deliveredMilli;
  const delivering =
    loaderData.can.sell &&
    (order.status === "confirmed" || order.status === "delivering") &&
    remaining > 0;
  const dueFen = order.amountFen - paidFen;
  const payable = ["confirmed", "delivering", "delivered"].includes(order.status) && dueFen > 0;
  // A bank transfer on its way waits for the seller; paying again would pay twice.
  const awaitingTransfer = payments.some(
    (p) => p.provider === "bank_transfer" && p.status === "pending",
  );
  // A cancelled order still holding card money (the refund did not get through): retry it.
  const refundDue =
    order.status === "cancelled" &&
    payments.some(
      (p) =>
        p.provider === "stripe" &&
        (p.status === "pending" || (p.status === "succeeded" && p.refundedFen < p.amountFen)),
    );
  return (
    <>
      <PageHeader
        title={t("productOrder.heading", { id: order.id })}
        subtitle={`${product.name} · ${project.name}`}
        actions={<StatusBadge status={order.status} />}
      />
      <FormAlert
        state={stateFor(
          state,
          "confirm",
          "reject",
          "cancel",
          "refund",
          "pay",
          "confirm_delivery",
          "confirm_transfer",
          "refund_transfer",
          "",
          undefined,
        )}
      />
      {loaderData.returnedFromCheckout && payable ? (
        <p className="alert alert--ok" role="status">
          {t("payment.returned")}
        </p>
      ) : null}
      <div className={delivering ? "grid-2" : undefined}>
        <section className="card">
          <dl className="dl">
            <Definition term="field.buyer">{buyerName}</Definition>
            <Definition term="field.project">{project.name}</Definition>
            <Definition term="field.seller">{sellerName}</Definition>
            <Definition term="field.productName">
              <Link to={`/products/${product.id}`}>{product.name}</Link>
            </Definition>
            <Definition term="field.quantity">
              {formatUnits(order.quantityMilli)} {unit}
            </Definition>
            <Definition term="productOrder.delivered">
              {formatUnits(order.deliveredMilli)} {unit}
            </Definition>
            <Definition term="field.amount">
              {formatYuan(order.amountFen)} ({formatYuan(order.unitPriceFen)}/{unit})
            </Definition>
            <Definition term="productOrder.paid">{formatYuan(paidFen)}</Definition>
          </dl>
          <Form method="post" className="inline-actions">
            {loaderData.can.sell && allowed("confirmed") ? (
              <SubmitButton name="intent" value="confirm">
                {t("productOrder.confirm")}
              </SubmitButton>
            ) : null}
            {loaderData.can.sell && allowed("rejected") ? (
              <SubmitButton name="intent" value="reject" variant="secondary">
                {t("productOrder.reject")}
              </SubmitButton>
            ) : null}
            {loaderData.can.cancel && allowed("cancelled") && order.deliveredMilli === 0 ? (
              <SubmitButton name="intent" value="cancel" variant="danger">
                {t("productOrder.cancel")}
              </SubmitButton>
            ) : null}
            {loaderData.can.cancel && refundDue ? (
              <SubmitButton name="intent" value="refund" variant="secondary">
                {t("payment.retryRefund")}
              </SubmitButton>
            ) : null}
            {loaderData.can.pay && payable && !awaitingTransfer ? (
              <SubmitButton name="intent" value="pay">
                {t("payment.pay", { amount: formatYuan(dueFen) })}
              </SubmitButton>
            ) : null}
          </Form>
        </section>
        {delivering ? (
          <section className="card">
            <h2>{t("delivery.record")}</h2>
            <Form method="post" className="form" noValidate>
              <FormAlert state={stateFor(state, "deliver")} />
              <TextField
                name="quantity"
                label="field.quantity"
                state={stateFor(state, "deliver")}
                inputMode="decimal"
                hint={t("delivery.remaining", {
                  remaining: `${formatUnits(remaining)} ${unit}`,
                })}
              />
              <TextField
                name="vehiclePlate"
                label="field.vehiclePlate"
                state={stateFor(state, "deliver")}
                placeholder="川A12345"
              />
              <SelectField
                name="batchId"
                label="field.batch"
                state={stateFor(state, "deliver")}
                placeholder={t("delivery.noBatch")}
                options={loaderData.batches.map((b) => ({ value: String(b.id), label: b.batchNo }))}
              />
              <SubmitButton name="intent" value="deliver">
                {t("delivery.submit")}
              </SubmitButton>
            </Form>
          </section>
        ) : null}
      </div>
      <h2>{t("delivery.title")}</h2>
      {loaderData.can.receive && deliveries.some((d) => !d.confirmedAt) ? (
        <p className="muted small">{t("delivery.confirmHint")}</p>
      ) : null}
      {deliveries.length === 0 ? (
        <EmptyState
          title="delivery.empty"
          body={
            loaderData.side === "seller" ? "delivery.emptyBodySeller" : "delivery.emptyBodyBuyer"
          }
        />
      ) : (
        <ul className="cards deliveries">
          {deliveries.map((d, i) => (
            <li key={d.id} className="card delivery" data-delivery={d.id}>
              <div className="delivery__head">
                <h3>{t("delivery.number", { n: i + 1 })}</h3>
                <span className={`badge badge--${d.confirmedAt ? "green" : "amber"}`}>
                  {t(d.confirmedAt ? "delivery.receivedBadge" : "delivery.awaitingBadge")}
                </span>
              </div>
              <p>
                <strong className="delivery__quantity">
                  {formatUnits(d.quantityMilli)} {unit}
                </strong>{" "}
                · {d.vehiclePlate}
              </p>
              <p className="muted small">
                {t("delivery.deliveredOn", { at: formatDateTime(locale, d.deliveredAt) })}
                {d.confirmedAt
                  ? ` · ${t("delivery.confirmedOn", { at: formatDateTime(locale, d.confirmedAt) })}`
                  : ""}
              </p>
              <div className="inline-actions">
                {loaderData.can.receive && !d.confirmedAt ? (
                  <Form method="post">
                    <input type="hidden" name="deliveryId" value={d.id} />
                    <SubmitButton name="intent" value="confirm_delivery">
                      {t("delivery.confirm")}
                    </SubmitButton>
                  </Form>
                ) : null}
                <Link to={`/deliveries/${d.id}/trace`}>{t("delivery.trace")}</Link>
              </div>
            </li>
          ))}
        </ul>
      )}
      <h2>{t("payment.title")}</h2>
      {payments.length === 0 ? (
        <EmptyState title="payment.empty" />
      ) : (
        <ul className="cards">
          {payments.map((p) => (
            <li key={p.id} className="card payment">
              <p>
                <strong>{formatYuan(p.amountFen)}</strong> ·{" "}
                {t(p.provider === "stripe" ? "payment.stripe" : "payment.bankTransfer")}{" "}
                <StatusBadge status={`payment_${p.status}`} />
              </p>
              {p.provider === "bank_transfer" && p.status === "pending" ? (
                <p className="muted small">
                  {loaderData.side === "seller"
                    ? t("payment.bankInstructionsSeller", { order: order.id, buyer: buyerName })
                    : t("payment.bankInstructions", { order: order.id, seller: sellerName })}
                </p>
              ) : null}
              {p.bankReference ? (
                <p className="muted small">
                  {t("payment.reference", { reference: p.bankReference })}
                </p>
              ) : null}
              {loaderData.can.confirmPayment &&
              p.provider === "bank_transfer" &&
              p.status === "pending" ? (
                <Form method="post" className="form" noValidate>
                  <input type="hidden" name="paymentId" value={p.id} />
                  <TextField
                    name="reference"
                    label="field.bankReference"
                    state={stateFor(state, "confirm_transfer")}
                  />
                  <SubmitButton name="intent" value="confirm_transfer">
                    {t("payment.confirmTransfer")}
                  </SubmitButton>
                </Form>
              ) : null}
              {loaderData.can.confirmPayment &&
              p.provider === "bank_transfer" &&
              p.status === "succeeded" &&
              order.status === "cancelled" ? (
                <Form method="post" className="form" noValidate>
                  <input type="hidden" name="paymentId" value={p.id} />
                  <TextField
                    name="reference"
                    label="field.bankReference"
                    state={stateFor(state, "refund_transfer")}
                  />
                  <SubmitButton name="intent" value="refund_transfer" variant="secondary">
                    {t("payment.confirmRefund")}
                  </SubmitButton>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
