import { claimListing, getOrder } from "~/domain/orders/orders.server";
import { wasteOrderResource } from "~/domain/orders/schemas";
import { operations } from "~/lib/api/operations";
import { endpoint, handle } from "~/lib/api/serve.server";

const claims = endpoint(
  handle(operations.claimListing, ({ actor, params, body }) => {
    const order = claimListing(actor, params.listingId, body);
    return wasteOrderResource(getOrder(actor, order.id));
  }),
);

export const loader = claims;
export const action = claims;
