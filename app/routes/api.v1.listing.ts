import { getListing } from "~/domain/listings/listings.server";
import { operations } from "~/lib/api/operations";
import { listingResource } from "~/lib/api/resources/listings";
import { endpoint, handle } from "~/lib/api/serve.server";

const listing = endpoint(
  handle(operations.getListing, async ({ actor, params }) => {
    const view = await getListing(actor, params.listingId);
    return listingResource({ ...view, projectName: view.project.name });
  }),
);

export const loader = listing;
export const action = listing;
