/**
 * Who may do what. Every permission names the organisation kinds and roles that hold it; anything
 * not listed is denied. Services call `authorize` before they touch a record, so the web UI and
 * the API share one rule.
 */
export const orgKinds = ["contractor", "recycler", "department", "platform"] as const;
export type OrgKind = (typeof orgKinds)[number];

export const rolesByKind = {
  contractor: ["manager", "site_agent"],
  recycler: ["manager", "sales", "weighbridge_clerk"],
  department: ["officer"],
  platform: ["admin"],
} as const satisfies Record<OrgKind, readonly string[]>;
export type Role = (typeof rolesByKind)[OrgKind][number];

type Grant = { [K in OrgKind]?: readonly (typeof rolesByKind)[K][number][] };

export const permissions = {
  "project.create": { contractor: ["manager"] },
  "project.read": { contractor: ["manager", "site_agent"] },
  "listing.create": { contractor: ["manager"] },
  "listing.publish": { contractor: ["manager"] },
  "listing.manage": { contractor: ["manager"] },
  "market.browse": { recycler: ["manager", "sales"], contractor: ["manager", "site_agent"] },
  "order.claim": { recycler: ["manager", "sales"] },
  "order.decide": { contractor: ["manager"] },
  "order.cancel": { contractor: ["manager"], recycler: ["manager", "sales"] },
  "order.complete": { contractor: ["manager"], recycler: ["manager", "sales"] },
  "order.read": {
    contractor: ["manager", "site_agent"],
    recycler: ["manager", "sales", "weighbridge_clerk"],
  },
  "manifest.dispatch": { contractor: ["manager", "site_agent"] },
  "manifest.receive": { recycler: ["manager", "weighbridge_clerk"] },
  "manifest.void": { contractor: ["manager", "site_agent"] },
  "alert.read": {
    contractor: ["manager", "site_agent"],
    recycler: ["manager", "sales", "weighbridge_clerk"],
    department: ["officer"],
  },
  "notification.read": {
    contractor: ["manager", "site_agent"],
    recycler: ["manager", "sales", "weighbridge_clerk"],
    department: ["officer"],
  },
  "product.manage": { recycler: ["manager", "sales"] },
  "product.read": { recycler: ["manager", "sales", "weighbridge_clerk"] },
  "product.browse": { contractor: ["manager", "site_agent"], recycler: ["manager", "sales"] },
  "product.order": { contractor: ["manager"] },
  "product.sell": { recycler: ["manager", "sales"] },
  "product.cancel": { contractor: ["manager"], recycler: ["manager", "sales"] },
  "product.receive": { contractor: ["manager", "site_agent"] },
  "product.orders.read": { contractor: ["manager", "site_agent"], recycler: ["manager", "sales"] },
  "payment.pay": { contractor: ["manager"] },
  "payment.confirm": { recycler: ["manager"] },
  "material_use.report": { contractor: ["manager"] },
  "facility.manage": { recycler: ["manager"] },
  "facility.read": { recycler: ["manager", "sales", "weighbridge_clerk"] },
  "feedstock.subscribe": { recycler: ["manager", "sales"] },
  "stats.read": { department: ["officer"] },
  // Province officers only: the service also checks that the department is the province's.
  "definitions.manage": { department: ["officer"] },
  "stats.publish": { department: ["officer"] },
  "rectification.manage": { department: ["officer"] },
  "rectification.read": {
    contractor: ["manager", "site_agent"],
    recycler: ["manager", "sales"],
    department: ["officer"],
  },
  "rectification.respond": { contractor: ["manager"], recycler: ["manager"] },
  "organisation.verify": { platform: ["admin"] },
  "login_throttle.manage": { platform: ["admin"] },
  // Departments give their own systems read access to their jurisdiction's figures.
  "api_token.manage": { contractor: ["manager"], recycler: ["manager"], department: ["officer"] },
} as const satisfies Record<string, Grant>;
export type Permission = keyof typeof permissions;

export function can(actor: { orgKind: OrgKind; role: string }, permission: Permission): boolean {
  const grant: Grant = permissions[permission];
  const roles = grant[actor.orgKind] as readonly string[] | undefined;
  return roles?.includes(actor.role) ?? false;
}
