import { z } from "zod";
import { productTypeKeys, wasteClassKeys } from "../reference";
import { inOrder, month, notTooLong, periodFields } from "./queries";

/**
 * The price index's rules that need no database: what a query may ask, and what "median" means.
 *
 * Median: the middle value of the sorted prices; for an even count, the mean of the two middle
 * values rounded half up to a whole fen (so ¥10.00 and ¥10.01 give ¥10.01). Product prices per
 * tonne are kept as exact fractions (price per unit × 1,000,000 ÷ grams per unit) until this one
 * rounding, so the median never carries a rounding of each product's price.
 */

const priceFields = {
  ...periodFields,
  division: z
    .string()
    .regex(/^\d{6}$/, "form.chooseDivision")
    .optional()
    .meta({
      description:
        "A division code (GB/T 2260) within the token's jurisdiction. Default: the jurisdiction as a whole (the province, or the token's own city or prefecture).",
    }),
  wasteClass: z.enum(wasteClassKeys, "form.chooseOne").optional().meta({
    description: "Only this waste class in the waste price rows.",
  }),
  productType: z.enum(productTypeKeys, "form.chooseOne").optional().meta({
    description: "Only this product type in the recycled product rows.",
  }),
};

/** The price index query for the API: strict. */
export const PriceIndexParams = z
  .object(priceFields)
  .refine(inOrder, { message: "form.endBeforeStart", path: ["to"] })
  .refine(notTooLong, { message: "form.outOfRange", path: ["from"] });
export type PriceIndexQuery = z.output<typeof PriceIndexParams>;

/** The same query from the page's filter form: a value that cannot be read is ignored. */
export const PriceIndexFilter = z.object({
  from: month.optional().catch(undefined),
  to: month.optional().catch(undefined),
  division: priceFields.division.catch(undefined),
  wasteClass: priceFields.wasteClass.catch(undefined),
  productType: priceFields.productType.catch(undefined),
});

/** Median of whole fen, by the rule above. Null for no values. */
export function medianFen(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const upper = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[upper] as number;
  const sum = (sorted[upper - 1] as number) + (sorted[upper] as number);
  return Math.floor((sum + 1) / 2);
}

/** An exact non-negative fraction: fen per tonne as numerator ÷ denominator. */
export type Fraction = { num: bigint; den: bigint };

/** A product's price per tonne, exactly: fen per unit × 1,000,000 g/t ÷ grams per unit. */
export const fenPerTonne = (priceFenPerUnit: number, massPerUnitG: number): Fraction => ({
  num: BigInt(priceFenPerUnit) * 1_000_000n,
  den: BigInt(massPerUnitG),
});

export const compareFractions = (a: Fraction, b: Fraction) => {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
};

/** x rounded half up to a whole number (x ≥ 0). */
const roundHalfUp = ({ num, den }: Fraction) => Number((2n * num + den) / (2n * den));

/** Median of exact fractions, by the same rule, rounded once to whole fen. */
export function medianOfFractions(sorted: readonly Fraction[]): number | null {
  if (sorted.length === 0) return null;
  const upper = Math.floor(sorted.length / 2);
  const high = sorted[upper] as Fraction;
  if (sorted.length % 2 === 1) return roundHalfUp(high);
  const low = sorted[upper - 1] as Fraction;
  return roundHalfUp({
    num: low.num * high.den + high.num * low.den,
    den: 2n * low.den * high.den,
  });
}
