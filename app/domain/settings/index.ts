/** What the other areas of the domain may use from settings: they import it from here alone. */
export { getSetting } from "./settings.server";
