/** What the other areas of the domain may use from metrics: they import it from here alone. */
export {
  governmentCompliance,
  judgeClass,
  type ProjectCompliance,
  withNames,
} from "./compliance.server";
export {
  type Definitions,
  definitionsById,
  definitionsFor,
  definitionsForPeriod,
  definitionsInForce,
} from "./definitions.server";
export {
  type FigureKey,
  type FigureSet,
  MonthFigures,
  publishedKeys,
  type ScopeFigures,
  scopesOf,
  valueOfNothing,
} from "./figures";
export {
  addToDeliveredMonthly,
  addToMonthly,
  addToOrderMonthly,
  OFF_PLATFORM,
  setUsageReport,
} from "./monthly.server";
export { rateBp } from "./rates";
export { RememberedByDivision } from "./remembered.server";
export {
  areaWithin,
  covers,
  divisionsOf,
  jurisdictionOf,
  MAX_PERIOD_MONTHS,
  monthsOf,
  type Period,
  periodBounds,
} from "./scope.server";
export {
  areaMonths,
  haulGrams,
  inDivisions,
  inMonths,
  projectsPage,
  roadMetres,
  type TripCell,
  type TripRow,
  tripsByFacility,
  tripsOfFacilityByOrder,
  tripsOfOrder,
  tripsOfProjectByOrder,
  tripsOfProjects,
} from "./trips.server";
