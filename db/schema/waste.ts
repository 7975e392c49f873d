import { sql } from "drizzle-orm";
import { monthInShanghai } from "../sql";
import { organisations, users } from "./accounts";
import { check, generatedText, index, integer, real, table, text, uniqueIndex } from "./dialect";
import { facilities, projects } from "./sites";

export const wasteListings = table(
  "waste_listings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id),
    orgId: integer("org_id")
      .notNull()
      .references(() => organisations.id),
    // Copied from the project so the market filters without a join; a project never moves.
    divisionCode: text("division_code").notNull(),
    wasteClass: text("waste_class").notNull(),
    material: text("material").notNull(),
    quantityKg: integer("quantity_kg").notNull(),
    // Sum of the quantities of live orders; kept in the same transaction as the orders.
    allocatedKg: integer("allocated_kg").notNull().default(0),
    availableFrom: text("available_from").notNull(),
    availableUntil: text("available_until").notNull(),
    priceFenPerTonne: integer("price_fen_per_tonne").notNull(),
    payer: text("payer", { enum: ["recycler", "producer"] }).notNull(),
    description: text("description").notNull().default(""),
    status: text("status", { enum: ["draft", "open", "closed", "expired", "cancelled"] }).notNull(),
    // Copied from the project for radius search and distances.
    lat: real("lat").notNull().default(0),
    lon: real("lon").notNull().default(0),
    // Close-out: what happened to quantity that never moved through the platform.
    disposedOffPlatformKg: integer("disposed_off_platform_kg").notNull().default(0),
    offPlatformDestination: text("off_platform_destination").notNull().default(""),
    notGeneratedKg: integer("not_generated_kg").notNull().default(0),
    closeNote: text("close_note").notNull().default(""),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    publishedAt: integer("published_at", { mode: "timestamp_ms" }),
    // The month of publication in Asia/Shanghai (UTC+8 all year: SHANGHAI_OFFSET_MS), as the
    // price index groups listings. Computed by the database, so it cannot disagree with
    // published_at; virtual, so adding it did not rewrite the table.
    publishedMonth: generatedText("published_month").generatedAlwaysAs(
      monthInShanghai(sql.raw("published_at")),
      { mode: "virtual" },
    ),
    endedAt: integer("ended_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("waste_listings_market_idx").on(t.status, t.divisionCode, t.createdAt),
    // Market searches by area: a latitude band narrows candidates before the exact distance.
    index("waste_listings_open_lat_idx").on(t.status, t.lat),
    index("waste_listings_project_idx").on(t.projectId),
    // The price index: each month's listings of a class and payer lie here in price order, so a
    // median is a count and a step to the middle, read from the index without the rows.
    index("waste_listings_price_idx").on(
      t.publishedMonth,
      t.wasteClass,
      t.payer,
      t.priceFenPerTonne,
    ),
    index("waste_listings_division_price_idx").on(
      t.divisionCode,
      t.publishedMonth,
      t.wasteClass,
      t.payer,
      t.priceFenPerTonne,
    ),
    // Close-outs with off-platform disposal: part of "generated" on the department's figures.
    index("waste_listings_off_platform_idx")
      .on(t.divisionCode, t.endedAt)
      .where(sql`${t.status} = 'closed' AND ${t.disposedOffPlatformKg} > 0`),
    check("waste_listings_quantity_positive", sql`${t.quantityKg} > 0`),
    // The last line of defence against over-claiming: the database refuses it too.
    check(
      "waste_listings_allocation_within_quantity",
      sql`${t.allocatedKg} >= 0 AND ${t.allocatedKg} <= ${t.quantityKg}`,
    ),
  ],
);

export const wasteOrders = table(
  "waste_orders",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    listingId: integer("listing_id")
      .notNull()
      .references(() => wasteListings.id),
    recyclerOrgId: integer("recycler_org_id")
      .notNull()
      .references(() => organisations.id),
    facilityId: integer("facility_id")
      .notNull()
      .references(() => facilities.id),
    quantityKg: integer("quantity_kg").notNull(),
    receivedKg: integer("received_kg").notNull().default(0),
    // Straight-line metres from the project to the facility when the order was made: the haul
    // estimates of its trips stay what they were if either site is moved later.
    routeM: integer("route_m").notNull().default(0),
    status: text("status", {
      enum: ["requested", "accepted", "declined", "in_progress", "completed", "cancelled"],
    }).notNull(),
    note: text("note").notNull().default(""),
    createdByUserId: integer("created_by_user_id").references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("waste_orders_listing_idx").on(t.listingId),
    index("waste_orders_recycler_idx").on(t.recyclerOrgId, t.status),
    check("waste_orders_quantity_positive", sql`${t.quantityKg} > 0`),
  ],
);

export const manifests = table(
  "manifests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    manifestNo: text("manifest_no").notNull().unique(),
    orderId: integer("order_id")
      .notNull()
      .references(() => wasteOrders.id),
    // Facts of the trip copied at dispatch so the department's figures need no joins.
    listingId: integer("listing_id").notNull(),
    projectId: integer("project_id").notNull(),
    producerOrgId: integer("producer_org_id").notNull(),
    divisionCode: text("division_code").notNull(),
    facilityId: integer("facility_id")
      .notNull()
      .references(() => facilities.id),
    facilityType: text("facility_type").notNull(),
    recyclerOrgId: integer("recycler_org_id").notNull(),
    wasteClass: text("waste_class").notNull(),
    vehiclePlate: text("vehicle_plate").notNull(),
    driverName: text("driver_name").notNull(),
    hauler: text("hauler").notNull(),
    estimatedKg: integer("estimated_kg").notNull(),
    dispatchedAt: integer("dispatched_at", { mode: "timestamp_ms" }).notNull(),
    status: text("status", { enum: ["dispatched", "received", "rejected", "voided"] }).notNull(),
    weighbridgeTicket: text("weighbridge_ticket"),
    grossKg: integer("gross_kg"),
    tareKg: integer("tare_kg"),
    netKg: integer("net_kg"),
    receivedAt: integer("received_at", { mode: "timestamp_ms" }),
    rejectReason: text("reject_reason"),
    voidReason: text("void_reason"),
    voidedAt: integer("voided_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("manifests_order_idx").on(t.orderId),
    // Department figures: received trips of a jurisdiction in a period.
    index("manifests_division_received_idx").on(t.divisionCode, t.receivedAt),
    index("manifests_facility_status_idx").on(t.facilityId, t.status),
    // Each party's manifest list, newest first.
    index("manifests_producer_idx").on(t.producerOrgId, t.dispatchedAt),
    index("manifests_recycler_idx").on(t.recyclerOrgId, t.dispatchedAt),
    // Each party's trips in transit, counted on its home page at every visit.
    index("manifests_producer_status_idx").on(t.producerOrgId, t.status),
    index("manifests_recycler_status_idx").on(t.recyclerOrgId, t.status),
    // Trips in transit: the few the unclosed-manifest sweep looks at every minute.
    index("manifests_in_transit_idx").on(t.dispatchedAt).where(sql`${t.status} = 'dispatched'`),
    // One receipt per weighbridge ticket at a facility: a retried post finds the first.
    uniqueIndex("manifests_facility_ticket_uq").on(t.facilityId, t.weighbridgeTicket),
    check(
      "manifests_weights_consistent",
      sql`${t.netKg} IS NULL OR (${t.netKg} = ${t.grossKg} - ${t.tareKg} AND ${t.netKg} > 0)`,
    ),
  ],
);

export const listingPhotos = table(
  "listing_photos",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    listingId: integer("listing_id")
      .notNull()
      .references(() => wasteListings.id),
    // File name under the uploads folder; never a path the client chose.
    fileName: text("file_name").notNull().unique(),
    contentType: text("content_type").notNull(),
    bytes: integer("bytes").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("listing_photos_listing_idx").on(t.listingId)],
);

/** Problems the platform noticed on its own: a truck that never arrived, a load far off its estimate. */
export const alerts = table(
  "alerts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: ["unclosed_manifest", "weight_discrepancy"] }).notNull(),
    manifestId: integer("manifest_id")
      .notNull()
      .references(() => manifests.id),
    producerOrgId: integer("producer_org_id").notNull(),
    recyclerOrgId: integer("recycler_org_id").notNull(),
    divisionCode: text("division_code").notNull(),
    details: text("details", { mode: "json" }).$type<Record<string, string | number>>().notNull(),
    raisedAt: integer("raised_at", { mode: "timestamp_ms" }).notNull(),
    resolvedAt: integer("resolved_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("alerts_kind_manifest_uq").on(t.kind, t.manifestId),
    index("alerts_division_idx").on(t.divisionCode, t.raisedAt),
    index("alerts_producer_idx").on(t.producerOrgId, t.raisedAt),
    index("alerts_recycler_idx").on(t.recyclerOrgId, t.raisedAt),
    // The dashboard's open-alert counts.
    index("alerts_open_idx").on(t.divisionCode, t.kind).where(sql`${t.resolvedAt} IS NULL`),
  ],
);

/** A recycler's standing request: tell me about new listings like these near this facility. */
export const feedstockSubscriptions = table(
  "feedstock_subscriptions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orgId: integer("org_id")
      .notNull()
      .references(() => organisations.id),
    facilityId: integer("facility_id")
      .notNull()
      .references(() => facilities.id),
    wasteClasses: text("waste_classes", { mode: "json" }).$type<string[]>().notNull(),
    materials: text("materials", { mode: "json" }).$type<string[]>().notNull(),
    radiusKm: integer("radius_km").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("feedstock_subscriptions_org_idx").on(t.orgId)],
);
