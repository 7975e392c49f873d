/**
 * The department's costly sums are remembered per division and period (RememberedByDivision) and
 * read again when the division's figures change. Every change must show on the next view, even
 * several changes within one millisecond and a rebuild that removes a month's rows.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db, writeTransaction } from "#db/client";
import { write } from "#db/store";
import { insertDivisions, insertOrganisation, insertProject } from "#seed/factories";
import { rebuildMonthly } from "#seed/monthly";
import {
  addToDeliveredMonthly,
  addToMonthly,
  governmentCompliance,
  setUsageReport,
} from "~/domain/metrics";
import { deliveredByClassIn } from "~/domain/stats/deliveries.server";
import { areaTonnage } from "~/domain/stats/utilization.server";

const CHENGDU = "510100";
const MIANYANG = "510700";
const period = { from: "2026-01", to: "2026-12" };
const at = new Date("2026-06-15T04:00:00Z");
let projectId: number;

/** Adds received tonnes (or takes them back, negative) to a division's June, as a receipt does. */
const receive = (divisionCode: string, netKg: number, trips = Math.sign(netKg)) =>
  write((tx) =>
    addToMonthly(tx, {
      at,
      divisionCode,
      wasteClass: "concrete",
      facilityType: "recycling_plant",
      netKg,
      trips,
    }),
  );

const tonnes = async () => (await areaTonnage("510000", period)).total.generatedKg;
const delivered = async () =>
  (await deliveredByClassIn([CHENGDU, MIANYANG], period)).reduce((s, d) => s + d.grams, 0);
const complying = async () =>
  (await governmentCompliance([CHENGDU, MIANYANG], period, 10)).filter((p) => p.complies).length;

beforeAll(() => {
  insertDivisions(db);
  const org = insertOrganisation(db, {
    kind: "contractor",
    name: "Remembered figures contractor",
    divisionCode: CHENGDU,
  });
  projectId = insertProject(db, {
    orgId: org.id,
    governmentInvested: true,
  }).id;
});

describe("remembered department figures", () => {
  beforeEach(() => {
    // One frozen millisecond: every stamp below is taken at the same instant.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-12-01T02:00:00Z"));
  });
  afterEach(() => vi.useRealTimers());

  it("show each receipt on the next view, several in one millisecond", async () => {
    const before = await tonnes();
    for (const netKg of [1_000, 2_500, 40]) {
      await receive(CHENGDU, netKg);
      expect(await tonnes()).toBe(before + netKg);
      await receive(CHENGDU, -netKg);
      expect(await tonnes()).toBe(before);
    }
  });

  it("show a usage report and a delivery on the next judgement", async () => {
    expect(await complying()).toBe(0);
    await write((tx) =>
      setUsageReport(tx, {
        divisionCode: CHENGDU,
        projectId,
        materialClass: "aggregate",
        month: "2026-06",
        totalKg: 100_000,
        offPlatformKg: 0,
      }),
    );
    expect(await complying()).toBe(0);
    expect(await delivered()).toBe(0);
    await write((tx) =>
      addToDeliveredMonthly(
        tx,
        {
          divisionCode: CHENGDU,
          projectId,
          governmentInvested: true,
          productType: "recycled_coarse_aggregate",
          grams: 10_000_000,
        },
        at,
      ),
    );
    expect(await delivered()).toBe(10_000_000);
    expect(await complying()).toBe(1);
    // The target is part of what is remembered: a stricter one judges again.
    expect(
      (await governmentCompliance([CHENGDU], period, 20)).filter((p) => p.complies),
    ).toHaveLength(0);
  });

  it("show a rebuild that removes a month's rows", async () => {
    expect(await tonnes()).toBeGreaterThanOrEqual(0);
    await receive(MIANYANG, 7_000);
    expect(await tonnes()).toBe(7_000);
    // No manifest stands behind those figures: a rebuild from the records removes them.
    writeTransaction((tx) => rebuildMonthly(tx));
    expect(await tonnes()).toBe(0);
    expect(await delivered()).toBe(0);
    expect(await complying()).toBe(0);
  });

  it("never lose a change made by another connection to the same file", async () => {
    const { openDatabase, databasePath } = await import("#db/client");
    const other = openDatabase(databasePath);
    try {
      expect(await tonnes()).toBe(0);
      other.sqlite
        .prepare(
          `INSERT INTO stat_monthly (month, division_code, waste_class, facility_type, net_kg, trips)
           VALUES ('2026-06', ?, 'concrete', 'recycling_plant', 5000, 1)`,
        )
        .run(CHENGDU);
      other.sqlite
        .prepare(
          `INSERT INTO stat_month_changes (division_code, month, changed_at) VALUES (?, '2026-06', ?)
           ON CONFLICT DO UPDATE SET changed_at = max(changed_at + 1, excluded.changed_at)`,
        )
        .run(CHENGDU, Date.now());
      expect(await tonnes()).toBe(5_000);
    } finally {
      other.sqlite.close();
    }
  });
});
