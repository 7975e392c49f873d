/**
 * Haul estimates for moving waste by road: distance, cost and CO₂, in whole metres, fen and grams.
 * Every number here is an estimate and is shown as one, with the factors it came from.
 */
export type HaulFactors = {
  /** Road distance ≈ straight-line distance × this. */
  roadFactor: number;
  /** Whole fen per tonne-kilometre. */
  costFenPerTonneKm: number;
  /** Whole grams CO₂e per tonne-kilometre (GB/T 51366: heavy diesel truck 30 t, 78 g). */
  co2GramsPerTonneKm: number;
};

export type HaulEstimate = {
  roadMetres: number;
  costFenPerTonne: number;
  costFen: number;
  co2GramsPerTonne: number;
  co2Grams: number;
};

/** round(a × b × c ÷ divisor), half up, exact for any size of operands. */
function productOver(a: number, b: number, c: number, divisor: number): number {
  const product = BigInt(a) * BigInt(b) * BigInt(Math.round(c));
  const d = BigInt(divisor);
  return Number((product * 2n + d) / (2n * d));
}

/**
 * The haul of `quantityKg` over a straight-line distance, by road. The quantity counts to the
 * gram, so the 2.5 kg of one brick is as welcome as a listing's whole kilograms.
 */
export function estimateHaul(straightKm: number, quantityKg: number, f: HaulFactors): HaulEstimate {
  const roadMetres = Math.round(straightKm * 1000 * f.roadFactor);
  const grams = Math.round(quantityKg * 1000);
  return {
    roadMetres,
    // Per tonne: (m ÷ 1000) km × rate; for the quantity: (g ÷ 10⁶) t × (m ÷ 1000) km × rate.
    costFenPerTonne: productOver(roadMetres, 1, f.costFenPerTonneKm, 1000),
    costFen: productOver(grams, roadMetres, f.costFenPerTonneKm, 1_000_000_000),
    co2GramsPerTonne: productOver(roadMetres, 1, f.co2GramsPerTonneKm, 1000),
    co2Grams: productOver(grams, roadMetres, f.co2GramsPerTonneKm, 1_000_000_000),
  };
}
