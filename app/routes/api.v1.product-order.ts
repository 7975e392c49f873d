import { getProductOrder } from "~/domain/products/orders.server";
import { operations } from "~/lib/api/operations";
import { productOrderResource } from "~/lib/api/resources/products";
import { endpoint, handle } from "~/lib/api/serve.server";

const order = endpoint(
  handle(operations.getProductOrder, async ({ actor, params }) =>
    productOrderResource(await getProductOrder(actor, params.orderId)),
  ),
);

export const loader = order;
export const action = order;
