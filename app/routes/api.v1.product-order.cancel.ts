import { refundCancelledOrder } from "~/domain/payments/payments.server";
import { cancelProductOrder, getProductOrder } from "~/domain/products/orders.server";
import { operations } from "~/lib/api/operations";
import { productOrderResource } from "~/lib/api/resources/products";
import { endpoint, handle } from "~/lib/api/serve.server";

/** As on the order page: cancel, then refund what was paid by card. */
const cancel = endpoint(
  handle(operations.cancelProductOrder, async ({ actor, params }) => {
    await cancelProductOrder(actor, params.orderId);
    await refundCancelledOrder(actor, params.orderId);
    return productOrderResource(await getProductOrder(actor, params.orderId));
  }),
);

export const loader = cancel;
export const action = cancel;
