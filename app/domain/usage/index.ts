/** What the other areas of the domain may use from usage: they import it from here alone. */
export { projectsBelowUsageTarget } from "./usage.server";
