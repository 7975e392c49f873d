import { getProduct } from "~/domain/products/catalogue.server";
import { operations } from "~/lib/api/operations";
import { productResource } from "~/lib/api/resources/products";
import { endpoint, handle } from "~/lib/api/serve.server";

const product = endpoint(
  handle(operations.getProduct, async ({ actor, params }) =>
    productResource(await getProduct(actor, params.productId)),
  ),
);

export const loader = product;
export const action = product;
