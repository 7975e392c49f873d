import { priceIndex } from "~/domain/stats/price-index.server";
import { operations } from "~/lib/api/operations";
import { endpoint, handle } from "~/lib/api/serve.server";

const prices = endpoint(
  handle(operations.getPriceIndex, async ({ actor, query }) => await priceIndex(actor, query)),
);

export const loader = prices;
export const action = prices;
