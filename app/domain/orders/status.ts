import type { Transitions } from "../state-machine";

export const wasteOrderStatuses = [
  "requested",
  "accepted",
  "declined",
  "in_progress",
  "completed",
  "cancelled",
] as const;
export type WasteOrderStatus = (typeof wasteOrderStatuses)[number];

export const wasteOrderTransitions = {
  requested: ["accepted", "declined", "cancelled"],
  accepted: ["in_progress", "cancelled"],
  in_progress: ["completed", "cancelled"],
  declined: [],
  completed: [],
  cancelled: [],
} as const satisfies Transitions<WasteOrderStatus>;

/** States in which the order's quantity is held against the listing. */
export const liveOrderStatuses = ["requested", "accepted", "in_progress"] as const;
