import { createProduct, getProduct } from "~/domain/products/catalogue.server";
import { searchProducts } from "~/domain/products/search.server";
import { operations } from "~/lib/api/operations";
import { productPage, productResource } from "~/lib/api/resources/products";
import { endpoint, handle } from "~/lib/api/serve.server";

const products = endpoint(
  handle(operations.searchProducts, async ({ actor, query }) =>
    productPage(await searchProducts(actor, query)),
  ),
  handle(operations.createProduct, async ({ actor, body }) => {
    const product = await createProduct(actor, body);
    return productResource(await getProduct(actor, product.id));
  }),
);

export const loader = products;
export const action = products;
