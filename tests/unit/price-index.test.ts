import { describe, expect, it } from "vitest";
import {
  compareFractions,
  fenPerTonne,
  medianFen,
  medianOfFractions,
  PriceIndexFilter,
  PriceIndexParams,
} from "~/domain/stats/price-index";
import { PeriodParams } from "~/domain/stats/queries";

describe("the median of whole fen", () => {
  it.each([
    [[], null],
    [[700], 700],
    [[900, 500, 700], 700],
    [[1000, 1001], 1001], // 1000.5 rounds half up
    [[1000, 1002], 1001],
    [[0, 1], 1],
    [[0, 0], 0],
    [[5, 1, 4, 2], 3], // (2 + 4) / 2
    [[5, 1, 3, 2], 3], // (2 + 3) / 2 = 2.5 → 3
  ] as const)("of %j is %s", (values, expected) => {
    expect(medianFen(values)).toBe(expected);
  });
});

describe("the median of product prices per tonne", () => {
  const sorted = (...prices: [number, number][]) =>
    prices.map(([fen, grams]) => fenPerTonne(fen, grams)).sort(compareFractions);

  it("converts a unit price to fen per tonne exactly", () => {
    // ¥40.00 a cubic metre weighing 1.5 t is ¥26.666… a tonne, kept as a fraction.
    const price = fenPerTonne(4_000, 1_500_000);
    expect(compareFractions(price, { num: 8_000n, den: 3n })).toBe(0);
    expect(medianOfFractions([price])).toBe(2_667);
  });

  it("rounds once, after taking the mean of the two middle prices", () => {
    // 3000 and 2666.67 fen/t: the mean is 2833.33 → 2833. Rounding each first would give 2834.
    expect(medianOfFractions(sorted([3_000, 1_000_000], [4_000, 1_500_000]))).toBe(2_833);
  });

  it("takes the middle of an odd count and rounds half up", () => {
    // A brick of 2.5 kg at ¥0.45 is ¥180/t; at ¥0.46, ¥184/t; at ¥1.00, ¥400/t.
    expect(medianOfFractions(sorted([45, 2_500], [100, 2_500], [46, 2_500]))).toBe(18_400);
    // A 3 kg block at 1 fen is 333.3… fen/t → 333; at 2 fen, 666.6… → 667.
    expect(medianOfFractions(sorted([1, 3_000]))).toBe(333);
    expect(medianOfFractions(sorted([2, 3_000]))).toBe(667);
    // 1 fen for 2 t is 0.5 fen/t → 1.
    expect(medianOfFractions(sorted([1, 2_000_000]))).toBe(1);
    expect(medianOfFractions([])).toBeNull();
  });
});

describe("the department API's queries", () => {
  it("refuse unreadable months, reversed and over-long periods", () => {
    expect(PeriodParams.safeParse({ from: "2026-13" }).success).toBe(false);
    expect(PeriodParams.safeParse({ from: "2026-05", to: "2026-04" }).success).toBe(false);
    expect(PeriodParams.safeParse({ from: "2016-01", to: "2026-01" }).success).toBe(false);
    expect(PeriodParams.safeParse({ from: "2016-02", to: "2026-01" }).success).toBe(true);
    expect(PriceIndexParams.safeParse({ wasteClass: "gold" }).success).toBe(false);
    expect(PriceIndexParams.safeParse({ division: "51" }).success).toBe(false);
  });

  it("while the page's filters ignore what they cannot read", () => {
    expect(
      PriceIndexFilter.parse({ from: "soon", wasteClass: "gold", productType: "recycled_fill" }),
    ).toEqual({ productType: "recycled_fill" });
  });
});
