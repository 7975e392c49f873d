import { getProductOrder, rejectProductOrder } from "~/domain/products/orders.server";
import { operations } from "~/lib/api/operations";
import { productOrderResource } from "~/lib/api/resources/products";
import { endpoint, handle } from "~/lib/api/serve.server";

const reject = endpoint(
  handle(operations.rejectProductOrder, async ({ actor, params }) => {
    await rejectProductOrder(actor, params.orderId);
    return productOrderResource(await getProductOrder(actor, params.orderId));
  }),
);

export const loader = reject;
export const action = reject;
