/** What the other areas of the domain may use from facilities: they import it from here alone. */
export {
  APPROVAL_WARNING_DAYS,
  approvalDaysLeft,
  approvalStatus,
  facilityOfMine,
  getMyFacility,
} from "./facilities.server";
