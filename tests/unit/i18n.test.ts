import { describe, expect, it } from "vitest";
import { localeFromAcceptLanguage } from "~/i18n/locale";
import { en, zh } from "~/i18n/messages";
import { translate } from "~/i18n/translate";

describe("language choice", () => {
  it.each([
    [null, "zh"],
    ["", "zh"],
    ["en-US,en;q=0.9", "en"],
    ["zh-CN,zh;q=0.9,en;q=0.8", "zh"],
    ["fr-FR,fr;q=0.9,en;q=0.5", "en"],
    ["en;q=0.2,zh-TW;q=0.8", "zh"],
    ["de-DE", "zh"],
    ["en;q=0", "zh"],
  ] as const)("Accept-Language %s → %s", (header, expected) => {
    expect(localeFromAcceptLanguage(header)).toBe(expected);
  });
});

describe("dictionaries", () => {
  it("has every key in both languages, none left empty or untranslated", () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(zh)) {
      expect(text.trim(), key).not.toBe("");
      // A Chinese string equal to the English one is a forgotten translation, except proper names.
      if (!["app.name"].includes(key)) expect(text, key).not.toBe(en[key as keyof typeof en]);
    }
  });

  it("fills parameters", () => {
    expect(translate("en", "order.overClaim", { available: "12.5" })).toBe(
      "Only 12.5 t of this listing is still available.",
    );
    expect(translate("zh", "order.overClaim", { available: "12.5" })).toBe(
      "该挂牌仅剩 12.5 吨可认领。",
    );
  });
});
