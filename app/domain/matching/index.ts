/** What the other areas of the domain may use from matching: they import it from here alone. */
export { estimateHaul, type HaulEstimate } from "./haul";
export { haulFactors } from "./matching.server";
