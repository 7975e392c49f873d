import type { Transitions } from "../state-machine";

export const listingStatuses = ["draft", "open", "closed", "expired", "cancelled"] as const;
export type ListingStatus = (typeof listingStatuses)[number];

export const listingTransitions = {
  draft: ["open", "cancelled"],
  open: ["closed", "expired", "cancelled"],
  closed: [],
  // An expired listing is still closed out: the producer declares what happened to the rest.
  expired: ["closed"],
  cancelled: [],
} as const satisfies Transitions<ListingStatus>;
