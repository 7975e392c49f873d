import { createBatch } from "~/domain/products/catalogue.server";
import { batchResource } from "~/domain/products/schemas";
import { operations } from "~/lib/api/operations";
import { endpoint, handle } from "~/lib/api/serve.server";

/** Without a test report file: that upload is the web form's (see the operation's description). */
const batches = endpoint(
  handle(operations.createBatch, async ({ actor, params, body }) =>
    batchResource(await createBatch(actor, params.productId, body)),
  ),
);

export const loader = batches;
export const action = batches;
