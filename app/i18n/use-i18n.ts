import { useRouteLoaderData } from "react-router";
import type { Locale } from "./locale";
import type { MessageKey } from "./messages";
import { nameIn, type Params, translate } from "./translate";

/** The page's language and translator, from the root loader. */
export function useI18n() {
  const root = useRouteLoaderData("root") as { locale: Locale } | undefined;
  const locale: Locale = root?.locale ?? "zh";
  return {
    locale,
    t: (key: MessageKey, params?: Params) => translate(locale, key, params),
    name: (item: { zh: string; en: string } | undefined) => nameIn(locale, item),
  };
}
