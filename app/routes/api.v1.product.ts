import { getProduct } from "~/domain/products/catalogue.server";
import { productResource } from "~/domain/products/schemas";
import { operations } from "~/lib/api/operations";
import { endpoint, handle } from "~/lib/api/serve.server";

const product = endpoint(
  handle(operations.getProduct, async ({ actor, params }) =>
    productResource(await getProduct(actor, params.productId)),
  ),
);

export const loader = product;
export const action = product;
