import { createBatch } from "~/domain/products/catalogue.server";
import { operations } from "~/lib/api/operations";
import { batchResource } from "~/lib/api/resources/products";
import { endpoint, handle } from "~/lib/api/serve.server";

/** Without a test report file: that upload is the web form's (see the operation's description). */
const batches = endpoint(
  handle(operations.createBatch, async ({ actor, params, body }) =>
    batchResource(await createBatch(actor, params.productId, body)),
  ),
);

export const loader = batches;
export const action = batches;
