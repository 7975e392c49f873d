import type { Transitions } from "../state-machine";

export const productOrderStatuses = [
  "placed",
  "confirmed",
  "rejected",
  "delivering",
  "delivered",
  "completed",
  "cancelled",
] as const;
export type ProductOrderStatus = (typeof productOrderStatuses)[number];

/**
 * placed → confirmed (stock reserved) | rejected → delivering (partial deliveries) → delivered
 * (the buyer confirmed all) → completed (paid) | cancelled (stock released, payment refunded).
 */
export const productOrderTransitions = {
  placed: ["confirmed", "rejected", "cancelled"],
  confirmed: ["delivering", "cancelled"],
  delivering: ["delivered"],
  delivered: ["completed"],
  rejected: [],
  completed: [],
  cancelled: [],
} as const satisfies Transitions<ProductOrderStatus>;
