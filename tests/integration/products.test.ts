import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { batchInputs, payments, productOrders, projects, recycledProducts } from "#db/schema";
import { insertOrder } from "#seed/factories";
import { shanghaiMonth } from "~/domain/clock";
import { confirmBankTransfer } from "~/domain/payments/payments.server";
import { createBatch, createProduct, facilityIntake } from "~/domain/products/catalogue.server";
import {
  amountFen,
  cancelProductOrder,
  confirmDelivery,
  confirmProductOrder,
  placeProductOrder,
  recordDelivery,
  rejectProductOrder,
} from "~/domain/products/orders.server";
import { ProductInput } from "~/domain/products/schemas";
import { facilityBalance, traceDelivery } from "~/domain/products/trace.server";
import { projectUsage, reportMaterialUse } from "~/domain/usage/usage.server";
import { domainError } from "../support/domain-errors";
import { insertTrip, makeWorld, type World, weighedIn } from "../support/world";

let world: World;
beforeEach(async () => {
  world = await makeWorld();
});

/** A received load of `netKg` at the world's plant, `daysAgo` days ago. */
function receivedLoad(netKg: number, daysAgo: number) {
  const order = insertOrder(db, {
    listingId: world.listing.id,
    recyclerOrgId: world.orgs.recyclerR.id,
    facilityId: world.plant.id,
    quantityKg: netKg,
    receivedKg: netKg,
    status: "completed",
  });
  const at = new Date(Date.now() - daysAgo * 86_400_000);
  return insertTrip(world, {
    orderId: order.id,
    estimatedKg: netKg,
    dispatchedAt: at,
    ...weighedIn(at, netKg, `W-${order.id}`),
  });
}

async function aggregate() {
  const input = ProductInput.parse({
    facilityId: String(world.plant.id),
    productType: "recycled_coarse_aggregate",
    name: "再生粗骨料 5–25 mm",
    standard: "GB/T 25177-2010",
    grade: "Ⅱ类",
    unit: "t",
    massPerUnitG: "1000",
    priceFenPerUnit: "45.50",
    minOrder: "10",
    recycledContentPct: "100",
  });
  return await createProduct(world.people.recyclerManager.actor(), input);
}

const batch = (
  quantityMilli: number,
  inputKg: number,
  batchNo = `B-${Math.random().toString(36).slice(2, 7)}`,
) => ({
  batchNo,
  producedOn: "2026-01-15",
  quantityMilli,
  inputKg,
  testResults: "压碎指标 12%",
});

describe("batches draw on the facility's intake", () => {
  it("records which loads a batch was made from, oldest first, and adds to stock", async () => {
    const older = receivedLoad(30_000, 10);
    const newer = receivedLoad(25_000, 5);
    const product = await aggregate();
    const made = await createBatch(
      world.people.recyclerManager.actor(),
      product.id,
      batch(40_000, 40_000),
    );
    const inputs = db.select().from(batchInputs).where(eq(batchInputs.batchId, made.id)).all();
    expect(inputs.map((i) => [i.manifestId, i.kg])).toEqual([
      [older.id, 30_000],
      [newer.id, 10_000],
    ]);
    expect(
      db.select().from(recycledProducts).where(eq(recycledProducts.id, product.id)).get()
        ?.stockMilli,
    ).toBe(40_000);
    expect(await facilityIntake(db, world.plant.id)).toEqual({
      receivedKg: 55_000,
      drawnKg: 40_000,
      availableKg: 15_000,
    });
  });

  it("cannot draw more than the facility took in, nor output more than its input", async () => {
    receivedLoad(20_000, 3);
    const product = await aggregate();
    const recycler = world.people.recyclerManager.actor();
    const exhausted = await domainError(
      async () => await createBatch(recycler, product.id, batch(20_000, 20_001)),
    );
    expect(exhausted.code).toBe("product.intakeExhausted");
    expect(exhausted.params.available).toBe("20");
    expect(
      (
        await domainError(
          async () => await createBatch(recycler, product.id, batch(20_001, 20_000)),
        )
      ).fieldErrors,
    ).toEqual({
      quantityMilli: "product.outputExceedsInput",
    });
    expect(await facilityIntake(db, world.plant.id)).toEqual({
      receivedKg: 20_000,
      drawnKg: 0,
      availableKg: 20_000,
    });
    expect(
      (
        await domainError(
          async () =>
            await createBatch(world.people.otherRecycler.actor(), product.id, batch(1_000, 1_000)),
        )
      ).status,
    ).toBe(404);
  });
});

describe("product orders", () => {
  async function stocked(tonnes = 100) {
    receivedLoad(tonnes * 1000, 2);
    const product = await aggregate();
    await createBatch(
      world.people.recyclerManager.actor(),
      product.id,
      batch(tonnes * 1000, tonnes * 1000),
    );
    return product;
  }
  const stock = (id: number) =>
    db.select().from(recycledProducts).where(eq(recycledProducts.id, id)).get()?.stockMilli;

  it("prices in whole fen, reserves stock on confirmation and releases it on cancel", async () => {
    const product = await stocked();
    const contractor = world.people.contractorManager.actor();
    const order = await placeProductOrder(contractor, product.id, {
      projectId: world.project.id,
      quantityMilli: 12_345,
      note: "",
    });
    expect(order.amountFen).toBe(amountFen(12_345, 4_550));
    expect(order.amountFen).toBe(56_170); // 12.345 t × ¥45.50 = ¥561.6975 → ¥561.70
    await confirmProductOrder(world.people.recyclerSales.actor(), order.id);
    expect(stock(product.id)).toBe(100_000 - 12_345);
    await cancelProductOrder(contractor, order.id);
    expect(stock(product.id)).toBe(100_000);
  });

  it("refuses to confirm more than is in stock, and below-minimum or foreign-project orders", async () => {
    const product = await stocked(20);
    const contractor = world.people.contractorManager.actor();
    const big = await placeProductOrder(contractor, product.id, {
      projectId: world.project.id,
      quantityMilli: 21_000,
      note: "",
    });
    expect(
      (
        await domainError(
          async () => await confirmProductOrder(world.people.recyclerManager.actor(), big.id),
        )
      ).code,
    ).toBe("product.insufficientStock");
    expect(stock(product.id)).toBe(20_000);
    expect(
      (
        await domainError(
          async () =>
            await placeProductOrder(contractor, product.id, {
              projectId: world.project.id,
              quantityMilli: 9_999,
              note: "",
            }),
        )
      ).code,
    ).toBe("product.belowMinimum");
    expect(
      (
        await domainError(
          async () =>
            await placeProductOrder(contractor, product.id, {
              projectId: world.otherProject.id,
              quantityMilli: 10_000,
              note: "",
            }),
        )
      ).status,
    ).toBe(404);
    expect(
      (await domainError(async () => await confirmProductOrder(contractor, big.id))).status,
    ).toBe(403);
    await rejectProductOrder(world.people.recyclerManager.actor(), big.id);
    expect(db.select().from(productOrders).where(eq(productOrders.id, big.id)).get()?.status).toBe(
      "rejected",
    );
  });

  it("delivers in parts, each confirmed by the buyer, and completes once paid", async () => {
    const product = await stocked();
    const contractor = world.people.contractorManager.actor();
    const seller = world.people.recyclerSales.actor();
    const order = await placeProductOrder(contractor, product.id, {
      projectId: world.project.id,
      quantityMilli: 30_000,
      note: "",
    });
    await confirmProductOrder(seller, order.id);
    const first = await recordDelivery(seller, order.id, {
      quantityMilli: 18_000,
      vehiclePlate: "川A11111",
      batchId: undefined,
    });
    expect(
      (
        await domainError(
          async () =>
            await recordDelivery(seller, order.id, {
              quantityMilli: 12_001,
              vehiclePlate: "川A22222",
              batchId: undefined,
            }),
        )
      ).params,
    ).toEqual({
      remaining: "12",
    });
    const second = await recordDelivery(seller, order.id, {
      quantityMilli: 12_000,
      vehiclePlate: "川A22222",
      batchId: undefined,
    });
    expect(
      (await domainError(async () => await cancelProductOrder(contractor, order.id))).code,
    ).toBe("productOrder.alreadyDelivering");
    expect(
      (
        await domainError(
          async () => await confirmDelivery(world.people.otherContractor.actor(), first.id),
        )
      ).status,
    ).toBe(404);
    await confirmDelivery(world.people.siteAgent.actor(), first.id);
    const statusOf = () =>
      db.select().from(productOrders).where(eq(productOrders.id, order.id)).get()?.status;
    expect(statusOf()).toBe("delivering");
    await confirmDelivery(contractor, second.id);
    await confirmDelivery(contractor, second.id);
    expect(statusOf()).toBe("delivered");
    expect(stock(product.id)).toBe(70_000);
    const started = db
      .insert(payments)
      .values({
        orderId: order.id,
        provider: "bank_transfer",
        amountFen: order.amountFen,
        status: "pending",
        createdAt: new Date(),
        updatedAt: new Date(),
      })
      .returning()
      .get();
    expect(
      (await domainError(async () => await confirmBankTransfer(contractor, started.id, "ICBC-1")))
        .status,
    ).toBe(403);
    await confirmBankTransfer(
      world.people.recyclerManager.actor(),
      started.id,
      "ICBC-20261128-001",
    );
    expect(statusOf()).toBe("completed");
  });
});

describe("usage rate and traceability", () => {
  it("counts confirmed deliveries towards the class, judges government projects against the target, and traces each delivery to its trips", async () => {
    const load = receivedLoad(50_000, 4);
    const product = await aggregate();
    const seller = world.people.recyclerManager.actor();
    const made = await createBatch(seller, product.id, batch(40_000, 40_000));
    const contractor = world.people.contractorManager.actor();
    db.update(projects)
      .set({ governmentInvested: true })
      .where(eq(projects.id, world.project.id))
      .run();
    const order = await placeProductOrder(contractor, product.id, {
      projectId: world.project.id,
      quantityMilli: 12_000,
      note: "",
    });
    await confirmProductOrder(seller, order.id);
    const delivery = await recordDelivery(seller, order.id, {
      quantityMilli: 12_000,
      vehiclePlate: "川A33333",
      batchId: made.id,
    });
    const month = shanghaiMonth(new Date());
    await reportMaterialUse(contractor, {
      projectId: world.project.id,
      materialClass: "aggregate",
      month,
      totalKg: 100_000,
      offPlatformRecycledKg: 0,
      note: "",
    });
    // Unconfirmed deliveries do not count yet.
    expect(
      (await projectUsage(contractor, world.project.id)).classes.find(
        (c) => c.materialClass === "aggregate",
      )?.rateBp,
    ).toBe(0);
    await confirmDelivery(contractor, delivery.id);
    await reportMaterialUse(contractor, {
      projectId: world.project.id,
      materialClass: "masonry",
      month,
      totalKg: 50_000,
      offPlatformRecycledKg: 0,
      note: "",
    });
    const usage = await projectUsage(contractor, world.project.id);
    const aggregateUsage = usage.classes.find((c) => c.materialClass === "aggregate");
    const masonry = usage.classes.find((c) => c.materialClass === "masonry");
    expect(aggregateUsage).toMatchObject({
      deliveredGrams: 12_000_000,
      rateBp: 1_200,
      complies: true,
      missingGrams: 0,
    });
    expect(masonry).toMatchObject({ rateBp: 0, complies: false, missingGrams: 5_000_000 });
    expect(usage.complies).toBe(false);

    const tooSmall = await domainError(
      async () =>
        await reportMaterialUse(contractor, {
          projectId: world.project.id,
          materialClass: "aggregate",
          month,
          totalKg: 11_999,
          offPlatformRecycledKg: 0,
          note: "",
        }),
    );
    expect(tooSmall.code).toBe("usage.recycledExceedsTotal");
    expect(
      (
        await domainError(
          async () =>
            await reportMaterialUse(contractor, {
              projectId: world.project.id,
              materialClass: "masonry",
              month,
              totalKg: 50_000,
              offPlatformRecycledKg: 5_000,
              note: "",
            }),
        )
      ).fieldErrors,
    ).toEqual({ evidence: "usage.evidenceRequired" });

    const trace = await traceDelivery(contractor, delivery.id);
    expect(trace.batch?.id).toBe(made.id);
    expect(trace.sources.map((s) => [s.manifest.id, s.kg, s.sourceProjectName])).toEqual([
      [load.id, 40_000, world.project.name],
    ]);
    expect(
      (
        await domainError(
          async () => await traceDelivery(world.people.otherContractor.actor(), delivery.id),
        )
      ).status,
    ).toBe(404);

    const balance = await facilityBalance(seller, world.plant.id);
    expect(balance).toMatchObject({
      receivedKg: 50_000,
      drawnKg: 40_000,
      outputGrams: 40_000_000,
      stockGrams: 28_000_000,
    });
  });
});
