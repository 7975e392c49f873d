/** What the other areas of the domain may use from orders: they import it from here alone. */
export { liveOrderStatuses, wasteOrderTransitions } from "./status";
