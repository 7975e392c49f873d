import { eq, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Actor } from "../access";
import { forbidden } from "../errors";
import { PROVINCE_CODE } from "../reference";

export { covers } from "../metrics";

/**
 * The jurisdiction of a department's officer: its organisation's division, 510000 for the whole
 * province. Anyone else has none.
 */
export function departmentJurisdiction(actor: Actor): string {
  if (actor.orgKind !== "department") throw forbidden();
  return actor.divisionCode;
}

/** The filter that keeps a query to a jurisdiction (none for the province). */
export function withinJurisdiction(jurisdiction: string, column: SQLiteColumn): SQL | undefined {
  return jurisdiction === PROVINCE_CODE ? undefined : eq(column, jurisdiction);
}
