import { and, desc, eq, max, sql } from "drizzle-orm";
import { db, writeTransaction } from "#db/client";
import {
  facilities,
  manifests,
  organisations,
  projects,
  wasteListings,
  wasteOrders,
} from "#db/schema";
import { type Actor, authorize } from "../accounts/actor";
import { audit } from "../audit/audit.server";
import { now, shanghaiDate } from "../clock";
import { conflict, invalid, notFound } from "../errors";
import { approvalStatus } from "../facilities/facilities.server";
import { notify } from "../notifications/notifications.server";
import { wasteOrderTransitions } from "../orders/status";
import { kgToTonnesText } from "../quantity";
import { assertTransition } from "../state-machine";
import type { DispatchInput, ReceiptInput } from "./schemas";
import { manifestTransitions } from "./status";

export type Manifest = typeof manifests.$inferSelect;

/** The contractor sends one truckload against an accepted order: one manifest per trip. */
export function dispatchManifest(actor: Actor, orderId: number, input: DispatchInput): Manifest {
  authorize(actor, "manifest.dispatch");
  return writeTransaction((tx) => {
    const row = tx
      .select({ order: wasteOrders, listing: wasteListings, facility: facilities })
      .from(wasteOrders)
      .innerJoin(wasteListings, eq(wasteListings.id, wasteOrders.listingId))
      .innerJoin(facilities, eq(facilities.id, wasteOrders.facilityId))
      .where(and(eq(wasteOrders.id, orderId), eq(wasteListings.orgId, actor.orgId)))
      .get();
    if (!row) throw notFound("order.notFound");
    const { order, listing, facility } = row;
    if (order.status !== "accepted" && order.status !== "in_progress") {
      throw conflict("manifest.orderNotAccepted");
    }
    if (approvalStatus(facility) === "expired") throw conflict("facility.approvalExpired");
    if (order.status === "accepted") {
      assertTransition(wasteOrderTransitions, order.status, "in_progress");
      tx.update(wasteOrders)
        .set({ status: "in_progress", updatedAt: now() })
        .where(eq(wasteOrders.id, order.id))
        .run();
      audit(
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
      (tx
        .select({ id: max(manifests.id) })
        .from(manifests)
        .get()?.id ?? 0) + 1;
    const manifest = tx
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
      .returning()
      .get();
    notify(
      tx,
      order.recyclerOrgId,
      "manifest_dispatched",
      { type: "manifest", id: manifest.id },
      {
        plate: manifest.vehiclePlate,
        manifestNo: manifest.manifestNo,
      },
    );
    audit(
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
export function receiveManifest(actor: Actor, manifestId: number, input: ReceiptInput): Manifest {
  authorize(actor, "manifest.receive");
  return writeTransaction((tx) => {
    const manifest = tx
      .select()
      .from(manifests)
      .where(and(eq(manifests.id, manifestId), eq(manifests.recyclerOrgId, actor.orgId)))
      .get();
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
    const ticketUsed = tx
      .select({ id: manifests.id })
      .from(manifests)
      .where(
        and(
          eq(manifests.facilityId, manifest.facilityId),
          eq(manifests.weighbridgeTicket, input.weighbridgeTicket),
        ),
      )
      .get();
    if (ticketUsed) throw invalid("form.fixErrors", { weighbridgeTicket: "manifest.ticketUsed" });
    const facility = tx
      .select()
      .from(facilities)
      .where(eq(facilities.id, manifest.facilityId))
      .get();
    if (!facility || approvalStatus(facility) === "expired")
      throw conflict("facility.approvalExpired");
    const accepted = input.decision === "accept";
    const netKg = input.grossKg - input.tareKg;
    const received = tx
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
      .returning()
      .get();
    if (accepted) {
      tx.update(wasteOrders)
        .set({ receivedKg: sql`${wasteOrders.receivedKg} + ${netKg}`, updatedAt: now() })
        .where(eq(wasteOrders.id, manifest.orderId))
        .run();
    }
    notify(
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
    audit(
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
    return received;
  });
}

function manifestQuery() {
  return db
    .select({
      manifest: manifests,
      projectName: projects.name,
      facilityName: facilities.name,
      producerName: organisations.name,
    })
    .from(manifests)
    .innerJoin(projects, eq(projects.id, manifests.projectId))
    .innerJoin(facilities, eq(facilities.id, manifests.facilityId))
    .innerJoin(organisations, eq(organisations.id, manifests.producerOrgId));
}

/** A manifest for either end of the trip; anyone else gets "not found". */
export function getManifest(actor: Actor, manifestId: number) {
  authorize(actor, "order.read");
  const row = manifestQuery().where(eq(manifests.id, manifestId)).get();
  if (!row) throw notFound("manifest.notFound");
  const { manifest } = row;
  const party =
    manifest.producerOrgId === actor.orgId
      ? "producer"
      : manifest.recyclerOrgId === actor.orgId
        ? "recycler"
        : null;
  if (!party) throw notFound("manifest.notFound");
  return { ...row, party };
}

export function listMyManifests(actor: Actor, status?: Manifest["status"], limit = 100) {
  authorize(actor, "order.read");
  // An organisation is on one side of every trip: recyclers receive, everyone else sends.
  const mine =
    actor.orgKind === "recycler"
      ? eq(manifests.recyclerOrgId, actor.orgId)
      : eq(manifests.producerOrgId, actor.orgId);
  return manifestQuery()
    .where(status ? and(mine, eq(manifests.status, status)) : mine)
    .orderBy(desc(manifests.dispatchedAt), desc(manifests.id))
    .limit(limit)
    .all();
}
