import { sql } from "drizzle-orm";
import { organisations, users } from "./accounts";
import { check, index, integer, primaryKey, table, text, uniqueIndex } from "./dialect";
import { facilities, projects } from "./sites";
import { alerts, manifests } from "./waste";

/**
 * Net tonnes received per month (Asia/Shanghai), source division, waste class and destination
 * facility type, plus quantities declared disposed off-platform (facilityType "off_platform").
 * Kept in the same transactions that write the records, so the department's figures are exact
 * sums without scanning millions of manifests.
 */
export const statMonthly = table(
  "stat_monthly",
  {
    month: text("month").notNull(),
    divisionCode: text("division_code").notNull(),
    wasteClass: text("waste_class").notNull(),
    facilityType: text("facility_type").notNull(),
    netKg: integer("net_kg").notNull().default(0),
    trips: integer("trips").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.month, t.divisionCode, t.wasteClass, t.facilityType] }),
    index("stat_monthly_division_idx").on(t.divisionCode, t.month),
  ],
);

/** The trip counts every table of trips sums (fresh builders for each table). */
const tripSums = () => ({
  receivedKg: integer("received_kg").notNull().default(0),
  received: integer("received").notNull().default(0),
  dispatched: integer("dispatched").notNull().default(0),
  /** Of the trips dispatched in the month: received or rejected. */
  closed: integer("closed").notNull().default(0),
  rejected: integer("rejected").notNull().default(0),
});

/** What a government project reported using of a class and how much was recycled. */
const usageSums = () => ({
  totalKg: integer("total_kg").notNull().default(0),
  offPlatformKg: integer("off_platform_kg").notNull().default(0),
  deliveredGrams: integer("delivered_grams").notNull().default(0),
});

/**
 * The trips of one waste order in one month (Asia/Shanghai): dispatched in the month (closure, by
 * dispatch date; voided trips never count) and received in it (net kg, by receipt date). The order
 * fixes the route, the waste class and the destination, so tonnes, closure and haul CO₂ of any
 * area, project, facility or order are sums of these rows. Kept in the transactions that dispatch,
 * receive, reject and void manifests; stored without rowid, clustered by area and month.
 */
export const statOrderMonthly = table(
  "stat_order_monthly",
  {
    divisionCode: text("division_code").notNull(),
    month: text("month").notNull(),
    orderId: integer("order_id").notNull(),
    projectId: integer("project_id").notNull(),
    facilityId: integer("facility_id").notNull(),
    facilityType: text("facility_type").notNull(),
    wasteClass: text("waste_class").notNull(),
    /** The order's straight-line route, metres (waste_orders.route_m). */
    routeM: integer("route_m").notNull(),
    ...tripSums(),
  },
  (t) => [
    primaryKey({ columns: [t.divisionCode, t.month, t.orderId] }),
    index("stat_order_monthly_project_idx").on(t.projectId, t.month),
    index("stat_order_monthly_facility_idx").on(t.facilityId, t.month),
    index("stat_order_monthly_order_idx").on(t.orderId, t.month),
  ],
);

/**
 * The trip and delivery figures of one division and month: stat_order_monthly and
 * stat_delivered_monthly summed, kept by the same calls in the same transactions, so the
 * dashboard reads a few hundred rows for the whole province. route_kgm is Σ received kg × the
 * order's straight-line metres: the exact haul work the CO₂ estimate multiplies by its factors.
 */
export const statAreaMonthly = table(
  "stat_area_monthly",
  {
    divisionCode: text("division_code").notNull(),
    month: text("month").notNull(),
    ...tripSums(),
    routeKgm: integer("route_kgm").notNull().default(0),
    deliveredGrams: integer("delivered_grams").notNull().default(0),
    deliveries: integer("deliveries").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.divisionCode, t.month] })],
);

/**
 * stat_order_monthly summed by receiving facility: what each facility took from each division in
 * each month, kept by the same calls in the same transactions. The drill-downs' facility tables
 * read it instead of grouping every order-month of the province.
 */
export const statFacilityMonthly = table(
  "stat_facility_monthly",
  {
    divisionCode: text("division_code").notNull(),
    month: text("month").notNull(),
    facilityId: integer("facility_id").notNull(),
    facilityType: text("facility_type").notNull(),
    ...tripSums(),
    routeKgm: integer("route_kgm").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.divisionCode, t.month, t.facilityId] })],
);

/**
 * Recycled product delivered to one project, of one product type, confirmed in one month: grams
 * (quantity × the product's mass per unit) and deliveries. Kept in the transaction that confirms a
 * delivery.
 */
export const statDeliveredMonthly = table(
  "stat_delivered_monthly",
  {
    divisionCode: text("division_code").notNull(),
    month: text("month").notNull(),
    projectId: integer("project_id").notNull(),
    productType: text("product_type").notNull(),
    grams: integer("grams").notNull().default(0),
    deliveries: integer("deliveries").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.divisionCode, t.month, t.productType, t.projectId] }),
    index("stat_delivered_monthly_project_idx").on(t.projectId, t.month),
  ],
);

/**
 * What a government-invested project used of one material class in one month and how much of it
 * was recycled: its material-use report (total, bought off-platform) beside the confirmed
 * deliveries of that class. Kept by the report and delivery-confirmation transactions; the usage
 * rule sums these rows over a period instead of joining reports, projects and deliveries.
 */
export const statUsageMonthly = table(
  "stat_usage_monthly",
  {
    divisionCode: text("division_code").notNull(),
    month: text("month").notNull(),
    projectId: integer("project_id").notNull(),
    materialClass: text("material_class").notNull(),
    ...usageSums(),
  },
  (t) => [
    primaryKey({ columns: [t.divisionCode, t.month, t.projectId, t.materialClass] }),
    index("stat_usage_monthly_project_idx").on(t.projectId, t.month),
  ],
);

/**
 * stat_usage_monthly summed over every month: where each government-invested project stands on
 * the usage rule to date, per material class. Kept by the same calls in the same transactions;
 * the department's alerts read it instead of summing a province's whole history.
 */
export const statUsageToDate = table(
  "stat_usage_to_date",
  {
    divisionCode: text("division_code").notNull(),
    projectId: integer("project_id").notNull(),
    materialClass: text("material_class").notNull(),
    ...usageSums(),
  },
  (t) => [primaryKey({ columns: [t.divisionCode, t.projectId, t.materialClass] })],
);

/**
 * When the figures of a division and month last changed: stamped by every call that adds to the
 * tables of sums (and for all months by a rebuild). A published month whose divisions have not
 * changed since it was published, under the same definitions and factors, cannot differ from
 * its snapshot, so the restatement check recomputes only the months that may.
 */
export const statMonthChanges = table(
  "stat_month_changes",
  {
    divisionCode: text("division_code").notNull(),
    month: text("month").notNull(),
    changedAt: integer("changed_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.divisionCode, t.month] })],
);

/**
 * The definitions behind the figures, versioned: which waste classes count in each rate, the
 * targets and the alert thresholds. A version applies from its effective month until the next.
 */
export const definitionVersions = table(
  "definition_versions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    effectiveFrom: text("effective_from").notNull(),
    resourceClasses: text("resource_classes", { mode: "json" }).$type<string[]>().notNull(),
    comprehensiveClasses: text("comprehensive_classes", { mode: "json" })
      .$type<string[]>()
      .notNull(),
    resourceTargetPct: integer("resource_target_pct").notNull(),
    comprehensiveTargetPct: integer("comprehensive_target_pct").notNull(),
    usageTargetPct: integer("usage_target_pct").notNull(),
    unclosedManifestHours: integer("unclosed_manifest_hours").notNull(),
    weightDiscrepancyPct: integer("weight_discrepancy_pct").notNull(),
    note: text("note").notNull().default(""),
    createdByUserId: integer("created_by_user_id").references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("definition_versions_effective_uq").on(t.effectiveFrom)],
);

/**
 * A month's figures as a department published them: frozen. A correction is a new version of the
 * same jurisdiction and month that says what changed and why; the old one is never altered.
 */
export const publishedMonths = table(
  "published_months",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    jurisdiction: text("jurisdiction").notNull(),
    month: text("month").notNull(),
    version: integer("version").notNull(),
    definitionVersionId: integer("definition_version_id")
      .notNull()
      .references(() => definitionVersions.id),
    figures: text("figures", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    explanation: text("explanation").notNull().default(""),
    publishedByUserId: integer("published_by_user_id")
      .notNull()
      .references(() => users.id),
    publishedAt: integer("published_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("published_months_uq").on(t.jurisdiction, t.month, t.version)],
);

/** The rectification register (清单制 + 责任制 + 销号制). */
export const rectificationItems = table(
  "rectification_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    departmentOrgId: integer("department_org_id")
      .notNull()
      .references(() => organisations.id),
    jurisdiction: text("jurisdiction").notNull(),
    targetOrgId: integer("target_org_id")
      .notNull()
      .references(() => organisations.id),
    projectId: integer("project_id").references(() => projects.id),
    facilityId: integer("facility_id").references(() => facilities.id),
    manifestId: integer("manifest_id").references(() => manifests.id),
    alertId: integer("alert_id").references(() => alerts.id),
    category: text("category").notNull(),
    problem: text("problem").notNull(),
    evidence: text("evidence").notNull().default(""),
    responsiblePerson: text("responsible_person").notNull(),
    deadline: text("deadline").notNull(),
    status: text("status", { enum: ["open", "responded", "closed", "reopened"] }).notNull(),
    createdByUserId: integer("created_by_user_id")
      .notNull()
      .references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("rectification_items_jurisdiction_idx").on(t.jurisdiction, t.status, t.deadline),
    index("rectification_items_target_idx").on(t.targetOrgId, t.status),
  ],
);

/** Every step of an item: raised, responded (with evidence), closed (销号) or reopened. */
export const rectificationEvents = table(
  "rectification_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    itemId: integer("item_id")
      .notNull()
      .references(() => rectificationItems.id),
    action: text("action", { enum: ["raised", "responded", "closed", "reopened"] }).notNull(),
    text: text("text").notNull().default(""),
    evidenceFile: text("evidence_file"),
    evidenceType: text("evidence_type"),
    actorUserId: integer("actor_user_id")
      .notNull()
      .references(() => users.id),
    actorOrgId: integer("actor_org_id")
      .notNull()
      .references(() => organisations.id),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("rectification_events_item_idx").on(t.itemId),
    check("rectification_events_text", sql`length(${t.text}) <= 4000`),
  ],
);
