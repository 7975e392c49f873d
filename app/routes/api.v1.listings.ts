import { createListing, getListing } from "~/domain/listings/listings.server";
import { listingResource, marketPage } from "~/domain/listings/schemas";
import { searchMarket } from "~/domain/listings/search.server";
import { operations } from "~/lib/api/operations";
import { endpoint, handle } from "~/lib/api/serve.server";

const listings = endpoint(
  handle(operations.searchListings, ({ actor, query }) => marketPage(searchMarket(actor, query))),
  handle(operations.createListing, ({ actor, body }) => {
    const created = createListing(actor, body);
    const view = getListing(actor, created.id);
    return listingResource({ ...view, projectName: view.project.name });
  }),
);

export const loader = listings;
export const action = listings;
