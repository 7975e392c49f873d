/**
 * Deterministic demo data: the same Sichuan every time, dated relative to the day it is loaded so
 * the last 12 months of the department's dashboard are always alive.
 */
import { sql } from "drizzle-orm";
import type { Db, Tx } from "#db/client";
import { organisations } from "#db/schema";
import { rebuildMonthly } from "#seed/monthly";
import { hashPassword } from "~/domain/accounts/password.server";
import { shanghaiDate } from "~/domain/clock";
import { divisions } from "~/domain/reference/divisions";
import {
  type FacilityType,
  type Material,
  materialsByClass,
  type ProjectKind,
  type WasteClass,
} from "~/domain/reference/waste";
import {
  insertDivisions,
  insertFacility,
  insertFeedstockSubscription,
  insertListing,
  insertManifest,
  insertOrder,
  insertOrganisation,
  insertProject,
  insertUser,
  makeCreditCode,
} from "./factories";
import { seedProducts } from "./products";
import { seededRandom } from "./random";

export const DEMO_PASSWORD = "demo-password";

const DAY = 86_400_000;
const HOUR = 3_600_000;

// Plate letters of the issuing offices, by division (GA 36).
const plateLetter: Record<string, string> = {
  "510100": "A",
  "510300": "C",
  "510400": "D",
  "510500": "E",
  "510600": "F",
  "510700": "B",
  "510800": "H",
  "510900": "J",
  "511000": "K",
  "511100": "L",
  "511300": "R",
  "511400": "Z",
  "511500": "Q",
  "511600": "X",
  "511700": "S",
  "511800": "T",
  "511900": "Y",
  "512000": "M",
  "513200": "U",
  "513300": "V",
  "513400": "W",
};

// Where most projects are: weights roughly follow each city's construction activity.
const divisionWeights: [string, number][] = [
  ["510100", 14],
  ["510700", 4],
  ["510600", 3],
  ["511500", 3],
  ["510500", 3],
  ["511300", 3],
  ["511100", 2],
  ["511400", 2],
  ["510300", 1],
  ["510400", 1],
  ["510800", 1],
  ["510900", 1],
  ["511000", 1],
  ["511600", 1],
  ["511700", 2],
  ["511800", 1],
  ["511900", 1],
  ["512000", 1],
  ["513200", 1],
  ["513300", 1],
  ["513400", 1],
];

const contractorNames = [
  "蜀都建工集团有限公司",
  "天府城建工程有限公司",
  "锦江路桥建设有限公司",
  "川西建筑安装有限公司",
  "绵州建设集团有限公司",
  "德阳市旌城建筑工程有限公司",
  "宜宾三江建设有限公司",
  "泸州酒城建工有限公司",
  "南充嘉陵建设有限公司",
  "乐山嘉州建筑有限公司",
  "眉山东坡建设工程有限公司",
  "自贡盐都建筑有限公司",
  "攀枝花钢城建设有限公司",
  "广元利州建筑有限公司",
  "遂宁船山建设有限公司",
  "内江甜城建筑有限公司",
  "广安思源建设有限公司",
  "达州通川建设有限公司",
  "雅安雨城建工有限公司",
  "巴中巴州建筑有限公司",
  "资阳雁江建设有限公司",
  "凉山邛海建设有限公司",
  "成都双流城市更新有限公司",
  "成都龙泉驿拆除工程有限公司",
];
const recyclerNames = [
  "成都绿循再生资源有限公司",
  "青白江再生建材有限公司",
  "绵阳科环再生资源有限公司",
  "德阳绿建资源化利用有限公司",
  "宜宾长江再生骨料有限公司",
  "泸州循环建材科技有限公司",
  "南充绿源建筑垃圾处置有限公司",
  "乐山再生砖业有限公司",
  "达州秦巴资源循环有限公司",
  "眉山岷江土方消纳有限公司",
  "成都天府消纳场管理有限公司",
];
const projectNames = [
  "人才公寓",
  "安置房",
  "城市更新片区",
  "学校改扩建",
  "医院门诊楼",
  "地铁站配套",
  "产业园厂房",
  "滨江绿道",
  "老旧小区改造",
  "棚户区拆除",
  "综合体",
  "市政道路",
  "体育中心",
  "商业街改造",
  "保障性住房",
];

const projectKindFor = (r: number): ProjectKind =>
  r < 0.45 ? "new_build" : r < 0.7 ? "demolition" : r < 0.85 ? "renovation" : "infrastructure";

const classesFor: Record<ProjectKind, WasteClass[]> = {
  new_build: ["engineering_muck", "construction_waste", "engineering_mud"],
  demolition: ["demolition_waste", "demolition_waste", "engineering_muck"],
  renovation: ["renovation_waste", "demolition_waste"],
  infrastructure: ["engineering_muck", "engineering_mud", "construction_waste"],
};

/** items[index], for indices the seed computes itself; a miss is a bug in the seed. */
function nth<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`seed: no item at ${index}`);
  return item;
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

function weightedDivision(rand: () => number): string {
  const total = divisionWeights.reduce((s, [, w]) => s + w, 0);
  let x = rand() * total;
  for (const [code, w] of divisionWeights) {
    x -= w;
    if (x < 0) return code;
  }
  return "510100";
}

const divisionOf = (code: string) => divisions.find((d) => d.code === code) ?? nth(divisions, 0);

function near(rand: () => number, code: string, spread = 0.12) {
  const d = divisionOf(code);
  return {
    lat: Math.round((d.lat + (rand() - 0.5) * spread) * 1e6) / 1e6,
    lon: Math.round((d.lon + (rand() - 0.5) * spread) * 1e6) / 1e6,
  };
}

function plate(rand: () => number, code: string) {
  const letters = [..."ABCDEFGHJKLMNPQRSTUVWXYZ"];
  const digits = [..."0123456789"];
  let tail = "";
  for (let i = 0; i < 5; i++)
    tail += i === 0 && rand() < 0.3 ? pick(rand, letters) : pick(rand, digits);
  return `川${plateLetter[code] ?? "A"}${tail}`;
}

const driverNames = [
  "张伟",
  "王强",
  "李军",
  "刘洋",
  "陈刚",
  "杨磊",
  "赵勇",
  "黄涛",
  "周斌",
  "吴鹏",
  "徐亮",
  "孙超",
];

/**
 * Typical gate fees per tonne by facility type, in fen, varied by the facility's number (not the
 * random stream, which would reshuffle the rest of the demo): plants ¥10–30 (the second one buys
 * clean concrete and charges nothing), backfill ¥5–15, landfill ¥20–40, transfer ¥8–20.
 */
function gateFee(type: FacilityType, n: number): number {
  switch (type) {
    case "recycling_plant":
      return n === 1 ? 0 : (10 + ((n * 13) % 21)) * 100;
    case "backfill_site":
      return (5 + ((n * 3) % 11)) * 100;
    case "landfill":
      return (20 + ((n * 7) % 21)) * 100;
    case "transfer_station":
      return (8 + ((n * 5) % 13)) * 100;
  }
}

export async function seedDemo(
  db: Db,
  at = new Date(),
): Promise<{ manifests: number; listings: number }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction((tx) => seedInside(tx, passwordHash, at), { behavior: "immediate" });
}

function seedInside(tx: Tx, passwordHash: string, at: Date) {
  const rand = seededRandom(20_260_101);
  const today = shanghaiDate(at);
  const ts = (ms: number) => new Date(ms);
  insertDivisions(tx);
  let codeSerial = 1;
  const credit = (division: string, kind: "enterprise" | "government" = "enterprise") =>
    makeCreditCode(division, codeSerial++, kind);
  const created = ts(at.getTime() - 400 * DAY);

  const platform = insertOrganisation(tx, {
    kind: "platform",
    name: "再建易平台运营",
    divisionCode: "510100",
    creditCode: credit("510100"),
    createdAt: created,
  });
  insertUser(tx, {
    orgId: platform.id,
    role: "admin",
    passwordHash,
    email: "admin@example.com",
    name: "平台管理员",
    createdAt: created,
  });

  const provinceDept = insertOrganisation(tx, {
    kind: "department",
    name: "四川省住房和城乡建设厅",
    divisionCode: "510000",
    creditCode: credit("510000", "government"),
    createdAt: created,
  });
  insertUser(tx, {
    orgId: provinceDept.id,
    role: "officer",
    passwordHash,
    email: "department@example.com",
    name: "省厅 王处长",
    createdAt: created,
  });
  for (const [code, email, name] of [
    ["510100", "chengdu@example.com", "成都市住房和城乡建设局"],
    ["510700", "mianyang@example.com", "绵阳市住房和城乡建设局"],
  ] as const) {
    const dept = insertOrganisation(tx, {
      kind: "department",
      name,
      divisionCode: code,
      creditCode: credit(code, "government"),
      createdAt: created,
    });
    insertUser(tx, {
      orgId: dept.id,
      role: "officer",
      passwordHash,
      email,
      name: `${name.slice(0, 2)} 监管员`,
      createdAt: created,
    });
  }

  // Contractors: the first is the demo account, in Chengdu.
  const contractors = contractorNames.map((name, i) => {
    const code =
      i === 0 || i >= 22
        ? "510100"
        : (divisions.find((d) => name.startsWith(d.zh.slice(0, 2)))?.code ??
          weightedDivision(rand));
    const org = insertOrganisation(tx, {
      kind: "contractor",
      name,
      divisionCode: code,
      creditCode: credit(code),
      verified: i < 20,
      createdAt: created,
    });
    insertUser(tx, {
      orgId: org.id,
      role: "manager",
      passwordHash,
      createdAt: created,
      email: i === 0 ? "contractor@example.com" : `contractor${i + 1}@example.com`,
      name: i === 0 ? "李经理" : `项目经理${i + 1}`,
    });
    if (i === 0)
      insertUser(tx, {
        orgId: org.id,
        role: "site_agent",
        passwordHash,
        email: "site@example.com",
        name: "工地 赵工",
        createdAt: created,
      });
    return org;
  });

  const recyclers = recyclerNames.map((name, i) => {
    const code =
      i <= 1 || i === 10
        ? "510100"
        : (divisions.find((d) => name.startsWith(d.zh.slice(0, 2)))?.code ?? "510100");
    const org = insertOrganisation(tx, {
      kind: "recycler",
      name,
      divisionCode: code,
      creditCode: credit(code),
      verified: true,
      createdAt: created,
    });
    insertUser(tx, {
      orgId: org.id,
      role: "manager",
      passwordHash,
      createdAt: created,
      email: i === 0 ? "recycler@example.com" : `recycler${i + 1}@example.com`,
      name: i === 0 ? "陈厂长" : `厂长${i + 1}`,
    });
    if (i === 0)
      insertUser(tx, {
        orgId: org.id,
        role: "weighbridge_clerk",
        passwordHash,
        email: "weighbridge@example.com",
        name: "地磅 刘师傅",
        createdAt: created,
      });
    return org;
  });

  // Facilities: every recycler runs a recycling plant; several also run backfill sites, landfills
  // or transfer stations. Approvals mostly valid, one expiring within 30 days, one expired.
  const inertClasses: WasteClass[] = ["construction_waste", "demolition_waste", "renovation_waste"];
  const inertMaterials: Material[] = [
    "concrete",
    "brick_masonry",
    "mortar",
    "tile_ceramic",
    "asphalt",
    "metal",
    "mixed",
    "glass",
    "wood",
    "gypsum_board",
    "plastics",
    "packaging",
  ];
  const plan: {
    owner: number;
    type: FacilityType;
    suffix: string;
  }[] = [];
  for (let i = 0; i < recyclers.length; i++) {
    plan.push({ owner: i, type: "recycling_plant", suffix: "再生骨料厂" });
  }
  for (const i of [0, 2, 4, 9, 10])
    plan.push({ owner: i, type: "backfill_site", suffix: "土方回填场" });
  for (const i of [6, 10, 8]) plan.push({ owner: i, type: "landfill", suffix: "建筑垃圾填埋场" });
  for (const i of [1, 3, 5])
    plan.push({ owner: i, type: "transfer_station", suffix: "转运调配场" });
  const facilityRows = plan.map((p, n) => {
    const org = nth(recyclers, p.owner);
    const code = org.divisionCode;
    const expiresOn =
      n === 7
        ? shanghaiDate(ts(at.getTime() - 20 * DAY))
        : n === 3
          ? shanghaiDate(ts(at.getTime() + 18 * DAY))
          : shanghaiDate(ts(at.getTime() + (200 + n * 37) * DAY));
    const classes: WasteClass[] =
      p.type === "recycling_plant"
        ? inertClasses
        : p.type === "backfill_site"
          ? ["engineering_muck", "engineering_mud"]
          : ["engineering_muck", "engineering_mud", ...inertClasses];
    const mats: Material[] =
      p.type === "backfill_site"
        ? ["soil", "mud"]
        : p.type === "recycling_plant"
          ? inertMaterials
          : [...inertMaterials, "soil", "mud"];
    const division = divisionOf(code);
    return insertFacility(tx, {
      orgId: org.id,
      name: `${division.zh.replace(/市$|藏族羌族自治州$|藏族自治州$|彝族自治州$/, "")}${p.suffix}${n === 0 ? "" : ` ${n + 1}号`}`.replace(
        " 1号",
        "",
      ),
      type: p.type,
      divisionCode: code,
      address: `${division.zh}工业园区 ${10 + n} 号`,
      ...near(rand, code, 0.3),
      acceptedClasses: classes,
      acceptedMaterials: mats,
      annualCapacityKg: (p.type === "recycling_plant" ? 600_000 : 300_000) * 1000 + n * 10_000_000,
      approvalNo: `川建垃处核〔${2024 + (n % 2)}〕${String(101 + n * 7).padStart(3, "0")}号`,
      approvalExpiresOn: expiresOn,
      gateFeeFenPerTonne: gateFee(p.type, n),
      createdAt: created,
    });
  });
  // The demo recycler wants clean concrete and brick for its plant from within 50 km.
  insertFeedstockSubscription(tx, {
    orgId: nth(facilityRows, 0).orgId,
    facilityId: nth(facilityRows, 0).id,
    wasteClasses: ["demolition_waste", "construction_waste"],
    materials: ["concrete", "brick_masonry"],
    radiusKm: 50,
    createdAt: created,
  });

  // Projects: 46, the first four for the demo contractor.
  const projectRows = Array.from({ length: 46 }, (_, i) => {
    const org =
      i < 4 ? nth(contractors, 0) : nth(contractors, 1 + ((i - 4) % (contractors.length - 1)));
    // After the demo contractor's four, one project in each of the 21 divisions, then by activity.
    const code =
      i < 4
        ? "510100"
        : i < 4 + divisions.length
          ? nth(divisions, i - 4).code
          : rand() < 0.5
            ? org.divisionCode
            : weightedDivision(rand);
    const division = divisionOf(code);
    const kind = i === 0 ? "demolition" : i === 1 ? "new_build" : projectKindFor(rand());
    const start = shanghaiDate(ts(at.getTime() - (120 + Math.floor(rand() * 600)) * DAY));
    return insertProject(tx, {
      orgId: org.id,
      name: `${division.zh.replace(/市$/, "")}${pick(rand, projectNames)}${i < 4 ? ["一期", "二期", "A区", "EPC"][i] : `${1 + (i % 5)}号地块`}`,
      permitNo: `${code}${start.replaceAll("-", "").slice(0, 6)}${String(1000 + i).padStart(4, "0")}01`,
      divisionCode: code,
      address: `${division.zh}${pick(rand, ["高新区", "经开区", "老城区", "新区", "滨江片区"])}${pick(rand, ["人民路", "建设路", "天府大道", "滨河路", "工业大道"])} ${1 + Math.floor(rand() * 300)} 号`,
      ...near(rand, code),
      kind,
      // The demo contractor's first two projects are government-invested (the 10 % rule applies).
      governmentInvested: rand() < 0.35 || i < 2,
      grossFloorAreaM2: kind === "infrastructure" ? 0 : 8_000 + Math.floor(rand() * 180_000),
      startsOn: start,
      createdAt: created,
    });
  });

  // Listings and their trips over the last 12 months; the newest are still open in the market.
  let manifestId = 0;
  let listingCount = 0;
  const startMs = at.getTime() - 365 * DAY;
  for (let i = 0; i < 132; i++) {
    const project = nth(projectRows, i % projectRows.length);
    const wasteClass = pick(rand, classesFor[project.kind]);
    const material = pick(rand, materialsByClass[wasteClass]);
    const isCurrent = i >= 92; // the last 40 are open now
    const createdMs = isCurrent
      ? at.getTime() - Math.floor(rand() * 25) * DAY - 2 * HOUR
      : startMs + Math.floor((i / 92) * 330 * DAY);
    const fromDay = shanghaiDate(ts(createdMs));
    const untilDay = shanghaiDate(
      ts(createdMs + (isCurrent ? 45 + Math.floor(rand() * 60) : 30) * DAY),
    );
    const quantityKg = (200 + Math.floor(rand() * 28) * 100) * 1000;
    const valuable = material === "concrete" || material === "metal" || material === "asphalt";
    const listing = insertListing(tx, {
      projectId: project.id,
      orgId: project.orgId,
      divisionCode: project.divisionCode,
      lat: project.lat,
      lon: project.lon,
      wasteClass,
      material,
      quantityKg,
      availableFrom: fromDay,
      availableUntil: untilDay,
      payer: valuable ? "recycler" : "producer",
      priceFenPerTonne: valuable
        ? 500 + Math.floor(rand() * 30) * 100
        : 1200 + Math.floor(rand() * 25) * 100,
      description: "",
      status: isCurrent ? "open" : "expired",
      createdAt: ts(createdMs),
      publishedAt: ts(createdMs),
    });
    listingCount++;
    // Facilities that take this waste, nearest first.
    const candidates = facilityRows
      .filter(
        (f) =>
          f.acceptedClasses.includes(wasteClass) &&
          f.acceptedMaterials.includes(material) &&
          f.approvalExpiresOn >= today,
      )
      .sort(
        (a, b) =>
          Math.hypot(a.lat - project.lat, a.lon - project.lon) -
          Math.hypot(b.lat - project.lat, b.lon - project.lon),
      );
    if (candidates.length === 0 || (isCurrent && rand() < 0.45)) continue;
    const orderCount = isCurrent ? 1 : rand() < 0.3 ? 2 : 1;
    let allocatedKg = 0;
    for (let o = 0; o < orderCount; o++) {
      const facility = nth(candidates, Math.min(o, candidates.length - 1));
      const orderKg =
        Math.floor(
          ((quantityKg - allocatedKg) * (orderCount === 2 && o === 0 ? 0.55 : 0.9)) / 1000,
        ) * 1000;
      if (orderKg <= 0) break;
      const orderMs = createdMs + (1 + o) * DAY;
      const status = isCurrent
        ? pick(rand, ["requested", "accepted", "in_progress", "in_progress"] as const)
        : "completed";
      const order = insertOrder(tx, {
        listingId: listing.id,
        recyclerOrgId: facility.orgId,
        facilityId: facility.id,
        quantityKg: orderKg,
        status: "requested",
        createdAt: ts(orderMs),
      });
      let receivedKg = 0;
      const trips =
        status === "in_progress"
          ? 2 + Math.floor(rand() * 4)
          : status === "completed"
            ? Math.floor(orderKg / 1000 / 28)
            : 0;
      for (let k = 0; k < trips; k++) {
        const dispatchedMs = Math.min(
          orderMs + DAY + k * (isCurrent ? 0.25 : 1) * DAY + Math.floor(rand() * 8) * HOUR,
          at.getTime() - 3 * HOUR,
        );
        const estimatedKg = (24 + Math.floor(rand() * 8)) * 1000;
        const inTransit = status === "in_progress" && k === trips - 1 && rand() < 0.5;
        const rejected = !inTransit && rand() < 0.015;
        const netKg = Math.round((estimatedKg * (0.9 + rand() * 0.18)) / 10) * 10;
        const tareKg = 14_000 + Math.floor(rand() * 30) * 100;
        manifestId++;
        const receivedMs = dispatchedMs + (40 + Math.floor(rand() * 100)) * 60_000;
        insertManifest(tx, {
          id: manifestId,
          manifestNo: `SC${shanghaiDate(ts(dispatchedMs)).replaceAll("-", "")}${String(manifestId).padStart(7, "0")}`,
          orderId: order.id,
          listingId: listing.id,
          projectId: project.id,
          producerOrgId: project.orgId,
          divisionCode: project.divisionCode,
          facilityId: facility.id,
          facilityType: facility.type,
          recyclerOrgId: facility.orgId,
          wasteClass,
          vehiclePlate: plate(rand, project.divisionCode),
          driverName: pick(rand, driverNames),
          hauler: `${divisionOf(project.divisionCode).zh.slice(0, 2)}渣土运输有限公司`,
          estimatedKg,
          dispatchedAt: ts(dispatchedMs),
          status: inTransit ? "dispatched" : rejected ? "rejected" : "received",
          ...(inTransit
            ? {}
            : {
                weighbridgeTicket: `WB${facility.id}-${String(manifestId).padStart(6, "0")}`,
                grossKg: netKg + tareKg,
                tareKg,
                netKg,
                receivedAt: ts(receivedMs),
                rejectReason: rejected ? "混入生活垃圾，超出接收范围" : null,
              }),
        });
        if (!inTransit && !rejected) receivedKg += netKg;
      }
      const finalStatus = status === "in_progress" && trips === 0 ? "accepted" : status;
      tx.run(
        sql`UPDATE waste_orders SET status = ${finalStatus}, received_kg = ${receivedKg} WHERE id = ${order.id}`,
      );
      allocatedKg += finalStatus === "completed" ? Math.min(orderKg, receivedKg) : orderKg;
    }
    tx.run(sql`UPDATE waste_listings SET allocated_kg = ${allocatedKg} WHERE id = ${listing.id}`);
  }
  // Recycled products made from those trips, the demo contractor's orders and usage reports.
  seedProducts(tx, at, {
    plants: facilityRows.filter((f) => f.type === "recycling_plant").slice(0, 5),
    projects: projectRows.slice(0, 4),
    created,
  });
  // The trips above were inserted directly, so the department's monthly figures are built from them.
  rebuildMonthly(tx);
  return { manifests: manifestId, listings: listingCount };
}

export function hasData(db: Db): boolean {
  return db.select({ id: organisations.id }).from(organisations).limit(1).get() !== undefined;
}
