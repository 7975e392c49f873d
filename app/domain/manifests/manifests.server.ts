import { and, count, desc, eq, gte, lt, max, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import {
  facilities,
  manifests,
  organisations,
  projects,
  wasteListings,
  wasteOrders,
} from "#db/schema";
import { containsText } from "#db/sql";
import { read, returnedRow, type Tx, write } from "#db/store";
import { type Actor, authorize, can } from "../access";
import { alertsOfManifest, raiseWeightDiscrepancy, resolveUnclosedAlert } from "../alerts";
import { audit } from "../audit";
import { now, shanghaiDate, shanghaiDayStart } from "../clock";
import { conflict, forbidden, invalid, notFound } from "../errors";
import { approvalStatus } from "../facilities";
import { addToMonthly, addToOrderMonthly } from "../metrics";
import { notify } from "../notifications";
import { wasteOrderTransitions } from "../orders";
import { kgToTonnesText } from "../quantity";
import { PROVINCE_CODE } from "../reference";
import { assertTransition } from "../state-machine";
import type { DispatchInput, ManifestQuery, ReceiptInput, VoidInput } from "./schemas";
import { manifestTransitions } from "./status";

export type Manifest = typeof manifests.$inferSelect;

/** The contractor sends one truckload against an accepted order: one manifest per trip. */
export async function dispatchManifest(
  actor: Actor,
  orderId: number,
  input: DispatchInput,
): Promise<Manifest> {
  authorize(actor, "manifest.dispatch");
  return write(async (tx) => {
    const row = (
      await tx
        .select({ order: wasteOrders, listing: wasteListings, facility: facilities })
        .from(wasteOrders)
        .innerJoin(wasteListings, eq(wasteListings.id, wasteOrders.listingId))
        .innerJoin(facilities, eq(facilities.id, wasteOrders.facilityId))
        .where(and(eq(wasteOrders.id, orderId), eq(wasteListings.orgId, actor.orgId)))
        .limit(1)
    )[0];
    if (!row) throw notFound("order.notFound");
    const { order, listing, facility } = row;
    if (order.status !== "accepted" && order.status !== "in_progress") {
      throw conflict("manifest.orderNotAccepted");
    }
    if (approvalStatus(facility) === "expired") throw conflict("facility.approvalExpired");
    if (order.status === "accepted") {
      assertTransition(wasteOrderTransitions, order.status, "in_progress");
      await tx
        .update(wasteOrders)
        .set({ status: "in_progress", updatedAt: now() })
        .where(eq(wasteOrders.id, order.id));
      await audit(
        tx,
        actor,
        "waste_order.in_progress",
        { type: "waste_order", id: order.id },
        { from: "accepted" },
      );
    }
    const at = now();
    // Numbers are sequential under the write lock this transaction holds.
    const nextId =
      ((
        await tx
          .select({ id: max(manifests.id) })
          .from(manifests)
          .limit(1)
      )[0]?.id ?? 0) + 1;
    const manifest = returnedRow(
      await tx
        .insert(manifests)
        .values({
          id: nextId,
          manifestNo: `SC${shanghaiDate(at).replaceAll("-", "")}${String(nextId).padStart(7, "0")}`,
          orderId: order.id,
          listingId: listing.id,
          projectId: listing.projectId,
          producerOrgId: listing.orgId,
          divisionCode: listing.divisionCode,
          facilityId: facility.id,
          facilityType: facility.type,
          recyclerOrgId: order.recyclerOrgId,
          wasteClass: listing.wasteClass,
          vehiclePlate: input.vehiclePlate,
          driverName: input.driverName,
          hauler: input.hauler,
          estimatedKg: input.estimatedKg,
          dispatchedAt: at,
          status: "dispatched",
        })
        .returning(),
    );
    await addToOrderMonthly(tx, manifest, manifest.dispatchedAt, { dispatched: 1 });
    await notify(
      tx,
      order.recyclerOrgId,
      "manifest_dispatched",
      { type: "manifest", id: manifest.id },
      {
        plate: manifest.vehiclePlate,
        manifestNo: manifest.manifestNo,
      },
    );
    await audit(
      tx,
      actor,
      "manifest.dispatched",
      { type: "manifest", id: manifest.id },
      {
        manifestNo: manifest.manifestNo,
        vehiclePlate: input.vehiclePlate,
        estimatedKg: input.estimatedKg,
      },
    );
    return manifest;
  });
}

/**
 * The weighbridge records a trip at the gate. Posting the same ticket for the same manifest again
 * returns the first receipt unchanged, so a retrying weighbridge cannot count a load twice.
 */
export async function receiveManifest(
  actor: Actor,
  manifestId: number,
  input: ReceiptInput,
): Promise<Manifest> {
  authorize(actor, "manifest.receive");
  return write(async (tx) => {
    const manifest = (
      await tx
        .select()
        .from(manifests)
        .where(and(eq(manifests.id, manifestId), eq(manifests.recyclerOrgId, actor.orgId)))
        .limit(1)
    )[0];
    if (!manifest) throw notFound("manifest.notFound");
    if (
      manifest.weighbridgeTicket === input.weighbridgeTicket &&
      manifest.status !== "dispatched"
    ) {
      return manifest;
    }
    assertTransition(
      manifestTransitions,
      manifest.status,
      input.decision === "accept" ? "received" : "rejected",
    );
    const ticketUsed = (
      await tx
        .select({ id: manifests.id })
        .from(manifests)
        .where(
          and(
            eq(manifests.facilityId, manifest.facilityId),
            eq(manifests.weighbridgeTicket, input.weighbridgeTicket),
          ),
        )
        .limit(1)
    )[0];
    if (ticketUsed) throw invalid("form.fixErrors", { weighbridgeTicket: "manifest.ticketUsed" });
    const facility = (
      await tx.select().from(facilities).where(eq(facilities.id, manifest.facilityId)).limit(1)
    )[0];
    if (!facility || approvalStatus(facility) === "expired")
      throw conflict("facility.approvalExpired");
    const accepted = input.decision === "accept";
    const netKg = input.grossKg - input.tareKg;
    const received = returnedRow(
      await tx
        .update(manifests)
        .set({
          status: accepted ? "received" : "rejected",
          weighbridgeTicket: input.weighbridgeTicket,
          grossKg: input.grossKg,
          tareKg: input.tareKg,
          netKg,
          receivedAt: now(),
          rejectReason: accepted ? null : input.rejectReason,
        })
        .where(eq(manifests.id, manifest.id))
        .returning(),
    );
    await addToOrderMonthly(tx, received, received.dispatchedAt, {
      closed: 1,
      rejected: accepted ? 0 : 1,
    });
    if (accepted) {
      await addToOrderMonthly(tx, received, received.receivedAt ?? now(), {
        receivedKg: netKg,
        received: 1,
      });
      await addToMonthly(tx, {
        at: received.receivedAt ?? now(),
        divisionCode: received.divisionCode,
        wasteClass: received.wasteClass,
        facilityType: received.facilityType,
        netKg,
        trips: 1,
      });
      await tx
        .update(wasteOrders)
        .set({ receivedKg: sql`${wasteOrders.receivedKg} + ${netKg}`, updatedAt: now() })
        .where(eq(wasteOrders.id, manifest.orderId));
    }
    await resolveUnclosedAlert(tx, actor, manifest.id);
    await notify(
      tx,
      manifest.producerOrgId,
      accepted ? "manifest_received" : "manifest_rejected",
      { type: "manifest", id: manifest.id },
      {
        manifestNo: manifest.manifestNo,
        net: `${kgToTonnesText(netKg)} t`,
        reason: input.rejectReason,
      },
    );
    await audit(
      tx,
      actor,
      accepted ? "manifest.received" : "manifest.rejected",
      { type: "manifest", id: manifest.id },
      {
        weighbridgeTicket: input.weighbridgeTicket,
        grossKg: input.grossKg,
        tareKg: input.tareKg,
        netKg,
        ...(accepted ? {} : { rejectReason: input.rejectReason }),
      },
    );
    // A rejected load was weighed too: a truck far off its estimate is worth a look either way.
    await raiseWeightDiscrepancy(tx, received);
    return received;
  });
}

/**
 * The producer calls off a trip that is still in transit (the truck never left, or turned back).
 * Only a dispatched manifest can be voided; the receiving facility is told, with the reason.
 */
export async function voidManifest(
  actor: Actor,
  manifestId: number,
  input: VoidInput,
): Promise<Manifest> {
  authorize(actor, "manifest.void");
  return write(async (tx) => {
    const manifest = (
      await tx
        .select()
        .from(manifests)
        .where(and(eq(manifests.id, manifestId), eq(manifests.producerOrgId, actor.orgId)))
        .limit(1)
    )[0];
    if (!manifest) throw notFound("manifest.notFound");
    assertTransition(manifestTransitions, manifest.status, "voided");
    const voided = returnedRow(
      await tx
        .update(manifests)
        .set({ status: "voided", voidReason: input.voidReason, voidedAt: now() })
        .where(eq(manifests.id, manifest.id))
        .returning(),
    );
    // A voided trip never happened: it leaves the closure figures of its dispatch month.
    await addToOrderMonthly(tx, voided, voided.dispatchedAt, { dispatched: -1 });
    await resolveUnclosedAlert(tx, actor, manifest.id);
    await notify(
      tx,
      manifest.recyclerOrgId,
      "manifest_voided",
      { type: "manifest", id: manifest.id },
      { manifestNo: manifest.manifestNo, reason: input.voidReason },
    );
    await audit(
      tx,
      actor,
      "manifest.voided",
      { type: "manifest", id: manifest.id },
      { voidReason: input.voidReason },
    );
    return voided;
  });
}

const producerOrg = alias(organisations, "producer_org");
const recyclerOrg = alias(organisations, "recycler_org");

/** Who is looking at a manifest: one of its two parties, or a department whose area it is in. */
function viewerOf(actor: Actor, manifest: Manifest) {
  if (can(actor, "order.read")) {
    if (manifest.producerOrgId === actor.orgId) return "producer" as const;
    if (manifest.recyclerOrgId === actor.orgId) return "recycler" as const;
    return null;
  }
  const inJurisdiction =
    actor.divisionCode === PROVINCE_CODE || actor.divisionCode === manifest.divisionCode;
  return can(actor, "stats.read") && inJurisdiction ? ("department" as const) : null;
}

/**
 * A manifest with everything the paper 联单 carries, for either end of the trip and for the
 * departments that oversee it; anyone else gets "not found".
 */
export async function getManifest(actor: Actor, manifestId: number) {
  return read(async (db) => {
    if (!can(actor, "order.read") && !can(actor, "stats.read")) throw forbidden();
    const row = (
      await db
        .select({
          manifest: manifests,
          project: projects,
          facility: facilities,
          material: wasteListings.material,
          producer: { name: producerOrg.name, creditCode: producerOrg.creditCode },
          recycler: { name: recyclerOrg.name, creditCode: recyclerOrg.creditCode },
        })
        .from(manifests)
        .innerJoin(projects, eq(projects.id, manifests.projectId))
        .innerJoin(facilities, eq(facilities.id, manifests.facilityId))
        .innerJoin(wasteListings, eq(wasteListings.id, manifests.listingId))
        .innerJoin(producerOrg, eq(producerOrg.id, manifests.producerOrgId))
        .innerJoin(recyclerOrg, eq(recyclerOrg.id, manifests.recyclerOrgId))
        .where(eq(manifests.id, manifestId))
        .limit(1)
    )[0];
    if (!row) throw notFound("manifest.notFound");
    const party = viewerOf(actor, row.manifest);
    if (!party) throw notFound("manifest.notFound");
    return { ...row, party, alerts: await alertsOfManifest(db, manifestId) };
  });
}

function manifestQuery(db: Tx) {
  return db
    .select({
      manifest: manifests,
      projectName: projects.name,
      facilityName: facilities.name,
      producerName: producerOrg.name,
      recyclerName: recyclerOrg.name,
    })
    .from(manifests)
    .innerJoin(projects, eq(projects.id, manifests.projectId))
    .innerJoin(facilities, eq(facilities.id, manifests.facilityId))
    .innerJoin(producerOrg, eq(producerOrg.id, manifests.producerOrgId))
    .innerJoin(recyclerOrg, eq(recyclerOrg.id, manifests.recyclerOrgId));
}
export type ManifestRow = ReturnType<ReturnType<typeof manifestQuery>["all"]>[number];

const PAGE_SIZE = 25;
const EXPORT_BATCH = 2_000;
const DAY_MS = 86_400_000;

/** The actor's side of every trip, narrowed by the list's filters. */
function myManifests(actor: Actor, query: ManifestQuery): SQL | undefined {
  // An organisation is on one side of every trip: recyclers receive, everyone else sends. One
  // column per side keeps each list on its own (party, dispatched_at) index.
  const mine =
    actor.orgKind === "recycler"
      ? eq(manifests.recyclerOrgId, actor.orgId)
      : eq(manifests.producerOrgId, actor.orgId);
  return and(
    mine,
    query.status ? eq(manifests.status, query.status) : undefined,
    query.from ? gte(manifests.dispatchedAt, shanghaiDayStart(query.from)) : undefined,
    query.to
      ? lt(manifests.dispatchedAt, new Date(shanghaiDayStart(query.to).getTime() + DAY_MS))
      : undefined,
    query.projectId ? eq(manifests.projectId, query.projectId) : undefined,
    query.facilityId ? eq(manifests.facilityId, query.facilityId) : undefined,
    query.plate ? containsText(manifests.vehiclePlate, query.plate) : undefined,
  );
}

/** One page of the actor's manifests, newest dispatch first. */
export async function listMyManifests(actor: Actor, query: ManifestQuery) {
  return read(async (db) => {
    authorize(actor, "order.read");
    const where = myManifests(actor, query);
    const total =
      (await db.select({ n: count() }).from(manifests).where(where).limit(1))[0]?.n ?? 0;
    const rows = await manifestQuery(db)
      .where(where)
      .orderBy(desc(manifests.dispatchedAt), desc(manifests.id))
      .limit(PAGE_SIZE)
      .offset((query.page - 1) * PAGE_SIZE);
    return { rows, total, page: query.page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
  });
}

/**
 * Every manifest matching the filters (all pages), in batches that follow on from the last row
 * seen, so an export of a year of trips never holds them all in memory at once.
 */
export function exportMyManifests(
  actor: Actor,
  query: ManifestQuery,
): AsyncIterable<ManifestRow[]> {
  authorize(actor, "order.read");
  const where = myManifests(actor, query);
  return {
    async *[Symbol.asyncIterator]() {
      let last: Manifest | undefined;
      for (;;) {
        const after: SQL | undefined = last
          ? or(
              lt(manifests.dispatchedAt, last.dispatchedAt),
              and(eq(manifests.dispatchedAt, last.dispatchedAt), lt(manifests.id, last.id)),
            )
          : undefined;
        const batch = await read(async (db) =>
          manifestQuery(db)
            .where(and(where, after))
            .orderBy(desc(manifests.dispatchedAt), desc(manifests.id))
            .limit(EXPORT_BATCH),
        );
        if (batch.length > 0) yield batch;
        if (batch.length < EXPORT_BATCH) return;
        last = batch.at(-1)?.manifest;
      }
    },
  };
}
