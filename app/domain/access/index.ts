/** What the other areas of the domain may use from access: they import it from here alone. */
export { type Actor, authorize } from "./actor";
export { can, type OrgKind, type Permission, rolesByKind } from "./permissions";
