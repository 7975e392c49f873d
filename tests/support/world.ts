import { eq } from "drizzle-orm";
import { db } from "#db/client";
import { type manifests, organisations, users } from "#db/schema";
import {
  insertDivisions,
  insertFacility,
  insertListing,
  insertManifest,
  insertOrganisation,
  insertProject,
  insertUser,
} from "#seed/factories";
import type { Actor } from "~/domain/access/actor";
import type { OrgKind } from "~/domain/access/permissions";
import { hashPassword } from "~/domain/accounts/password.server";

export const TEST_PASSWORD = "test-password-1";
let passwordHash: string | undefined;

async function hash() {
  passwordHash ??= await hashPassword(TEST_PASSWORD);
  return passwordHash;
}

/** The actor a service sees for a user, read from the database as the session guard does. */
export function actorFor(userId: number): Actor {
  const row = db
    .select({ user: users, org: organisations })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.orgId))
    .where(eq(users.id, userId))
    .get();
  if (!row) throw new Error(`no user ${userId}`);
  return {
    userId: row.user.id,
    userName: row.user.name,
    email: row.user.email,
    role: row.user.role,
    orgId: row.org.id,
    orgKind: row.org.kind as OrgKind,
    orgName: row.org.name,
    orgVerified: row.org.verified,
    divisionCode: row.org.divisionCode,
  };
}

async function member(orgId: number, role: string, email: string) {
  const user = insertUser(db, {
    orgId,
    role,
    passwordHash: await hash(),
    email,
    name: email.split("@")[0] ?? email,
  });
  return { ...user, actor: () => actorFor(user.id) };
}

/**
 * A small Sichuan with one of everything: two contractors and two recyclers (so "someone else's
 * record" can be tried), departments for the province, Chengdu and Mianyang, and an admin.
 * Each call makes new organisations, so several worlds can live in one database.
 */
export async function makeWorld(tag = Math.random().toString(36).slice(2, 8)) {
  insertDivisions(db);
  const contractorA = insertOrganisation(db, {
    kind: "contractor",
    name: `Contractor A ${tag}`,
    divisionCode: "510100",
  });
  const contractorB = insertOrganisation(db, {
    kind: "contractor",
    name: `Contractor B ${tag}`,
    divisionCode: "510700",
  });
  const recyclerR = insertOrganisation(db, {
    kind: "recycler",
    name: `Recycler R ${tag}`,
    divisionCode: "510100",
  });
  const recyclerS = insertOrganisation(db, {
    kind: "recycler",
    name: `Recycler S ${tag}`,
    divisionCode: "510700",
  });
  const province = insertOrganisation(db, {
    kind: "department",
    name: `Province ${tag}`,
    divisionCode: "510000",
  });
  const chengdu = insertOrganisation(db, {
    kind: "department",
    name: `Chengdu ${tag}`,
    divisionCode: "510100",
  });
  const mianyang = insertOrganisation(db, {
    kind: "department",
    name: `Mianyang ${tag}`,
    divisionCode: "510700",
  });
  const platform = insertOrganisation(db, {
    kind: "platform",
    name: `Platform ${tag}`,
    divisionCode: "510100",
  });

  const people = {
    contractorManager: await member(contractorA.id, "manager", `a-manager-${tag}@example.test`),
    siteAgent: await member(contractorA.id, "site_agent", `a-site-${tag}@example.test`),
    otherContractor: await member(contractorB.id, "manager", `b-manager-${tag}@example.test`),
    recyclerManager: await member(recyclerR.id, "manager", `r-manager-${tag}@example.test`),
    recyclerSales: await member(recyclerR.id, "sales", `r-sales-${tag}@example.test`),
    clerk: await member(recyclerR.id, "weighbridge_clerk", `r-clerk-${tag}@example.test`),
    otherRecycler: await member(recyclerS.id, "manager", `s-manager-${tag}@example.test`),
    provinceOfficer: await member(province.id, "officer", `province-${tag}@example.test`),
    chengduOfficer: await member(chengdu.id, "officer", `chengdu-${tag}@example.test`),
    mianyangOfficer: await member(mianyang.id, "officer", `mianyang-${tag}@example.test`),
    admin: await member(platform.id, "admin", `admin-${tag}@example.test`),
  };

  const project = insertProject(db, {
    orgId: contractorA.id,
    name: `Site ${tag}`,
    divisionCode: "510100",
  });
  const otherProject = insertProject(db, {
    orgId: contractorB.id,
    name: `Other site ${tag}`,
    divisionCode: "510700",
    lat: 31.46,
    lon: 104.74,
  });
  const plant = insertFacility(db, {
    orgId: recyclerR.id,
    name: `Plant ${tag}`,
    type: "recycling_plant",
  });
  const backfill = insertFacility(db, {
    orgId: recyclerR.id,
    name: `Backfill ${tag}`,
    type: "backfill_site",
    acceptedClasses: ["engineering_muck"],
    acceptedMaterials: ["soil"],
  });
  const otherPlant = insertFacility(db, {
    orgId: recyclerS.id,
    name: `Other plant ${tag}`,
    divisionCode: "510700",
  });
  const listing = insertListing(db, {
    projectId: project.id,
    orgId: contractorA.id,
    divisionCode: "510100",
    quantityKg: 100_000,
  });

  return {
    orgs: { contractorA, contractorB, recyclerR, recyclerS, province, chengdu, mianyang, platform },
    people,
    project,
    otherProject,
    plant,
    backfill,
    otherPlant,
    listing,
  };
}
export type World = Awaited<ReturnType<typeof makeWorld>>;

let tripSerial = 0;

/**
 * A truck trip of the world's listing, from contractor A's site to recycler R's plant, dispatched
 * unless `values` say otherwise (see `weighedIn` for a received one).
 */
export function insertTrip(
  world: World,
  values: { orderId: number } & Partial<typeof manifests.$inferInsert>,
) {
  tripSerial++;
  return insertManifest(db, {
    manifestNo: `SCTRIP${process.pid}${String(tripSerial).padStart(6, "0")}`,
    listingId: world.listing.id,
    projectId: world.project.id,
    producerOrgId: world.orgs.contractorA.id,
    divisionCode: "510100",
    facilityId: world.plant.id,
    facilityType: "recycling_plant",
    recyclerOrgId: world.orgs.recyclerR.id,
    wasteClass: "demolition_waste",
    vehiclePlate: "川A12345",
    driverName: "张伟",
    hauler: "成都运输",
    estimatedKg: 30_000,
    dispatchedAt: new Date(),
    status: "dispatched",
    ...values,
  });
}

/** The fields of a trip received at the weighbridge at `at` with `netKg` net (15 t tare). */
export function weighedIn(at: Date, netKg: number, ticket: string) {
  return {
    status: "received" as const,
    weighbridgeTicket: ticket,
    grossKg: netKg + 15_000,
    tareKg: 15_000,
    netKg,
    receivedAt: at,
  };
}
