import { isLocale } from "~/i18n/locale";
import type { MessageKey } from "~/i18n/messages";
import { translate } from "~/i18n/translate";

type Matches = readonly ({ id: string; loaderData?: unknown } | undefined)[];

/** The document title "<page> · Rebuild Exchange" in the page's language. */
export function pageTitle(
  matches: Matches,
  key: MessageKey,
  params?: Record<string, string | number>,
) {
  const root = matches.find((m) => m?.id === "root")?.loaderData as
    | { locale?: unknown }
    | undefined;
  const locale = isLocale(root?.locale) ? root.locale : "zh";
  return [{ title: `${translate(locale, key, params)} · ${translate(locale, "app.name")}` }];
}
