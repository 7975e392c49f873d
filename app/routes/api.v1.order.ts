import { getOrder } from "~/domain/orders/orders.server";
import { operations } from "~/lib/api/operations";
import { wasteOrderResource } from "~/lib/api/resources/orders";
import { endpoint, handle } from "~/lib/api/serve.server";

const order = endpoint(
  handle(operations.getOrder, async ({ actor, params }) =>
    wasteOrderResource(await getOrder(actor, params.orderId)),
  ),
);

export const loader = order;
export const action = order;
