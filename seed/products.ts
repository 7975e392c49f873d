/**
 * The product side of the demo: recycled products at the first recyclers' plants, batches made
 * from what each plant actually weighed in (oldest loads first, never more out than in), orders
 * of the demo contractor in every state with partial deliveries and a bank transfer, and monthly
 * material-use reports that make one government-invested project comply and another fall short.
 * Deterministic: quantities and dates follow from the seed's own records, not from chance.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Tx } from "#db/client";
import {
  batchInputs,
  deliveries,
  type facilities,
  manifests,
  materialUseReports,
  payments,
  productBatches,
  productOrders,
  type projects,
  recycledProducts,
  users,
} from "#db/schema";
import { shanghaiDate, shanghaiMonth } from "~/domain/clock";
import type { ProductType, ProductUnit } from "~/domain/reference/products";

const DAY = 86_400_000;

type Facility = typeof facilities.$inferSelect;
type Project = typeof projects.$inferSelect;
type Product = typeof recycledProducts.$inferSelect;

type Kind = {
  type: ProductType;
  name: string;
  standard: string;
  grade: string;
  unit: ProductUnit;
  massPerUnitG: number;
  minOrderMilli: number;
  recycledContentPct: number;
  description: string;
  tests: string;
  code: string;
};

/** What the plants make. Prices are set per plant, within the ranges Sichuan buyers see. */
const kinds = {
  coarse: {
    type: "recycled_coarse_aggregate",
    name: "再生粗骨料 5–31.5 mm",
    standard: "GB/T 25177-2010",
    grade: "Ⅱ类",
    unit: "t",
    massPerUnitG: 1_000_000,
    minOrderMilli: 10_000,
    recycledContentPct: 100,
    description: "拆除混凝土破碎、筛分、除杂，适用于 C30 及以下混凝土和垫层。",
    tests: "压碎指标 14%，吸水率 4.2%，微粉含量 1.6%",
    code: "CA",
  },
  fine: {
    type: "recycled_fine_aggregate",
    name: "再生细骨料（再生砂）0–5 mm",
    standard: "GB/T 25176-2010",
    grade: "Ⅱ类",
    unit: "t",
    massPerUnitG: 1_000_000,
    minOrderMilli: 10_000,
    recycledContentPct: 100,
    description: "用于砌筑砂浆、抹灰砂浆和再生砖生产。",
    tests: "细度模数 2.7，单级最大压碎指标 22%，亚甲蓝值 1.1",
    code: "FA",
  },
  roadBase: {
    type: "recycled_road_base",
    name: "水泥稳定再生级配碎石",
    standard: "GB/T 45931-2025",
    grade: "基层",
    unit: "t",
    massPerUnitG: 1_000_000,
    minOrderMilli: 20_000,
    recycledContentPct: 90,
    description: "市政道路基层、底基层，厂拌，24 小时内摊铺。",
    tests: "7 d 无侧限抗压强度 3.6 MPa，压实度 98%",
    code: "RB",
  },
  brick: {
    type: "recycled_solid_brick",
    name: "再生骨料实心砖 240×115×53",
    standard: "JG/T 505-2016",
    grade: "MU15",
    unit: "piece",
    massPerUnitG: 2_400,
    minOrderMilli: 2_000_000,
    recycledContentPct: 70,
    description: "以再生细骨料为主要原料，适用于非承重及承重墙体。",
    tests: "抗压强度平均值 16.8 MPa，吸水率 12%",
    code: "BR",
  },
  paver: {
    type: "recycled_paver_permeable",
    name: "再生骨料透水砖 200×100×60",
    standard: "GB/T 25993-2023",
    grade: "Cc35",
    unit: "m2",
    massPerUnitG: 130_000,
    minOrderMilli: 50_000,
    recycledContentPct: 60,
    description: "人行道、广场、停车场透水铺装，约 130 kg/m²。",
    tests: "抗压强度 Cc35，透水系数 2.1×10⁻² cm/s",
    code: "PV",
  },
  fill: {
    type: "recycled_fill",
    name: "再生回填料（级配）",
    standard: "—",
    grade: "",
    unit: "m3",
    massPerUnitG: 1_800_000,
    minOrderMilli: 20_000,
    recycledContentPct: 100,
    description: "基坑、管沟回填，约 1.8 t/m³。",
    tests: "最大干密度 1.92 g/cm³，CBR 12%",
    code: "FL",
  },
} as const satisfies Record<string, Kind>;
type KindKey = keyof typeof kinds;

/**
 * Per plant of the first five recyclers: its products with their prices (fen per unit) and the
 * batches each made, as [tonnes of waste in, units out], in the order they were produced.
 */
const plantPlans: { products: [KindKey, number][]; batches: [KindKey, number, number][] }[] = [
  {
    products: [
      ["coarse", 4_800],
      ["fine", 3_800],
      ["brick", 48],
    ],
    batches: [
      ["coarse", 300, 282],
      ["fine", 160, 148],
      ["brick", 90, 35_000],
      ["coarse", 280, 262],
      ["fine", 140, 130],
      ["brick", 100, 40_000],
      ["coarse", 260, 244],
    ],
  },
  {
    products: [
      ["roadBase", 9_500],
      ["paver", 4_500],
      ["fill", 1_800],
    ],
    batches: [
      ["roadBase", 500, 485],
      ["paver", 140, 1_000],
      ["fill", 320, 170],
      ["roadBase", 450, 436],
      ["paver", 130, 950],
      ["fill", 300, 160],
      ["roadBase", 480, 466],
    ],
  },
  {
    products: [
      ["coarse", 4_200],
      ["roadBase", 11_000],
    ],
    batches: [
      ["coarse", 400, 376],
      ["roadBase", 500, 480],
      ["coarse", 380, 357],
      ["roadBase", 420, 404],
    ],
  },
  {
    products: [
      ["brick", 40],
      ["fine", 3_300],
      ["fill", 2_000],
    ],
    batches: [
      ["brick", 110, 45_000],
      ["fine", 150, 138],
      ["fill", 200, 105],
    ],
  },
  {
    products: [
      ["coarse", 5_500],
      ["paver", 3_800],
    ],
    batches: [
      ["coarse", 350, 330],
      ["paver", 150, 1_100],
      ["coarse", 330, 311],
    ],
  },
];

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`seed: no ${what}`);
  return value;
}

/** Products and their batches, each batch drawn from the plant's received loads, oldest first. */
function seedCatalogue(tx: Tx, plants: Facility[], at: Date, created: Date) {
  const byPlant: Map<KindKey, Product>[] = [];
  const batchesOf = new Map<number, (typeof productBatches.$inferSelect)[]>();
  plants.forEach((plant, p) => {
    const plan = must(plantPlans[p], `plan for plant ${p}`);
    const made = new Map<KindKey, Product>();
    for (const [key, priceFenPerUnit] of plan.products) {
      const kind: Kind = kinds[key];
      const product = tx
        .insert(recycledProducts)
        .values({
          orgId: plant.orgId,
          facilityId: plant.id,
          productType: kind.type,
          name: kind.name,
          standard: kind.standard,
          grade: kind.grade,
          unit: kind.unit,
          massPerUnitG: kind.massPerUnitG,
          priceFenPerUnit,
          stockMilli: 0,
          minOrderMilli: kind.minOrderMilli,
          recycledContentPct: kind.recycledContentPct,
          description: kind.description,
          divisionCode: plant.divisionCode,
          lat: plant.lat,
          lon: plant.lon,
          createdAt: created,
        })
        .returning()
        .get();
      made.set(key, product);
      batchesOf.set(product.id, []);
    }
    byPlant.push(made);

    const loads = tx
      .select({ id: manifests.id, netKg: manifests.netKg, receivedAt: manifests.receivedAt })
      .from(manifests)
      .where(and(eq(manifests.facilityId, plant.id), eq(manifests.status, "received")))
      .orderBy(asc(manifests.receivedAt), asc(manifests.id))
      .all()
      .map((l) => ({ ...l, remainingKg: l.netKg ?? 0 }));
    let next = 0;
    plan.batches.forEach(([key, tonnesIn, unitsOut], b) => {
      const kind: Kind = kinds[key];
      const product = must(made.get(key), key);
      const inputKg = tonnesIn * 1000;
      const quantityMilli = unitsOut * 1000;
      if ((quantityMilli * kind.massPerUnitG) / 1_000_000 > inputKg * 1000)
        throw new Error(`seed: batch ${key} weighs more than its input`);
      // Oldest loads first, as the batch service draws them.
      const drawn: { manifestId: number; kg: number }[] = [];
      let needed = inputKg;
      let lastReceived = 0;
      while (needed > 0) {
        const load = must(loads[next], `intake at plant ${plant.id} for batch ${b}`);
        const kg = Math.min(load.remainingKg, needed);
        if (kg > 0) {
          drawn.push({ manifestId: load.id, kg });
          lastReceived = Math.max(lastReceived, load.receivedAt?.getTime() ?? 0);
        }
        load.remainingKg -= kg;
        needed -= kg;
        if (load.remainingKg === 0) next++;
      }
      const producedMs = Math.min(lastReceived + 2 * DAY, at.getTime() - DAY);
      const producedOn = shanghaiDate(new Date(producedMs));
      const batch = tx
        .insert(productBatches)
        .values({
          productId: product.id,
          facilityId: plant.id,
          batchNo: `${kind.code}${plant.id}-${producedOn.replaceAll("-", "")}-${b + 1}`,
          producedOn,
          quantityMilli,
          inputKg,
          testResults: kind.tests,
          createdAt: new Date(producedMs),
        })
        .returning()
        .get();
      for (const d of drawn)
        tx.insert(batchInputs)
          .values({ batchId: batch.id, ...d })
          .run();
      must(batchesOf.get(product.id), "batches").push(batch);
      product.stockMilli += quantityMilli;
    });
  });
  return { byPlant, batchesOf };
}

/**
 * The demo contractor's orders, one in every state: delivered in two parts, confirmed and paid
 * by bank transfer (completed); delivered and confirmed, its transfer awaited; delivering;
 * confirmed and awaiting delivery; placed; rejected; cancelled.
 */
export function seedProducts(
  tx: Tx,
  at: Date,
  demo: { plants: Facility[]; projects: Project[]; created: Date },
) {
  const { byPlant, batchesOf } = seedCatalogue(tx, demo.plants, at, demo.created);
  const [p1, p2, p3, p4] = demo.projects as [Project, Project, Project, Project];
  const buyerUser = must(
    tx.select().from(users).where(eq(users.email, "contractor@example.com")).get(),
    "demo contractor",
  );
  const siteUser = tx.select().from(users).where(eq(users.email, "site@example.com")).get();
  const ago = (days: number, hours = 0) => new Date(at.getTime() - days * DAY - hours * 3_600_000);
  const productAt = (plant: number, key: KindKey) =>
    must(byPlant[plant]?.get(key), `${key} at plant ${plant}`);
  /** Stock is reserved when the seller confirms; deliveries come out of what was reserved. */
  const reserving = new Set(["confirmed", "delivering", "delivered", "completed"]);

  const order = (
    product: Product,
    project: Project,
    units: number,
    status: (typeof productOrders.$inferSelect)["status"],
    placedDaysAgo: number,
    note = "",
  ) => {
    const quantityMilli = units * 1000;
    if (reserving.has(status)) {
      if (product.stockMilli < quantityMilli) throw new Error(`seed: not enough ${product.name}`);
      product.stockMilli -= quantityMilli;
    }
    return tx
      .insert(productOrders)
      .values({
        productId: product.id,
        sellerOrgId: product.orgId,
        buyerOrgId: project.orgId,
        projectId: project.id,
        quantityMilli,
        unitPriceFen: product.priceFenPerUnit,
        amountFen: Math.round((quantityMilli * product.priceFenPerUnit) / 1000),
        status,
        note,
        createdByUserId: buyerUser.id,
        createdAt: ago(placedDaysAgo),
        updatedAt: ago(Math.max(0, placedDaysAgo - 2)),
      })
      .returning()
      .get();
  };
  const delivery = (
    o: typeof productOrders.$inferSelect,
    product: Product,
    units: number,
    plate: string,
    deliveredDaysAgo: number,
    confirmedDaysAgo: number | null,
  ) => {
    const batches = must(batchesOf.get(product.id), "batches");
    const batch = batches[batches.length - 1];
    tx.insert(deliveries)
      .values({
        orderId: o.id,
        batchId: batch?.id ?? null,
        quantityMilli: units * 1000,
        vehiclePlate: plate,
        deliveredAt: ago(deliveredDaysAgo, 3),
        confirmedAt: confirmedDaysAgo === null ? null : ago(confirmedDaysAgo, 1),
        confirmedByUserId: confirmedDaysAgo === null ? null : (siteUser?.id ?? buyerUser.id),
        createdAt: ago(deliveredDaysAgo, 3),
      })
      .run();
    tx.update(productOrders)
      .set({ deliveredMilli: o.deliveredMilli + units * 1000 })
      .where(eq(productOrders.id, o.id))
      .run();
    o.deliveredMilli += units * 1000;
  };

  // Project 1 (government-invested) uses enough recycled aggregate and bricks to comply.
  const coarse = productAt(0, "coarse");
  const completed = order(coarse, p1, 320, "completed", 75, "分两车次送至 1 号楼基础垫层");
  delivery(completed, coarse, 180, "川A3K721", 70, 69);
  delivery(completed, coarse, 140, "川A5T208", 66, 65);
  tx.insert(payments)
    .values({
      orderId: completed.id,
      provider: "bank_transfer",
      amountFen: completed.amountFen,
      status: "succeeded",
      bankReference: `ICBC ${shanghaiDate(ago(62)).replaceAll("-", "")} 0045 8821`,
      createdAt: ago(64),
      updatedAt: ago(62),
    })
    .run();

  const bricks = productAt(0, "brick");
  const delivered = order(bricks, p1, 60_000, "delivered", 44);
  delivery(delivered, bricks, 30_000, "川A7M516", 40, 39);
  delivery(delivered, bricks, 30_000, "川A7M516", 35, 34);
  tx.insert(payments)
    .values({
      orderId: delivered.id,
      provider: "bank_transfer",
      amountFen: delivered.amountFen,
      status: "pending",
      createdAt: ago(33),
      updatedAt: ago(33),
    })
    .run();

  order(productAt(1, "roadBase"), p1, 500, "confirmed", 6, "进场道路基层，需提前一天电话预约");

  // Project 2 (government-invested) has not used enough: it does not comply.
  const fine = productAt(0, "fine");
  const delivering = order(fine, p2, 120, "delivering", 28);
  delivery(delivering, fine, 50, "川A2C390", 25, 24);
  delivery(delivering, fine, 40, "川A2C390", 6, null);
  order(productAt(2, "coarse"), p2, 200, "cancelled", 50, "项目调整，暂不需要");

  // Projects 3 and 4.
  order(productAt(1, "paver"), p3, 1_200, "placed", 1, "小区人行道改造");
  order(productAt(3, "fill"), p4, 400, "rejected", 12, "希望本周内送达");

  for (const made of byPlant) {
    for (const product of made.values()) {
      tx.update(recycledProducts)
        .set({ stockMilli: product.stockMilli })
        .where(eq(recycledProducts.id, product.id))
        .run();
    }
  }

  // Monthly material use. Totals cover what confirmed deliveries brought in each month.
  const report = (project: Project, materialClass: string, month: string, tonnes: number) => {
    const stamp = ago(3);
    tx.insert(materialUseReports)
      .values({
        projectId: project.id,
        materialClass,
        month,
        totalKg: tonnes * 1000,
        note: "",
        createdAt: stamp,
        updatedAt: stamp,
      })
      .onConflictDoUpdate({
        target: [
          materialUseReports.projectId,
          materialUseReports.materialClass,
          materialUseReports.month,
        ],
        set: { totalKg: tonnes * 1000 },
      })
      .run();
  };
  const monthOf = (daysAgo: number) => shanghaiMonth(ago(daysAgo, 1));
  // Project 1: 320 t of 2,740 t aggregate (11.7 %), 144 t of 1,100 t masonry (13.1 %).
  const aggregateMonths = new Map<string, number>();
  for (const [days, tonnes] of [
    [69, 180],
    [65, 140],
  ] as const) {
    aggregateMonths.set(monthOf(days), (aggregateMonths.get(monthOf(days)) ?? 0) + tonnes);
  }
  const aggregateTotal = 2_240;
  const deliveredAggregate = 320;
  for (const [month, tonnes] of aggregateMonths)
    report(p1, "aggregate", month, Math.round((aggregateTotal * tonnes) / deliveredAggregate));
  report(p1, "aggregate", monthOf(10), 500);
  const masonryMonths = new Map<string, number>();
  for (const days of [39, 34])
    masonryMonths.set(monthOf(days), (masonryMonths.get(monthOf(days)) ?? 0) + 72);
  for (const [month, tonnes] of masonryMonths)
    report(p1, "masonry", month, Math.round((1_100 * tonnes) / 144));
  // Project 2: 50 t of 2,800 t aggregate (1.8 %), no recycled road base in 900 t.
  report(p2, "aggregate", monthOf(55), 1_200);
  report(p2, "aggregate", monthOf(24), 1_600);
  report(p2, "road_base", monthOf(24), 900);
}
