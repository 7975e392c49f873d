/** What the other areas of the domain may use from alerts: they import it from here alone. */
export {
  alertsOfManifest,
  raiseDueAlerts,
  raiseWeightDiscrepancy,
  resolveUnclosedAlert,
} from "./alerts.server";
