import { listPublishedMonths } from "~/domain/stats/published.server";
import { operations } from "~/lib/api/operations";
import { endpoint, handle } from "~/lib/api/serve.server";

const publishedMonths = endpoint(
  handle(operations.listPublishedMonths, async ({ actor, query }) => ({
    items: await listPublishedMonths(actor, query),
  })),
);

export const loader = publishedMonths;
export const action = publishedMonths;
