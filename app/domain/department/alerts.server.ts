import { and, asc, count, eq, gt, lte, notExists, sql } from "drizzle-orm";
import { facilities, organisations, projects, wasteListings, wasteOrders } from "#db/schema";
import { read } from "#db/store";
import { type Actor, authorize } from "../access";
import { now, shanghaiDate } from "../clock";
import { APPROVAL_WARNING_DAYS, approvalDaysLeft, approvalStatus } from "../facilities";
import { projectsBelowUsageTarget } from "../usage";
import { departmentJurisdiction, withinJurisdiction } from "./scope";

/*
 * Alerts a department derives from the records of its jurisdiction, beside the trip alerts the
 * platform raises (unclosed manifests, weight discrepancies): they are states, not events, so
 * they are computed when asked and go away when the record is put right.
 */

const PAGE_SIZE = 20;

const paged = <T>(rows: T[], total: number, page: number) => ({
  rows,
  total,
  page,
  pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
});

/** Facilities whose disposal approval has expired or expires within the warning window. */
function approvalsWhere(jurisdiction: string) {
  const at = now();
  const warnFrom = shanghaiDate(new Date(at.getTime() + APPROVAL_WARNING_DAYS * 86_400_000));
  return and(
    lte(facilities.approvalExpiresOn, warnFrom),
    withinJurisdiction(jurisdiction, facilities.divisionCode),
  );
}

export async function approvalAlerts(actor: Actor, page: number, all = false) {
  return read(async (db) => {
    authorize(actor, "alert.read");
    const where = approvalsWhere(departmentJurisdiction(actor));
    const total =
      (await db.select({ n: count() }).from(facilities).where(where).limit(1))[0]?.n ?? 0;
    const query = db
      .select({ facility: facilities, orgName: organisations.name })
      .from(facilities)
      .innerJoin(organisations, eq(organisations.id, facilities.orgId))
      .where(where)
      .orderBy(asc(facilities.approvalExpiresOn), asc(facilities.id));
    const rows = (
      all ? await query : await query.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).map((row) => ({
      ...row,
      status: approvalStatus(row.facility),
      daysLeft: approvalDaysLeft(row.facility),
    }));
    return paged(rows, total, page);
  });
}

/** Government-invested projects whose reported use of recycled products misses the rule. */
export async function usageAlerts(actor: Actor, page: number, all = false) {
  authorize(actor, "alert.read");
  const { targetPercent, total, rows } = await projectsBelowUsageTarget(
    departmentJurisdiction(actor),
    all ? undefined : { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
  );
  return { ...paged(rows, total, page), targetPercent };
}

/** Listings that expired without a single tonne received from them. */
async function listingsWhere(jurisdiction: string) {
  return read(async (db) => {
    return and(
      eq(wasteListings.status, "expired"),
      withinJurisdiction(jurisdiction, wasteListings.divisionCode),
      notExists(
        db
          .select({ one: sql`1` })
          .from(wasteOrders)
          .where(and(eq(wasteOrders.listingId, wasteListings.id), gt(wasteOrders.receivedKg, 0))),
      ),
    );
  });
}

export async function listingAlerts(actor: Actor, page: number, all = false) {
  return read(async (db) => {
    authorize(actor, "alert.read");
    const where = await listingsWhere(departmentJurisdiction(actor));
    const total =
      (await db.select({ n: count() }).from(wasteListings).where(where).limit(1))[0]?.n ?? 0;
    const query = db
      .select({
        listing: wasteListings,
        projectName: projects.name,
        orgName: organisations.name,
      })
      .from(wasteListings)
      .innerJoin(projects, eq(projects.id, wasteListings.projectId))
      .innerJoin(organisations, eq(organisations.id, wasteListings.orgId))
      .where(where)
      .orderBy(sql`${wasteListings.endedAt} DESC`, asc(wasteListings.id));
    const rows = all ? await query : await query.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE);
    return paged(rows, total, page);
  });
}

/**
 * How many approvals and listings alerts the jurisdiction has, for the tabs. The usage rule is
 * judged over every government-invested project's reports, which is counted on its own tab only.
 */
export async function derivedAlertCounts(
  actor: Actor,
): Promise<Record<"approvals" | "listings", number>> {
  return {
    approvals: (await approvalAlerts(actor, 1)).total,
    listings: (await listingAlerts(actor, 1)).total,
  };
}
