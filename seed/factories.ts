/**
 * Direct inserts with sensible defaults, shared by the demo seed and the tests. They bypass the
 * domain services on purpose (fixtures are history, not user actions), so callers keep the
 * denormalised columns consistent: the seed and tests pass what the services would have copied.
 */
import { eq } from "drizzle-orm";
import type { Db, Tx } from "#db/client";
import {
  divisions as divisionsTable,
  facilities,
  feedstockSubscriptions,
  manifests,
  organisations,
  projects,
  users,
  wasteListings,
  wasteOrders,
} from "#db/schema";
import { creditCodeCheckCharacter } from "~/domain/credit-code";
import { straightMetres } from "~/domain/geo";
import { divisions, province } from "~/domain/reference/divisions";

type Writer = Db | Tx;

const CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/** A valid unified social credit code for a division; `serial` makes it unique. */
export function makeCreditCode(
  divisionCode: string,
  serial: number,
  kind: "enterprise" | "government" = "enterprise",
) {
  const prefix = kind === "enterprise" ? "91" : "11";
  let body = "";
  let n = serial * 7919 + 104_729;
  for (let i = 0; i < 9; i++) {
    body += CODE_ALPHABET[n % 31];
    n = Math.floor(n / 31) + (i + 1) * 17;
  }
  const first17 = `${prefix}${divisionCode}${body}`;
  return `${first17}${creditCodeCheckCharacter(first17)}`;
}

export function insertDivisions(db: Writer) {
  for (const d of [province, ...divisions]) {
    db.insert(divisionsTable)
      .values({
        code: d.code,
        parentCode: d.code === province.code ? null : province.code,
        nameZh: d.zh,
        nameEn: d.en,
        lat: d.lat,
        lon: d.lon,
      })
      .onConflictDoNothing()
      .run();
  }
}

let serial = 1;
const next = () => serial++;

export function insertOrganisation(
  db: Writer,
  values: Partial<typeof organisations.$inferInsert> &
    Pick<typeof organisations.$inferInsert, "kind">,
) {
  const divisionCode = values.divisionCode ?? "510100";
  const n = next();
  return db
    .insert(organisations)
    .values({
      name: `${values.kind} ${n}`,
      creditCode: makeCreditCode(
        divisionCode,
        n + Math.floor(Math.random() * 1e6),
        values.kind === "department" ? "government" : "enterprise",
      ),
      verified: true,
      createdAt: new Date(),
      ...values,
      divisionCode,
    })
    .returning()
    .get();
}

export function insertUser(
  db: Writer,
  values: Pick<typeof users.$inferInsert, "orgId" | "role" | "passwordHash"> &
    Partial<typeof users.$inferInsert>,
) {
  const n = next();
  return db
    .insert(users)
    .values({
      email: `user${n}-${Math.random().toString(36).slice(2, 8)}@example.test`,
      name: `User ${n}`,
      createdAt: new Date(),
      ...values,
    })
    .returning()
    .get();
}

export function insertProject(
  db: Writer,
  values: Pick<typeof projects.$inferInsert, "orgId"> & Partial<typeof projects.$inferInsert>,
) {
  const n = next();
  return db
    .insert(projects)
    .values({
      name: `Project ${n}`,
      permitNo: `510100202601${String(n).padStart(4, "0")}0101`,
      divisionCode: "510100",
      address: "成都市高新区天府大道 1 号",
      lat: 30.6,
      lon: 104.06,
      kind: "new_build",
      governmentInvested: false,
      grossFloorAreaM2: 50_000,
      startsOn: "2026-01-01",
      createdAt: new Date(),
      ...values,
    })
    .returning()
    .get();
}

export function insertFacility(
  db: Writer,
  values: Pick<typeof facilities.$inferInsert, "orgId"> & Partial<typeof facilities.$inferInsert>,
) {
  const n = next();
  return db
    .insert(facilities)
    .values({
      name: `Facility ${n}`,
      type: "recycling_plant",
      divisionCode: "510100",
      address: "成都市青白江区 1 号",
      lat: 30.8,
      lon: 104.25,
      acceptedClasses: ["construction_waste", "demolition_waste", "renovation_waste"],
      acceptedMaterials: ["concrete", "brick_masonry", "mortar", "tile_ceramic", "mixed"],
      annualCapacityKg: 500_000_000,
      approvalNo: `成建垃处〔2026〕第${String(n).padStart(3, "0")}号`,
      approvalExpiresOn: "2099-12-31",
      createdAt: new Date(),
      ...values,
    })
    .returning()
    .get();
}

export function insertFeedstockSubscription(
  db: Writer,
  values: Pick<typeof feedstockSubscriptions.$inferInsert, "orgId" | "facilityId"> &
    Partial<typeof feedstockSubscriptions.$inferInsert>,
) {
  return db
    .insert(feedstockSubscriptions)
    .values({
      wasteClasses: ["demolition_waste"],
      materials: [],
      radiusKm: 50,
      createdAt: new Date(),
      ...values,
    })
    .returning()
    .get();
}

export function insertListing(
  db: Writer,
  values: Pick<typeof wasteListings.$inferInsert, "projectId" | "orgId" | "divisionCode"> &
    Partial<typeof wasteListings.$inferInsert>,
) {
  return db
    .insert(wasteListings)
    .values({
      wasteClass: "demolition_waste",
      material: "concrete",
      quantityKg: 500_000,
      availableFrom: "2026-01-01",
      availableUntil: "2099-12-31",
      priceFenPerTonne: 1500,
      payer: "recycler",
      // The factory project's default position.
      lat: 30.6,
      lon: 104.06,
      status: "open",
      createdAt: new Date(),
      publishedAt: new Date(),
      ...values,
    })
    .returning()
    .get();
}

/** The route an order records when it is made: its listing's site to its facility, metres. */
function routeOf(db: Writer, order: { listingId: number; facilityId: number }): number {
  const listing = db
    .select()
    .from(wasteListings)
    .where(eq(wasteListings.id, order.listingId))
    .get();
  const facility = db.select().from(facilities).where(eq(facilities.id, order.facilityId)).get();
  return listing && facility ? straightMetres(listing, facility) : 0;
}

export function insertOrder(
  db: Writer,
  values: Pick<
    typeof wasteOrders.$inferInsert,
    "listingId" | "recyclerOrgId" | "facilityId" | "quantityKg" | "status"
  > &
    Partial<typeof wasteOrders.$inferInsert>,
) {
  const at = values.createdAt ?? new Date();
  return db
    .insert(wasteOrders)
    .values({ createdAt: at, updatedAt: at, routeM: routeOf(db, values), ...values })
    .returning()
    .get();
}

export function insertManifest(db: Writer, values: typeof manifests.$inferInsert) {
  return db.insert(manifests).values(values).returning().get();
}
