import { createCookie } from "react-router";
import { isLocale, type Locale, localeFromAcceptLanguage } from "./locale";

export const localeCookie = createCookie("rx_lang", {
  path: "/",
  sameSite: "lax",
  maxAge: 365 * 24 * 60 * 60,
});

/** The language the user chose (cookie), else the one the browser prefers. */
export async function getLocale(request: Request): Promise<Locale> {
  const chosen = await localeCookie.parse(request.headers.get("Cookie"));
  return isLocale(chosen)
    ? chosen
    : localeFromAcceptLanguage(request.headers.get("Accept-Language"));
}
