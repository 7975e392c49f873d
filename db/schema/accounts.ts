import { index, integer, primaryKey, real, table, text } from "./dialect";

export const divisions = table("divisions", {
  code: text("code").primaryKey(),
  parentCode: text("parent_code"),
  nameZh: text("name_zh").notNull(),
  nameEn: text("name_en").notNull(),
  lat: real("lat").notNull(),
  lon: real("lon").notNull(),
});

export const organisations = table(
  "organisations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: ["contractor", "recycler", "department", "platform"] }).notNull(),
    name: text("name").notNull(),
    creditCode: text("credit_code").notNull().unique(),
    // For a department this is its jurisdiction: 510000 (province) or one division.
    divisionCode: text("division_code")
      .notNull()
      .references(() => divisions.code),
    verified: integer("verified", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("organisations_kind_idx").on(t.kind)],
);

export const users = table(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orgId: integer("org_id")
      .notNull()
      .references(() => organisations.id),
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    role: text("role").notNull(),
    passwordHash: text("password_hash").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("users_org_idx").on(t.orgId)],
);

export const sessions = table(
  "sessions",
  {
    // SHA-256 of the cookie token: a leaked database does not hand out live sessions.
    idHash: text("id_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/**
 * One row per password check that did not succeed, for the sliding windows of the login throttle
 * (ADR 011): failures per client address (the address ceiling) and per account (fewer free
 * failures per address while an account is under attack). A check is written before the password
 * is verified and removed when it succeeds; rows older than the window are pruned.
 */
export const loginFailures = table(
  "login_failures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(),
    ip: text("ip").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("login_failures_email_idx").on(t.email, t.at),
    index("login_failures_ip_idx").on(t.ip, t.at),
    index("login_failures_at_idx").on(t.at),
  ],
);

/**
 * The throttle of one account from one client address: its failures in a row and, once they pass
 * the free allowance, until when the next attempt from that pair is refused. A success from the
 * pair, or the platform administrator, deletes the row; a day without failures forgets it.
 */
export const loginThrottles = table(
  "login_throttles",
  {
    email: text("email").notNull(),
    ip: text("ip").notNull(),
    failures: integer("failures").notNull(),
    lastFailureAt: integer("last_failure_at", { mode: "timestamp_ms" }).notNull(),
    // Null while the failures are within the free allowance.
    blockedUntil: integer("blocked_until", { mode: "timestamp_ms" }),
  },
  (t) => [
    primaryKey({ columns: [t.email, t.ip] }),
    index("login_throttles_blocked_idx").on(t.blockedUntil),
    index("login_throttles_last_failure_idx").on(t.lastFailureAt),
  ],
);

export const auditEvents = table(
  "audit_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    actorUserId: integer("actor_user_id").references(() => users.id),
    actorOrgId: integer("actor_org_id").references(() => organisations.id),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>(),
  },
  (t) => [index("audit_entity_idx").on(t.entityType, t.entityId)],
);

/** In-app notifications, addressed to an organisation (and to one person when it matters). */
export const notifications = table(
  "notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orgId: integer("org_id")
      .notNull()
      .references(() => organisations.id),
    kind: text("kind").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    params: text("params", { mode: "json" }).$type<Record<string, string | number>>().notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    readAt: integer("read_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("notifications_org_idx").on(t.orgId, t.createdAt)],
);

/** Every email the platform means to send; a sender delivers them when one is configured. */
export const emailOutbox = table(
  "email_outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    toEmail: text("to_email").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
    lastError: text("last_error"),
  },
  (t) => [index("email_outbox_unsent_idx").on(t.sentAt, t.id)],
);

/** Organisation API tokens: only a hash is stored; the token is shown once, when created. */
export const apiTokens = table(
  "api_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orgId: integer("org_id")
      .notNull()
      .references(() => organisations.id),
    createdByUserId: integer("created_by_user_id")
      .notNull()
      .references(() => users.id),
    // The token acts with this role's permissions in its organisation.
    role: text("role").notNull(),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    prefix: text("prefix").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("api_tokens_org_idx").on(t.orgId)],
);

/** Operational settings with defaults in code (thresholds, haul cost); one row per changed key. */
export const settings = table("settings", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).$type<number | string>().notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});
