import { getProductOrder, rejectProductOrder } from "~/domain/products/orders.server";
import { productOrderResource } from "~/domain/products/schemas";
import { operations } from "~/lib/api/operations";
import { endpoint, handle } from "~/lib/api/serve.server";

const reject = endpoint(
  handle(operations.rejectProductOrder, ({ actor, params }) => {
    rejectProductOrder(actor, params.orderId);
    return productOrderResource(getProductOrder(actor, params.orderId));
  }),
);

export const loader = reject;
export const action = reject;
