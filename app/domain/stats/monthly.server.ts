import { sql } from "drizzle-orm";
import type { Tx } from "#db/client";
import { statMonthly } from "#db/schema";
import { SHANGHAI_OFFSET_MS, shanghaiMonth } from "../clock";

/** What declared off-platform disposal is filed under, next to the real facility types. */
export const OFF_PLATFORM = "off_platform";

/**
 * Adds to the monthly figures inside the caller's transaction, so they change together with the
 * record they are drawn from (a receipt, a listing close-out) or not at all.
 */
export function addToMonthly(
  tx: Tx,
  entry: {
    at: Date;
    divisionCode: string;
    wasteClass: string;
    facilityType: string;
    netKg: number;
    trips: number;
  },
): void {
  tx.insert(statMonthly)
    .values({
      month: shanghaiMonth(entry.at),
      divisionCode: entry.divisionCode,
      wasteClass: entry.wasteClass,
      facilityType: entry.facilityType,
      netKg: entry.netKg,
      trips: entry.trips,
    })
    .onConflictDoUpdate({
      target: [
        statMonthly.month,
        statMonthly.divisionCode,
        statMonthly.wasteClass,
        statMonthly.facilityType,
      ],
      set: {
        netKg: sql`${statMonthly.netKg} + ${entry.netKg}`,
        trips: sql`${statMonthly.trips} + ${entry.trips}`,
      },
    })
    .run();
}

/**
 * Recomputes the monthly figures from the records: used after bulk loads that bypass the
 * services (the demo seed, benchmarks) and by the tests that prove the two always agree.
 */
export function rebuildMonthly(tx: Tx): void {
  tx.run(sql`DELETE FROM stat_monthly`);
  tx.run(sql`
    INSERT INTO stat_monthly (month, division_code, waste_class, facility_type, net_kg, trips)
    SELECT strftime('%Y-%m', (received_at + ${SHANGHAI_OFFSET_MS}) / 1000, 'unixepoch'), division_code, waste_class, facility_type,
           sum(net_kg), count(*)
    FROM manifests WHERE status = 'received'
    GROUP BY 1, 2, 3, 4`);
  tx.run(sql`
    INSERT INTO stat_monthly (month, division_code, waste_class, facility_type, net_kg, trips)
    SELECT strftime('%Y-%m', (ended_at + ${SHANGHAI_OFFSET_MS}) / 1000, 'unixepoch'), division_code, waste_class, ${OFF_PLATFORM},
           sum(disposed_off_platform_kg), 0
    FROM waste_listings WHERE status = 'closed' AND disposed_off_platform_kg > 0
    GROUP BY 1, 2, 3`);
}
