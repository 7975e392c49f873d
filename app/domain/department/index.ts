/** What the other areas of the domain may use from department: they import it from here alone. */
export { rectificationDocument } from "./rectification.server";
