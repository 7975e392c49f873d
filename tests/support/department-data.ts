import { db, writeTransaction } from "#db/client";
import { recycledProducts } from "#db/schema";
import { insertListing, insertManifest, insertOrder } from "#seed/factories";
import { rebuildMonthly } from "#seed/monthly";
import { addMonths, now, shanghaiDayStart, shanghaiMonth } from "~/domain/clock";
import { publishMonth } from "~/domain/department/publication.server";
import { actorFor, type World } from "./world";

let ticket = 0;

/**
 * Records for the department's figures and price index, in last month (so the world's own
 * listing, published now, stays out): received trips from Chengdu (16 t at a recycling plant,
 * 4 t at a backfill site) and Mianyang (7 t recycled); listings with known prices in both; and
 * recycled products in Chengdu, one created the month before. `beforeLateTicket` runs when
 * everything but Chengdu's backfill trip is recorded (to publish the month before it arrives).
 */
export async function seedDepartmentData(
  world: World,
  beforeLateTicket: (month: string) => Promise<void> = async () => {},
) {
  const month = addMonths(shanghaiMonth(now()), -1);
  const previous = addMonths(month, -1);
  const at = (m: string, day: number) => shanghaiDayStart(`${m}-${String(day).padStart(2, "0")}`);
  const tag = world.project.name;

  const trip = (
    listing: { id: number; projectId: number; orgId: number; divisionCode: string },
    order: { id: number; recyclerOrgId: number },
    facility: { id: number; type: string },
    netKg: number,
  ) => {
    ticket += 1;
    insertManifest(db, {
      manifestNo: `DEPT-${tag}-${ticket}`.replace(/\s/g, ""),
      orderId: order.id,
      listingId: listing.id,
      projectId: listing.projectId,
      producerOrgId: listing.orgId,
      divisionCode: listing.divisionCode,
      facilityId: facility.id,
      facilityType: facility.type,
      recyclerOrgId: order.recyclerOrgId,
      wasteClass: "demolition_waste",
      vehiclePlate: "川A12345",
      driverName: "王师傅",
      hauler: "顺达运输",
      estimatedKg: netKg,
      dispatchedAt: at(month, 10),
      status: "received",
      weighbridgeTicket: `T-${tag}-${ticket}`,
      grossKg: netKg + 15_000,
      tareKg: 15_000,
      netKg,
      receivedAt: at(month, 10),
    });
  };

  const chengduOrder = insertOrder(db, {
    listingId: world.listing.id,
    recyclerOrgId: world.orgs.recyclerR.id,
    facilityId: world.plant.id,
    quantityKg: 30_000,
    status: "in_progress",
  });
  trip(world.listing, chengduOrder, world.plant, 10_000);
  trip(world.listing, chengduOrder, world.plant, 6_000);

  const mianyangListing = insertListing(db, {
    projectId: world.otherProject.id,
    orgId: world.orgs.contractorB.id,
    divisionCode: "510700",
    priceFenPerTonne: 99_999,
    payer: "producer",
    publishedAt: at(month, 5),
  });
  const mianyangOrder = insertOrder(db, {
    listingId: mianyangListing.id,
    recyclerOrgId: world.orgs.recyclerS.id,
    facilityId: world.otherPlant.id,
    quantityKg: 10_000,
    status: "in_progress",
  });
  trip(mianyangListing, mianyangOrder, { id: world.otherPlant.id, type: "recycling_plant" }, 7_000);

  // Chengdu's prices last month: gate fees 1000 and 1001 (median 1000.5 → 1001), prices paid
  // 500, 700, 900 (median 700); a draft never published does not count.
  const listed = (priceFenPerTonne: number, payer: "producer" | "recycler", day: number) =>
    insertListing(db, {
      projectId: world.project.id,
      orgId: world.orgs.contractorA.id,
      divisionCode: "510100",
      priceFenPerTonne,
      payer,
      createdAt: at(month, day),
      publishedAt: at(month, day),
    });
  listed(1_000, "producer", 3);
  listed(1_001, "producer", 4);
  listed(500, "recycler", 5);
  listed(900, "recycler", 6);
  listed(700, "recycler", 7);
  insertListing(db, {
    projectId: world.project.id,
    orgId: world.orgs.contractorA.id,
    divisionCode: "510100",
    priceFenPerTonne: 1,
    payer: "producer",
    status: "draft",
    createdAt: at(month, 8),
    publishedAt: null,
  });

  // Products: ¥30/t created the month before; ¥40 per m³ of 1.5 t (2666.67 fen/t) last month.
  const product = (values: Partial<typeof recycledProducts.$inferInsert> & { createdAt: Date }) =>
    db
      .insert(recycledProducts)
      .values({
        orgId: world.orgs.recyclerR.id,
        facilityId: world.plant.id,
        productType: "recycled_coarse_aggregate",
        name: "再生粗骨料 5-25",
        standard: "GB/T 25177-2010",
        unit: "t",
        massPerUnitG: 1_000_000,
        priceFenPerUnit: 3_000,
        recycledContentPct: 100,
        divisionCode: "510100",
        lat: 30.8,
        lon: 104.25,
        ...values,
      })
      .returning()
      .get();
  product({ createdAt: at(previous, 20) });
  product({ unit: "m3", massPerUnitG: 1_500_000, priceFenPerUnit: 4_000, createdAt: at(month, 2) });
  product({ status: "archived", priceFenPerUnit: 1, createdAt: at(previous, 1) });

  writeTransaction((tx) => rebuildMonthly(tx));
  await beforeLateTicket(month);
  trip(world.listing, chengduOrder, world.backfill, 4_000);
  writeTransaction((tx) => rebuildMonthly(tx));
  return { month, previous };
}

/**
 * Publishes `month` through the publication service: Chengdu's first version (16 t, before the
 * late ticket) is published from `beforeLateTicket`; then Chengdu's restatement, Mianyang and
 * the province.
 */
export const publishing = (world: World) => ({
  first: async (month: string) => {
    await publishMonth(actorFor(world.people.chengduOfficer.id), { month, explanation: "" });
  },
  rest: async (month: string) => {
    await publishMonth(actorFor(world.people.chengduOfficer.id), {
      month,
      explanation: "A late weighbridge ticket",
    });
    await publishMonth(actorFor(world.people.mianyangOfficer.id), { month, explanation: "" });
    await publishMonth(actorFor(world.people.provinceOfficer.id), { month, explanation: "" });
  },
});
