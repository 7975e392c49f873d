/** What the other areas of the domain may use from listings: they import it from here alone. */
export { getListing } from "./listings.server";
export { MAX_PHOTOS_PER_LISTING } from "./photos.server";
