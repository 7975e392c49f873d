import type { Locale } from "./locale";
import { en, type MessageKey, zh } from "./messages";

const dictionaries = { en, zh } as const;

export type Params = Record<string, string | number>;

export function translate(locale: Locale, key: MessageKey, params: Params = {}): string {
  const template: string = dictionaries[locale][key] ?? en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** Picks the name of a bilingual reference item (waste class, division, facility type…). */
export function nameIn(locale: Locale, item: { zh: string; en: string } | undefined): string {
  return item ? item[locale] : "—";
}
