/** What the other areas of the domain may use from audit: they import it from here alone. */
export { audit } from "./audit.server";
