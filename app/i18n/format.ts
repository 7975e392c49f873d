import { fenToYuanText } from "~/domain/money";
import { milliToUnitsText } from "~/domain/products/quantity";
import { kgToTonnesText } from "~/domain/quantity";
import type { Locale } from "./locale";

const TIME_ZONE = "Asia/Shanghai";

export function formatTonnes(kg: number): string {
  const [whole = "0", fraction] = kgToTonnesText(kg).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${grouped}${fraction ? `.${fraction}` : ""} t`;
}

/** A product quantity (milli-units) for reading: whole units grouped by thousands, "60,000". */
export function formatUnits(milli: number): string {
  const [whole = "0", fraction] = milliToUnitsText(milli).split(".");
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${fraction ? `.${fraction}` : ""}`;
}

export function formatYuan(fen: number): string {
  const [whole = "0", cents] = fenToYuanText(fen).split(".");
  return `¥${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${cents}`;
}

/** Kilometres with one decimal, e.g. "12.3 km". */
export function formatKm(km: number): string {
  return `${km.toFixed(1)} km`;
}

/** Grams of CO₂e as kilograms (or tonnes from 1,000 kg), e.g. "1.01 kg", "101.4 kg", "2.35 t". */
export function formatCo2Grams(grams: number): string {
  const kg = grams / 1000;
  if (kg >= 1000) return `${(kg / 1000).toFixed(2)} t`;
  return `${kg.toFixed(kg < 10 ? 2 : 1)} kg`;
}

export function formatRate(bp: number | null): string {
  if (bp === null) return "—";
  return `${(bp / 100).toFixed(1)}%`;
}

// Intl formatters are costly to build and safe to share: one each, not one per figure on a page.
const dateTimeParts = new Intl.DateTimeFormat("en-CA", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});
const numberFormats: Record<Locale, Intl.NumberFormat> = {
  zh: new Intl.NumberFormat("zh-CN"),
  en: new Intl.NumberFormat("en-GB"),
};

/** "2026-11-29 08:02" in Asia/Shanghai, the same shape in both languages as the ISO dates beside it. */
export function formatDateTime(_locale: Locale, at: Date | string | number | null): string {
  if (at === null) return "—";
  const parts = Object.fromEntries(
    dateTimeParts.formatToParts(new Date(at)).map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

export function formatNumber(locale: Locale, value: number): string {
  return numberFormats[locale].format(value);
}
