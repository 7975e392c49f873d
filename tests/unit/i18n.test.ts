import { describe, expect, it } from "vitest";
import { errorCodes } from "~/domain/error-codes";
import { localeFromAcceptLanguage } from "~/i18n/locale";
import { en, isMessageKey, zh } from "~/i18n/messages";
import * as accounts from "~/i18n/messages/accounts";
import * as alerts from "~/i18n/messages/alerts";
import * as common from "~/i18n/messages/common";
import * as department from "~/i18n/messages/department";
import * as products from "~/i18n/messages/products";
import * as waste from "~/i18n/messages/waste";
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

  it("holds each key, and each group of keys, in exactly one area", () => {
    const areas = { accounts, alerts, common, department, products, waste };
    const areaOfKey = new Map<string, string>();
    const areaOfGroup = new Map<string, string>();
    for (const [area, messages] of Object.entries(areas)) {
      expect(Object.keys(messages.zh).sort(), area).toEqual(Object.keys(messages.en).sort());
      for (const key of Object.keys(messages.en)) {
        expect(areaOfKey.get(key), key).toBeUndefined();
        areaOfKey.set(key, area);
        const group = key.split(".")[0] as string;
        expect(areaOfGroup.get(group) ?? area, key).toBe(area);
        areaOfGroup.set(group, area);
      }
    }
    expect([...areaOfKey.keys()].sort()).toEqual(Object.keys(en).sort());
  });

  it("words every failure the domain reports", () => {
    expect(errorCodes.filter((code) => !isMessageKey(code))).toEqual([]);
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
