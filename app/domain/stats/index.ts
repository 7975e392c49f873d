/** What the other areas of the domain may use from stats: they import it from here alone. */
export { areaFigures } from "./dashboard.server";
export type { Tonnage } from "./utilization.server";
