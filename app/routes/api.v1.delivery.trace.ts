import { traceDelivery } from "~/domain/products/trace.server";
import { operations } from "~/lib/api/operations";
import { deliveryTrace } from "~/lib/api/resources/products";
import { endpoint, handle } from "~/lib/api/serve.server";

const trace = endpoint(
  handle(operations.traceDelivery, async ({ actor, params }) =>
    deliveryTrace(await traceDelivery(actor, params.deliveryId)),
  ),
);

export const loader = trace;
export const action = trace;
