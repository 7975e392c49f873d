import { confirmProductOrder, getProductOrder } from "~/domain/products/orders.server";
import { operations } from "~/lib/api/operations";
import { productOrderResource } from "~/lib/api/resources/products";
import { endpoint, handle } from "~/lib/api/serve.server";

const confirm = endpoint(
  handle(operations.confirmProductOrder, async ({ actor, params }) => {
    await confirmProductOrder(actor, params.orderId);
    return productOrderResource(await getProductOrder(actor, params.orderId));
  }),
);

export const loader = confirm;
export const action = confirm;
