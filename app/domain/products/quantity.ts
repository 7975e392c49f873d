import type { ProductUnit } from "../reference/products";

/**
 * Product quantities are integer thousandths of the product's unit ("milli-units"). People type
 * units with up to three decimals, or whole pieces; the text is converted digit by digit.
 */
const UNITS = /^\s*(\d{1,9})(?:\.(\d{1,3}))?\s*$/;

export function parseUnitsToMilli(text: string, unit: ProductUnit): number | null {
  const match = UNITS.exec(text);
  if (!match) return null;
  if (unit === "piece" && match[2] && Number(match[2]) !== 0) return null;
  return Number(match[1]) * 1000 + Number((match[2] ?? "").padEnd(3, "0"));
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
