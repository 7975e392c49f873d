/** What the other areas of the domain may use from notifications: they import it from here alone. */
export { notify } from "./notifications.server";
