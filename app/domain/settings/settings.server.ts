import { eq } from "drizzle-orm";
import { settings } from "#db/schema";
import { read } from "#db/store";

/**
 * Operational numbers with their defaults. A deployment changes one by writing a row to the
 * `settings` table; code always reads through `getSetting`, never a constant. Targets and alert
 * thresholds are not settings: they are versioned definitions with an effective month
 * (app/domain/metrics/definitions.server.ts).
 */
export const settingDefaults = {
  /** Road distance ≈ straight-line distance × this factor (estimate for Sichuan's road network). */
  roadFactor: 1.3,
  /** Estimated haul cost in fen per tonne-kilometre (¥0.60/t·km; an estimate, shown as such). */
  haulCostFenPerTonneKm: 60,
  /** Haul emissions in grams CO₂e per tonne-kilometre: GB/T 51366, heavy diesel truck 30 t. */
  haulCo2GramsPerTonneKm: 78,
  /** CO₂e of the natural aggregate a tonne of recycled material replaces, grams: GB/T 51366, crushed stone 2.18 kg/t. */
  avoidedCo2GramsPerTonne: 2180,
} as const;
export type SettingKey = keyof typeof settingDefaults;

export async function getSetting(key: SettingKey): Promise<number> {
  return read(async (db) => {
    const row = (await db.select().from(settings).where(eq(settings.key, key)).limit(1))[0];
    return typeof row?.value === "number" ? row.value : settingDefaults[key];
  });
}
