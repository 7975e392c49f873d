import { createListing, getListing } from "~/domain/listings/listings.server";
import { searchMarket } from "~/domain/listings/search.server";
import { operations } from "~/lib/api/operations";
import { listingResource, marketPage } from "~/lib/api/resources/listings";
import { endpoint, handle } from "~/lib/api/serve.server";

const listings = endpoint(
  handle(operations.searchListings, async ({ actor, query }) =>
    marketPage(await searchMarket(actor, query)),
  ),
  handle(operations.createListing, async ({ actor, body }) => {
    const created = await createListing(actor, body);
    const view = await getListing(actor, created.id);
    return listingResource({ ...view, projectName: view.project.name });
  }),
);

export const loader = listings;
export const action = listings;
