import { getProductOrder, placeProductOrder } from "~/domain/products/orders.server";
import { operations } from "~/lib/api/operations";
import { productOrderResource } from "~/lib/api/resources/products";
import { endpoint, handle } from "~/lib/api/serve.server";

const orders = endpoint(
  handle(operations.placeProductOrder, async ({ actor, params, body }) => {
    const order = await placeProductOrder(actor, params.productId, body);
    return productOrderResource(await getProductOrder(actor, order.id));
  }),
);

export const loader = orders;
export const action = orders;
