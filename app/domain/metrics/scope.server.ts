import { type Actor, authorize } from "../access";
import { addMonths, shanghaiDayStart } from "../clock";
import { notFound } from "../errors";
import { divisions, PROVINCE_CODE } from "../reference";

const divisionCodes = divisions.map((d) => d.code);

/** A period of whole months, inclusive, in Asia/Shanghai. */
export type Period = { from: string; to: string };

/** The longest period a page shows; older history is reached by moving `to`. */
export const MAX_PERIOD_MONTHS = 120;

/** The instants a period covers: [start, end). */
export function periodBounds(period: Period) {
  return {
    start: shanghaiDayStart(`${period.from}-01`),
    end: shanghaiDayStart(`${addMonths(period.to, 1)}-01`),
  };
}

export function monthsOf(period: Period): string[] {
  const months: string[] = [];
  for (let m = period.from; m <= period.to; m = addMonths(m, 1)) months.push(m);
  return months;
}

export const inPeriod = (period: Period, month: string | null | undefined) =>
  month != null && month >= period.from && month <= period.to;

/** The divisions an area covers: the province is all 21; a division itself; anything else none. */
export function divisionsOf(area: string): string[] {
  if (area === PROVINCE_CODE) return divisionCodes;
  return divisionCodes.includes(area) ? [area] : [];
}

/** Whether a record in `divisionCode` lies in `area` (the province, or that very division). */
export function covers(area: string, divisionCode: string): boolean {
  return area === PROVINCE_CODE ? divisionCodes.includes(divisionCode) : area === divisionCode;
}

/**
 * The department's jurisdiction (its organisation's division: 510000 is the whole province).
 * Every figure and drill-down is read through this, so nothing outside it is ever counted.
 */
export function jurisdictionOf(actor: Actor): string {
  authorize(actor, "stats.read");
  return actor.divisionCode;
}

/**
 * An area a department may drill into: its whole jurisdiction or one division inside it. Anything
 * else is "not found", so a city officer cannot even learn what another city's page would hold.
 */
export function areaWithin(actor: Actor, area: string): string {
  const jurisdiction = jurisdictionOf(actor);
  if (area === jurisdiction && divisionsOf(area).length > 0) return area;
  if (area !== PROVINCE_CODE && covers(jurisdiction, area)) return area;
  throw notFound();
}
