import { sql } from "drizzle-orm";
import { organisations, users } from "./accounts";
import { check, index, integer, real, table, text, uniqueIndex } from "./dialect";
import { facilities, projects } from "./sites";
import { manifests } from "./waste";

/**
 * Product quantities are integer thousandths of the product's unit ("milli-units"): kilograms for
 * a product sold by the tonne, litres by the m³, thousandths of a piece for bricks (always whole
 * pieces in practice). massPerUnitG turns any of them into kilograms exactly.
 */
export const recycledProducts = table(
  "recycled_products",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orgId: integer("org_id")
      .notNull()
      .references(() => organisations.id),
    facilityId: integer("facility_id")
      .notNull()
      .references(() => facilities.id),
    productType: text("product_type").notNull(),
    name: text("name").notNull(),
    standard: text("standard").notNull(),
    grade: text("grade").notNull().default(""),
    unit: text("unit", { enum: ["t", "m3", "piece", "m2"] }).notNull(),
    massPerUnitG: integer("mass_per_unit_g").notNull(),
    priceFenPerUnit: integer("price_fen_per_unit").notNull(),
    stockMilli: integer("stock_milli").notNull().default(0),
    minOrderMilli: integer("min_order_milli").notNull().default(0),
    recycledContentPct: integer("recycled_content_pct").notNull(),
    description: text("description").notNull().default(""),
    status: text("status", { enum: ["active", "archived"] })
      .notNull()
      .default("active"),
    // Copied from the facility for distance search.
    divisionCode: text("division_code").notNull(),
    lat: real("lat").notNull(),
    lon: real("lon").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("recycled_products_browse_idx").on(t.status, t.productType, t.divisionCode),
    index("recycled_products_org_idx").on(t.orgId),
    // Stock is reserved atomically when an order is confirmed; it can never go negative.
    check("recycled_products_stock_non_negative", sql`${t.stockMilli} >= 0`),
    check("recycled_products_mass_positive", sql`${t.massPerUnitG} > 0`),
    check("recycled_products_content_pct", sql`${t.recycledContentPct} BETWEEN 0 AND 100`),
  ],
);

export const productPhotos = table(
  "product_photos",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    productId: integer("product_id")
      .notNull()
      .references(() => recycledProducts.id),
    fileName: text("file_name").notNull().unique(),
    contentType: text("content_type").notNull(),
    bytes: integer("bytes").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("product_photos_product_idx").on(t.productId)],
);

/** A production batch: what it was made from (facility intake) and how it tested. */
export const productBatches = table(
  "product_batches",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    productId: integer("product_id")
      .notNull()
      .references(() => recycledProducts.id),
    facilityId: integer("facility_id")
      .notNull()
      .references(() => facilities.id),
    batchNo: text("batch_no").notNull(),
    producedOn: text("produced_on").notNull(),
    quantityMilli: integer("quantity_milli").notNull(),
    // Tonnes of received waste this batch consumed, drawn from the facility's weighed intake.
    inputKg: integer("input_kg").notNull(),
    testReportFile: text("test_report_file"),
    testReportType: text("test_report_type"),
    testResults: text("test_results").notNull().default(""),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("product_batches_no_uq").on(t.productId, t.batchNo),
    index("product_batches_facility_idx").on(t.facilityId),
    check("product_batches_positive", sql`${t.quantityMilli} > 0 AND ${t.inputKg} > 0`),
  ],
);

export const productOrders = table(
  "product_orders",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    productId: integer("product_id")
      .notNull()
      .references(() => recycledProducts.id),
    sellerOrgId: integer("seller_org_id")
      .notNull()
      .references(() => organisations.id),
    buyerOrgId: integer("buyer_org_id")
      .notNull()
      .references(() => organisations.id),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id),
    quantityMilli: integer("quantity_milli").notNull(),
    deliveredMilli: integer("delivered_milli").notNull().default(0),
    unitPriceFen: integer("unit_price_fen").notNull(),
    amountFen: integer("amount_fen").notNull(),
    status: text("status", {
      enum: [
        "placed",
        "confirmed",
        "rejected",
        "delivering",
        "delivered",
        "completed",
        "cancelled",
      ],
    }).notNull(),
    note: text("note").notNull().default(""),
    createdByUserId: integer("created_by_user_id").references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("product_orders_buyer_idx").on(t.buyerOrgId, t.createdAt),
    index("product_orders_seller_idx").on(t.sellerOrgId, t.createdAt),
    index("product_orders_project_idx").on(t.projectId),
    check("product_orders_quantity_positive", sql`${t.quantityMilli} > 0`),
  ],
);

export const deliveries = table(
  "deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orderId: integer("order_id")
      .notNull()
      .references(() => productOrders.id),
    batchId: integer("batch_id").references(() => productBatches.id),
    quantityMilli: integer("quantity_milli").notNull(),
    vehiclePlate: text("vehicle_plate").notNull(),
    deliveredAt: integer("delivered_at", { mode: "timestamp_ms" }).notNull(),
    confirmedAt: integer("confirmed_at", { mode: "timestamp_ms" }),
    confirmedByUserId: integer("confirmed_by_user_id").references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("deliveries_order_idx").on(t.orderId),
    check("deliveries_positive", sql`${t.quantityMilli} > 0`),
  ],
);

/** One payment attempt for an order; its status is synced from the provider's object. */
export const payments = table(
  "payments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orderId: integer("order_id")
      .notNull()
      .references(() => productOrders.id),
    provider: text("provider", { enum: ["stripe", "bank_transfer"] }).notNull(),
    amountFen: integer("amount_fen").notNull(),
    currency: text("currency").notNull().default("cny"),
    status: text("status", {
      enum: ["pending", "succeeded", "failed", "refunded", "cancelled"],
    }).notNull(),
    refundedFen: integer("refunded_fen").notNull().default(0),
    checkoutSessionId: text("checkout_session_id").unique(),
    paymentIntentId: text("payment_intent_id"),
    bankReference: text("bank_reference"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("payments_order_idx").on(t.orderId),
    index("payments_intent_idx").on(t.paymentIntentId),
  ],
);

/** Every Stripe event received, by id: an event is applied once however often it is delivered. */
export const stripeEvents = table("stripe_events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  receivedAt: integer("received_at", { mode: "timestamp_ms" }).notNull(),
  processedAt: integer("processed_at", { mode: "timestamp_ms" }),
  payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
});

/**
 * A project's use of one material class in one month. The recycled part is the sum of confirmed
 * deliveries (derived, never stored) plus recycled products bought off the platform, with evidence.
 */
export const materialUseReports = table(
  "material_use_reports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id),
    materialClass: text("material_class").notNull(),
    month: text("month").notNull(),
    totalKg: integer("total_kg").notNull(),
    offPlatformRecycledKg: integer("off_platform_recycled_kg").notNull().default(0),
    evidenceFile: text("evidence_file"),
    evidenceType: text("evidence_type"),
    note: text("note").notNull().default(""),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("material_use_reports_uq").on(t.projectId, t.materialClass, t.month),
    // A project's reports over a period, for the usage rule, read from the index alone.
    index("material_use_reports_period_idx").on(
      t.projectId,
      t.month,
      t.materialClass,
      t.totalKg,
      t.offPlatformRecycledKg,
    ),
    check("material_use_non_negative", sql`${t.totalKg} >= 0 AND ${t.offPlatformRecycledKg} >= 0`),
  ],
);

/**
 * Which weighed loads a batch was made from: a batch draws its input from the facility's received
 * manifests, oldest first, so every recycled product traces back to truck trips and their sites.
 */
export const batchInputs = table(
  "batch_inputs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    batchId: integer("batch_id")
      .notNull()
      .references(() => productBatches.id),
    manifestId: integer("manifest_id")
      .notNull()
      .references(() => manifests.id),
    kg: integer("kg").notNull(),
  },
  (t) => [
    index("batch_inputs_batch_idx").on(t.batchId),
    index("batch_inputs_manifest_idx").on(t.manifestId),
    check("batch_inputs_positive", sql`${t.kg} > 0`),
  ],
);
