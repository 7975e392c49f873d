import { sql } from "drizzle-orm";
import { divisions, organisations } from "./accounts";
import { check, index, integer, real, table, text } from "./dialect";

export const projects = table(
  "projects",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orgId: integer("org_id")
      .notNull()
      .references(() => organisations.id),
    name: text("name").notNull(),
    permitNo: text("permit_no").notNull(),
    divisionCode: text("division_code")
      .notNull()
      .references(() => divisions.code),
    address: text("address").notNull(),
    lat: real("lat").notNull(),
    lon: real("lon").notNull(),
    kind: text("kind", {
      enum: ["new_build", "demolition", "renovation", "infrastructure"],
    }).notNull(),
    governmentInvested: integer("government_invested", { mode: "boolean" }).notNull(),
    grossFloorAreaM2: integer("gross_floor_area_m2").notNull(),
    startsOn: text("starts_on").notNull(),
    endsOn: text("ends_on"),
    status: text("status", { enum: ["active", "completed"] })
      .notNull()
      .default("active"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("projects_org_idx").on(t.orgId),
    index("projects_division_idx").on(t.divisionCode),
    // The government-invested projects of an area: the ones the usage rule judges.
    index("projects_government_idx").on(t.divisionCode).where(sql`${t.governmentInvested} = 1`),
  ],
);

export const facilities = table(
  "facilities",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orgId: integer("org_id")
      .notNull()
      .references(() => organisations.id),
    name: text("name").notNull(),
    type: text("type", {
      enum: ["recycling_plant", "backfill_site", "landfill", "transfer_station"],
    }).notNull(),
    divisionCode: text("division_code")
      .notNull()
      .references(() => divisions.code),
    address: text("address").notNull(),
    lat: real("lat").notNull(),
    lon: real("lon").notNull(),
    acceptedClasses: text("accepted_classes", { mode: "json" }).$type<string[]>().notNull(),
    acceptedMaterials: text("accepted_materials", { mode: "json" }).$type<string[]>().notNull(),
    annualCapacityKg: integer("annual_capacity_kg").notNull(),
    approvalNo: text("approval_no").notNull(),
    approvalExpiresOn: text("approval_expires_on").notNull(),
    // What the facility charges (gate fee) per tonne, in fen; matching ranks by it.
    gateFeeFenPerTonne: integer("gate_fee_fen_per_tonne").notNull().default(0),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("facilities_org_idx").on(t.orgId),
    check("facilities_capacity_positive", sql`${t.annualCapacityKg} > 0`),
  ],
);
