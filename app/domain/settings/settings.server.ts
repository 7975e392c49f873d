import { eq } from "drizzle-orm";
import { db } from "#db/client";
import { settings } from "#db/schema";

/**
 * Operational numbers with their defaults. A deployment changes one by writing a row to the
 * `settings` table; code always reads through `getSetting`, never a constant.
 */
export const settingDefaults = {
  /** A manifest in transit longer than this raises an "unclosed manifest" alert. */
  unclosedManifestHours: 6,
  /** A net weight further than this percentage from the estimate raises a "weight discrepancy" alert. */
  weightDiscrepancyPercent: 20,
  /** Road distance ≈ straight-line distance × this factor (estimate for Sichuan's road network). */
  roadFactor: 1.3,
  /** Estimated haul cost in fen per tonne-kilometre (¥0.60/t·km; an estimate, shown as such). */
  haulCostFenPerTonneKm: 60,
  /** Haul emissions in grams CO₂e per tonne-kilometre: GB/T 51366, heavy diesel truck 30 t. */
  haulCo2GramsPerTonneKm: 78,
  /** Government-invested projects must use recycled products for at least this share of each material class (川建行规〔2024〕12号). */
  usageTargetPercent: 10,
} as const;
export type SettingKey = keyof typeof settingDefaults;

export function getSetting(key: SettingKey): number {
  const row = db.select().from(settings).where(eq(settings.key, key)).get();
  return typeof row?.value === "number" ? row.value : settingDefaults[key];
}
