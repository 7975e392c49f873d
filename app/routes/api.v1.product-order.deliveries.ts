import { recordDelivery } from "~/domain/products/orders.server";
import { operations } from "~/lib/api/operations";
import { endpoint, handle } from "~/lib/api/serve.server";

const deliveries = endpoint(
  handle(
    operations.recordDelivery,
    async ({ actor, params, body }) => await recordDelivery(actor, params.orderId, body),
  ),
);

export const loader = deliveries;
export const action = deliveries;
