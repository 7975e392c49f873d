import { forbidden } from "../errors";
import { can, type OrgKind, type Permission } from "./permissions";

/** The signed-in person as every service sees them: who, for which organisation, where. */
export type Actor = {
  userId: number;
  userName: string;
  email: string;
  role: string;
  orgId: number;
  orgKind: OrgKind;
  orgName: string;
  orgVerified: boolean;
  /** The organisation's division; for a department, its jurisdiction (510000 = whole province). */
  divisionCode: string;
  /** Set when the call came through the API: the token acts for the user who created it. */
  apiTokenId?: number;
};

/** The one guard: throws 403 unless the actor's kind and role hold the permission. */
export function authorize(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw forbidden();
}
