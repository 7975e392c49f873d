import type { Transitions } from "../state-machine";

export const manifestStatuses = ["dispatched", "received", "rejected", "voided"] as const;
export type ManifestStatus = (typeof manifestStatuses)[number];

export const manifestTransitions = {
  dispatched: ["received", "rejected", "voided"],
  received: [],
  rejected: [],
  voided: [],
} as const satisfies Transitions<ManifestStatus>;
