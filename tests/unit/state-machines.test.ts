import { describe, expect, it } from "vitest";
import { DomainError } from "~/domain/errors";
import { listingStatuses, listingTransitions } from "~/domain/listings/status";
import { manifestStatuses, manifestTransitions } from "~/domain/manifests/status";
import { wasteOrderStatuses, wasteOrderTransitions } from "~/domain/orders/status";
import { assertTransition, canTransition } from "~/domain/state-machine";

describe("state machines", () => {
  it("declare every state and only move to declared states", () => {
    for (const [states, machine] of [
      [listingStatuses, listingTransitions],
      [wasteOrderStatuses, wasteOrderTransitions],
      [manifestStatuses, manifestTransitions],
    ] as const) {
      expect(Object.keys(machine).sort()).toEqual([...states].sort());
      for (const targets of Object.values(machine)) {
        for (const target of targets) expect(states).toContain(target);
      }
    }
  });

  it("follow DESIGN: a waste order is requested, then accepted or declined, then in progress", () => {
    expect(canTransition(wasteOrderTransitions, "requested", "accepted")).toBe(true);
    expect(canTransition(wasteOrderTransitions, "requested", "in_progress")).toBe(false);
    expect(canTransition(wasteOrderTransitions, "declined", "accepted")).toBe(false);
    expect(canTransition(manifestTransitions, "received", "rejected")).toBe(false);
  });

  it("refuse a move with a 409", () => {
    try {
      assertTransition(manifestTransitions, "received", "voided");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).status).toBe(409);
    }
  });
});
