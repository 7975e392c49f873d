import { confirmDelivery } from "~/domain/products/orders.server";
import { operations } from "~/lib/api/operations";
import { endpoint, handle } from "~/lib/api/serve.server";

const confirm = endpoint(
  handle(
    operations.confirmDelivery,
    async ({ actor, params }) => await confirmDelivery(actor, params.deliveryId),
  ),
);

export const loader = confirm;
export const action = confirm;
