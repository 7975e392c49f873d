import { fenToYuanText } from "~/domain/money";
import { kgToTonnesText } from "~/domain/quantity";
import type { Locale } from "./locale";

const TIME_ZONE = "Asia/Shanghai";

export function formatTonnes(kg: number): string {
  const [whole = "0", fraction] = kgToTonnesText(kg).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${grouped}${fraction ? `.${fraction}` : ""} t`;
}

export function formatYuan(fen: number): string {
  const [whole = "0", cents] = fenToYuanText(fen).split(".");
  return `¥${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${cents}`;
}

export function formatRate(bp: number | null): string {
  if (bp === null) return "—";
  return `${(bp / 100).toFixed(1)}%`;
}

export function formatDateTime(locale: Locale, at: Date | string | number | null): string {
  if (at === null) return "—";
  return new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", {
    timeZone: TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(new Date(at));
}

export function formatNumber(locale: Locale, value: number): string {
  return new Intl.NumberFormat(locale === "zh" ? "zh-CN" : "en-GB").format(value);
}
