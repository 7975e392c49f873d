import type { Transitions } from "../state-machine";

/**
 * The rectification register's state machine (清单制 + 责任制 + 销号制): the organisation answers an
 * open or reopened item; the department verifies the answer and closes the item (销号) or reopens
 * it. A closed item stays closed. Importable by the UI: no database here.
 */
export const rectificationStatuses = ["open", "responded", "closed", "reopened"] as const;
export type RectificationStatus = (typeof rectificationStatuses)[number];

export const rectificationTransitions = {
  open: ["responded"],
  responded: ["closed", "reopened"],
  reopened: ["responded"],
  closed: [],
} as const satisfies Transitions<RectificationStatus>;

/** What each step does to the item: the action recorded in its history and the status it leaves. */
export const rectificationSteps = {
  respond: { action: "responded", to: "responded" },
  close: { action: "closed", to: "closed" },
  reopen: { action: "reopened", to: "reopened" },
} as const satisfies Record<string, { action: string; to: RectificationStatus }>;

/** Overdue: past its deadline (a Shanghai calendar day) and not yet closed. */
export function isOverdue(item: { status: string; deadline: string }, today: string): boolean {
  return item.status !== "closed" && item.deadline < today;
}

/** The fixed list of problem categories, in both languages. */
export const rectificationCategories = [
  { key: "unclosed_manifest", zh: "联单未闭合", en: "Manifest not closed" },
  { key: "weight_discrepancy", zh: "称重异常", en: "Weight discrepancy" },
  { key: "approval_expiry", zh: "处置核准过期或临期", en: "Disposal approval expired or expiring" },
  {
    key: "usage_below_target",
    zh: "再生产品使用比例不达标",
    en: "Recycled-product use below the rule",
  },
  { key: "listing_not_moved", zh: "挂牌过期未清运", en: "Listing expired with nothing moved" },
  { key: "illegal_dumping", zh: "违规倾倒或消纳", en: "Illegal dumping or disposal" },
  { key: "data_quality", zh: "数据填报不实或不全", en: "Inaccurate or incomplete records" },
  {
    key: "site_management",
    zh: "现场管理（扬尘、车辆等）",
    en: "Site management (dust, vehicles…)",
  },
  { key: "other", zh: "其他", en: "Other" },
] as const;
export type RectificationCategory = (typeof rectificationCategories)[number]["key"];
export const rectificationCategoryKeys = rectificationCategories.map((c) => c.key) as [
  RectificationCategory,
  ...RectificationCategory[],
];
