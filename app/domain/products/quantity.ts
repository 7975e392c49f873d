import type { ErrorCode } from "../error-codes";
import type { ProductUnit } from "../reference";

/**
 * Product quantities are integer thousandths of the product's unit ("milli-units"). People type
 * units with up to three decimals, or whole pieces; the text is converted digit by digit.
 */
const UNITS = /^\s*(\d{1,9})(?:\.(\d{1,3}))?\s*$/;

/** The most of a product any quantity (stock, order, batch, delivery) may hold, in milli-units. */
export const MAX_UNITS_MILLI = 1_000_000_000_000;

/** Bricks and blocks are counted in whole pieces; the other units take thousandths. */
export function fitsUnit(milli: number, unit: ProductUnit): boolean {
  return unit !== "piece" || milli % 1000 === 0;
}

export function parseUnitsToMilli(text: string, unit: ProductUnit): number | null {
  const match = UNITS.exec(text);
  if (!match) return null;
  const milli = Number(match[1]) * 1000 + Number((match[2] ?? "").padEnd(3, "0"));
  return fitsUnit(milli, unit) ? milli : null;
}

/**
 * What is wrong with a quantity of a product given in milli-units, or null: the one check the
 * services make of every quantity, whether a form typed it as text or a program sent a number.
 */
export function unitQuantityError(
  milli: number,
  unit: ProductUnit,
  minMilli = 1,
): ErrorCode | null {
  if (!Number.isSafeInteger(milli)) return "form.wholeMilli";
  if (milli < minMilli) return "form.quantityTooSmall";
  if (milli > MAX_UNITS_MILLI) return "form.quantityTooLarge";
  return fitsUnit(milli, unit) ? null : "product.wholePieces";
}

export function milliToUnitsText(milli: number): string {
  const whole = Math.floor(milli / 1000);
  const fraction = String(milli % 1000)
    .padStart(3, "0")
    .replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/**
 * Mass in grams of a quantity. Exact: pieces are whole, and for the other units the mass per
 * unit is a whole number of kilograms' thousandths times a thousand (validated on the product).
 */
export function milliToGrams(milli: number, massPerUnitG: number): number {
  return Math.round((milli * massPerUnitG) / 1000);
}
