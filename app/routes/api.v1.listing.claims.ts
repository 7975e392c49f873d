import { claimListing, getOrder } from "~/domain/orders/orders.server";
import { operations } from "~/lib/api/operations";
import { wasteOrderResource } from "~/lib/api/resources/orders";
import { endpoint, handle } from "~/lib/api/serve.server";

const claims = endpoint(
  handle(operations.claimListing, async ({ actor, params, body }) => {
    const order = await claimListing(actor, params.listingId, body);
    return wasteOrderResource(await getOrder(actor, order.id));
  }),
);

export const loader = claims;
export const action = claims;
