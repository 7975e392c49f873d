import { eq, sql } from "drizzle-orm";
import { facilities, organisations, projects, wasteListings, wasteOrders } from "#db/schema";
import { inValues, rowOf, rowsOf } from "#db/sql";
import { read } from "#db/store";
import type { Actor } from "../access";
import { notFound } from "../errors";
import {
  areaWithin,
  covers,
  definitionsFor,
  divisionsOf,
  governmentCompliance,
  inDivisions,
  jurisdictionOf,
  type Period,
  type ProjectCompliance,
  periodBounds,
  projectsPage,
  roadMetres,
  type TripRow,
  tripsByFacility,
  tripsOfFacilityByOrder,
  tripsOfOrder,
  tripsOfProjectByOrder,
  tripsOfProjects,
  withNames,
} from "../metrics";
import { PROVINCE_CODE } from "../reference";
import {
  addDelivered,
  addTrips,
  co2Factors,
  emptyTripFigures,
  finish,
  gather,
  summarise,
  type TripFigures,
} from "./dashboard.server";
import { deliveredByProject, deliveriesOfProject } from "./deliveries.server";
import { addTonnes, emptyTonnage, type Tonnage } from "./utilization.server";

export const DRILL_PAGE_SIZE = 50;
export const MANIFEST_PAGE_SIZE = 100;

/** A row of a drill-down table: its tonnes in the period and its trip figures. */
export type DrillFigures = Tonnage & TripFigures;

const emptyRow = (): DrillFigures => ({ ...emptyTonnage(), ...emptyTripFigures() });

/** Adds trips grouped by a record and destination type: their received tonnes and trip figures. */
function rollUp(trips: readonly TripRow[]) {
  const rows = new Map<number, DrillFigures>();
  for (const trip of trips) {
    let row = rows.get(trip.id);
    if (!row) {
      row = emptyRow();
      rows.set(trip.id, row);
    }
    if (trip.received > 0) addTonnes(row, trip.facilityType, trip.receivedKg, trip.received);
    addTrips(row, trip);
  }
  return rows;
}

const named = async <T extends { projectId: number }>(page: ReturnType<typeof paginate<T>>) => ({
  ...page,
  rows: await withNames(page.rows),
});

function paginate<T>(rows: readonly T[], page: number, size = DRILL_PAGE_SIZE) {
  const pageCount = Math.max(1, Math.ceil(rows.length / size));
  const at = Math.min(Math.max(1, page), pageCount);
  return { rows: rows.slice((at - 1) * size, at * size), total: rows.length, page: at, pageCount };
}

/** Listings closed in the period with off-platform disposal declared: part of "generated". */
async function offPlatformCloseOuts(
  codes: string[],
  period: Period,
  projectIds?: readonly number[],
) {
  return read(async (db) => {
    if (codes.length === 0) return [];
    const { start, end } = periodBounds(period);
    return await rowsOf<{
      listingId: number;
      projectId: number;
      wasteClass: string;
      kg: number;
      destination: string;
      endedAt: number;
    }>(
      db,
      sql`
    SELECT id AS "listingId", project_id AS "projectId", waste_class AS "wasteClass",
      disposed_off_platform_kg AS kg, off_platform_destination AS destination, ended_at AS "endedAt"
    FROM waste_listings
    WHERE status = 'closed' AND disposed_off_platform_kg > 0 AND ${inDivisions(codes)}
      ${
        projectIds === undefined
          ? sql``
          : sql`AND ${inValues(sql.identifier("project_id"), projectIds)}`
      }
      AND ended_at >= ${start.getTime()} AND ended_at < ${end.getTime()}
    ORDER BY ended_at, id`,
    );
  });
}

/** One page of the facilities that received an area's waste, the largest first. */
async function facilityPage(codes: string[], period: Period, page: number, pageSize: number) {
  return read(async (db) => {
    const factors = await co2Factors();
    const sorted = [...rollUp(await tripsByFacility(codes, period))].sort(
      ([aId, a], [bId, b]) => b.generatedKg - a.generatedKg || aId - bId,
    );
    const shown = paginate(sorted, page, pageSize);
    const ids = shown.rows.map(([id]) => id);
    const info = new Map(
      ids.length === 0
        ? []
        : (
            await db
              .select({
                id: facilities.id,
                name: facilities.name,
                type: facilities.type,
                divisionCode: facilities.divisionCode,
                orgName: organisations.name,
              })
              .from(facilities)
              .innerJoin(organisations, eq(organisations.id, facilities.orgId))
              .where(inValues(facilities.id, ids))
          ).map((f) => [f.id, f]),
    );
    return {
      ...shown,
      rows: shown.rows.flatMap(([id, row]) => {
        const facility = info.get(id);
        return facility ? [{ facility, ...finish(row, factors) }] : [];
      }),
    };
  });
}

/**
 * An area's drill-down: its figures, and the records they sum — for the province, its divisions;
 * for a division, its projects (received tonnes, off-platform close-outs, trips, haul, deliveries
 * in the period) — and the facilities that received the area's waste. A department sees only
 * areas inside its jurisdiction.
 */
export async function divisionDrill(
  actor: Actor,
  code: string,
  period: Period,
  page = 1,
  pageSize = DRILL_PAGE_SIZE,
  facilitiesAt = 1,
) {
  const area = areaWithin(actor, code);
  const g = await gather(area, period);
  const figures = summarise(g);
  const facilitiesTable = await facilityPage(g.codes, period, facilitiesAt, pageSize);
  if (area === PROVINCE_CODE) {
    return { kind: "province" as const, area, figures, facilities: facilitiesTable };
  }
  const complies = new Map(g.compliance.map((c) => [c.projectId, c.complies]));
  const shown = await projectsPage(g.codes, period, [...complies.keys()], page, pageSize);
  const rows = rollUp(await tripsOfProjects(g.codes, shown.ids, period));
  const row = (projectId: number) => {
    let r = rows.get(projectId);
    if (!r) {
      r = emptyRow();
      rows.set(projectId, r);
    }
    return r;
  };
  for (const closeOut of await offPlatformCloseOuts(g.codes, period, shown.ids)) {
    addTonnes(row(closeOut.projectId), "off_platform", closeOut.kg, 0);
  }
  for (const cell of await deliveredByProject(g.codes, period, shown.ids)) {
    addDelivered(row(cell.projectId), cell);
  }
  const names = await projectNames(shown.ids);
  return {
    kind: "division" as const,
    area,
    figures,
    facilities: facilitiesTable,
    projects: {
      rows: shown.ids.map((projectId) => ({
        projectId,
        ...finish(row(projectId), g.factors),
        complies: complies.get(projectId) ?? null,
        project: names.get(projectId),
      })),
      total: shown.total,
      page: shown.page,
      pageCount: Math.max(1, Math.ceil(shown.total / pageSize)),
    },
  };
}

async function projectNames(ids: number[]) {
  return read(async (db) => {
    if (ids.length === 0) return new Map();
    return new Map(
      (
        await db
          .select({
            id: projects.id,
            name: projects.name,
            divisionCode: projects.divisionCode,
            governmentInvested: projects.governmentInvested,
            orgName: organisations.name,
          })
          .from(projects)
          .innerJoin(organisations, eq(organisations.id, projects.orgId))
          .where(inValues(projects.id, ids))
      ).map((p) => [p.id, p]),
    );
  });
}

/** The orders behind some trips, with their listing, facility and route, one row each. */
async function orderRows(trips: readonly TripRow[]) {
  return read(async (db) => {
    const factors = await co2Factors();
    const { roadFactor } = factors;
    const rows = rollUp(trips);
    if (rows.size === 0) return [];
    const info = await db
      .select({
        id: wasteOrders.id,
        status: wasteOrders.status,
        listingId: wasteOrders.listingId,
        wasteClass: wasteListings.wasteClass,
        material: wasteListings.material,
        projectId: wasteListings.projectId,
        projectName: projects.name,
        facilityId: facilities.id,
        facilityName: facilities.name,
        facilityType: facilities.type,
        routeM: wasteOrders.routeM,
      })
      .from(wasteOrders)
      .innerJoin(wasteListings, eq(wasteListings.id, wasteOrders.listingId))
      .innerJoin(projects, eq(projects.id, wasteListings.projectId))
      .innerJoin(facilities, eq(facilities.id, wasteOrders.facilityId))
      .where(inValues(wasteOrders.id, [...rows.keys()]));
    return info
      .map((o) => ({
        order: o,
        roadMetres: roadMetres(o.routeM, roadFactor),
        ...finish(rows.get(o.id) ?? emptyRow(), factors),
      }))
      .sort((a, b) => b.generatedKg - a.generatedKg || a.order.id - b.order.id);
  });
}

async function sumRows(rows: readonly DrillFigures[]): Promise<DrillFigures> {
  const total = emptyRow();
  for (const r of rows) {
    for (const key of Object.keys(emptyTonnage()) as (keyof Tonnage)[]) total[key] += r[key];
    for (const key of ["dispatched", "closed", "received", "rejected", "open"] as const) {
      total.closure[key] += r.closure[key];
    }
    total.haulKgm += r.haulKgm;
    total.haulNetKg += r.haulNetKg;
    total.deliveredGrams += r.deliveredGrams;
    total.deliveries += r.deliveries;
  }
  return finish(total, await co2Factors());
}

/**
 * A project's drill-down: its waste orders with their tonnes, trips and haul in the period, its
 * off-platform close-outs, the recycled products delivered to it and, if government-invested, how
 * it stands against the usage rule. Only for a project inside the department's jurisdiction.
 */
export async function projectDrill(actor: Actor, projectId: number, period: Period) {
  return read(async (db) => {
    const jurisdiction = jurisdictionOf(actor);
    const row = (
      await db
        .select({ project: projects, orgName: organisations.name })
        .from(projects)
        .innerJoin(organisations, eq(organisations.id, projects.orgId))
        .where(eq(projects.id, projectId))
        .limit(1)
    )[0];
    if (!row || !covers(jurisdiction, row.project.divisionCode)) throw notFound();
    const codes = [row.project.divisionCode];
    const orders = await orderRows(await tripsOfProjectByOrder(codes, projectId, period));
    const closeOuts = await offPlatformCloseOuts(codes, period, [projectId]);
    const delivered = await deliveriesOfProject(projectId, period);
    const total = await sumRows(orders);
    for (const c of closeOuts) addTonnes(total, "off_platform", c.kg, 0);
    for (const d of delivered) {
      addDelivered(total, { grams: d.grams, deliveries: 1 });
    }
    const definitions = await definitionsFor(period.to);
    const compliance: ProjectCompliance | undefined = (
      await governmentCompliance(codes, period, definitions.usageTargetPct, projectId)
    )[0];
    return {
      project: row.project,
      orgName: row.orgName,
      period,
      factors: await co2Factors(),
      total,
      orders,
      closeOuts,
      deliveries: delivered,
      compliance: compliance ?? null,
      usageTargetPct: definitions.usageTargetPct,
    };
  });
}

/**
 * A facility's drill-down: the orders through which it received waste from projects in an area
 * (the department's jurisdiction or one division in it) in the period. The facility itself may lie
 * elsewhere; it is shown when it lies in the jurisdiction or took waste from the area.
 */
export async function facilityDrill(
  actor: Actor,
  facilityId: number,
  code: string,
  period: Period,
) {
  return read(async (db) => {
    const jurisdiction = jurisdictionOf(actor);
    const area = areaWithin(actor, code);
    const codes = divisionsOf(area);
    const facility = (
      await db
        .select({ facility: facilities, orgName: organisations.name })
        .from(facilities)
        .innerJoin(organisations, eq(organisations.id, facilities.orgId))
        .where(eq(facilities.id, facilityId))
        .limit(1)
    )[0];
    if (!facility) throw notFound();
    const cells = await tripsOfFacilityByOrder(codes, facilityId, period);
    if (cells.length === 0 && !covers(jurisdiction, facility.facility.divisionCode)) {
      const served = await rowOf<{ one: number }>(
        db,
        sql`
      SELECT 1 AS one FROM manifests
      WHERE facility_id = ${facilityId}
        AND ${inValues(sql.identifier("division_code"), codes)}
      LIMIT 1`,
      );
      if (!served) throw notFound();
    }
    const orders = await orderRows(cells);
    return {
      area,
      period,
      facility: facility.facility,
      orgName: facility.orgName,
      factors: await co2Factors(),
      total: await sumRows(orders),
      orders,
    };
  });
}

/**
 * An order's drill-down: its trips that count in the period — received in it (tonnes, haul) or
 * dispatched in it (closure) — each linking to its manifest. Only for an order from a project
 * inside the department's jurisdiction.
 */
export async function orderDrill(
  actor: Actor,
  orderId: number,
  period: Period,
  page = 1,
  pageSize = MANIFEST_PAGE_SIZE,
) {
  return read(async (db) => {
    const jurisdiction = jurisdictionOf(actor);
    const row = (
      await db
        .select({
          order: wasteOrders,
          listing: wasteListings,
          projectName: projects.name,
          facilityName: facilities.name,
          facilityType: facilities.type,
          recyclerName: organisations.name,
        })
        .from(wasteOrders)
        .innerJoin(wasteListings, eq(wasteListings.id, wasteOrders.listingId))
        .innerJoin(projects, eq(projects.id, wasteListings.projectId))
        .innerJoin(facilities, eq(facilities.id, wasteOrders.facilityId))
        .innerJoin(organisations, eq(organisations.id, wasteOrders.recyclerOrgId))
        .where(eq(wasteOrders.id, orderId))
        .limit(1)
    )[0];
    if (!row || !covers(jurisdiction, row.listing.divisionCode)) throw notFound();
    const codes = [row.listing.divisionCode];
    const figures = (await orderRows(await tripsOfOrder(codes, orderId, period)))[0];
    const { start, end } = periodBounds(period);
    const s = start.getTime();
    const e = end.getTime();
    const where = sql`order_id = ${orderId}
    AND ((received_at >= ${s} AND received_at < ${e} AND status = 'received')
      OR (dispatched_at >= ${s} AND dispatched_at < ${e} AND status <> 'voided'))`;
    const total =
      (await rowOf<{ n: number }>(db, sql`SELECT count(*) AS n FROM manifests WHERE ${where}`))
        ?.n ?? 0;
    const pageCount = Math.max(1, Math.ceil(total / pageSize));
    const at = Math.min(Math.max(1, page), pageCount);
    const manifestRows = await db
      .all<{
        id: number;
        manifestNo: string;
        status: string;
        vehiclePlate: string;
        dispatchedAt: number;
        receivedAt: number | null;
        netKg: number | null;
      }>(sql`
    SELECT id, manifest_no AS "manifestNo", status, vehicle_plate AS "vehiclePlate",
      dispatched_at AS "dispatchedAt", received_at AS "receivedAt", net_kg AS "netKg"
    FROM manifests WHERE ${where}
    ORDER BY dispatched_at, id
    LIMIT ${pageSize} OFFSET ${(at - 1) * pageSize}`)
      .map((m) => ({
        ...m,
        /** Its net tonnes count in the period's received (and generated) figures. */
        countsTonnes:
          m.status === "received" && m.receivedAt !== null && m.receivedAt >= s && m.receivedAt < e,
        /** It counts in the period's closure: dispatched in the period. */
        countsClosure: m.dispatchedAt >= s && m.dispatchedAt < e && m.status !== "voided",
      }));
    return {
      period,
      order: row.order,
      listing: row.listing,
      projectName: row.projectName,
      facilityName: row.facilityName,
      facilityType: row.facilityType,
      recyclerName: row.recyclerName,
      factors: await co2Factors(),
      figures: figures ?? {
        order: null,
        roadMetres: roadMetres(row.order.routeM, (await co2Factors()).roadFactor),
        ...finish(emptyRow(), await co2Factors()),
      },
      manifests: { rows: manifestRows, total, page: at, pageCount },
    };
  });
}

/**
 * Every government-invested project of an area judged against the usage rule in the period,
 * complying ones first: the list behind the dashboard's compliance figure.
 */
export async function complianceDrill(
  actor: Actor,
  code: string,
  period: Period,
  page = 1,
  pageSize = DRILL_PAGE_SIZE,
) {
  const area = areaWithin(actor, code);
  const codes = divisionsOf(area);
  const targetPct = (await definitionsFor(period.to)).usageTargetPct;
  const judged = await governmentCompliance(codes, period, targetPct);
  return {
    area,
    period,
    targetPct,
    judged: judged.length,
    complying: judged.filter((p) => p.complies).length,
    projects: await named(paginate(judged, page, pageSize)),
  };
}
