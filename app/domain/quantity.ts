/**
 * Quantities are integer kilograms everywhere (database, domain, API). Users type tonnes with up
 * to three decimals; the string is converted digit by digit so 0.1 + 0.2 t never drifts.
 */
export type Kg = number;

const TONNES = /^\s*(\d{1,9})(?:\.(\d{1,3}))?\s*$/;

/** "12.345" t → 12345 kg; null if the text is not a plain non-negative decimal of ≤ 3 places. */
export function parseTonnesToKg(text: string): Kg | null {
  const match = TONNES.exec(text);
  if (!match) return null;
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? "").padEnd(3, "0"));
  return whole * 1000 + fraction;
}

/** 12345 kg → "12.345" (trailing zeros trimmed, at least one decimal kept off for whole tonnes). */
export function kgToTonnesText(kg: Kg): string {
  const sign = kg < 0 ? "-" : "";
  const abs = Math.abs(Math.round(kg));
  const whole = Math.floor(abs / 1000);
  const fraction = String(abs % 1000)
    .padStart(3, "0")
    .replace(/0+$/, "");
  return `${sign}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** Largest quantity a single listing may declare: 1,000,000 t, far beyond any real site. */
export const MAX_LISTING_KG: Kg = 1_000_000_000;
/** Largest load a road vehicle can carry, with margin: 100 t. */
export const MAX_TRUCK_KG: Kg = 100_000;
