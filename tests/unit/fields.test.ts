import { describe, expect, it } from "vitest";
import { makeCreditCode } from "#seed/factories";
import { creditCodeCheckCharacter, isValidCreditCode } from "~/domain/credit-code";
import { vehiclePlate } from "~/domain/fields";
import { fenToYuanText, parseYuanToFen } from "~/domain/money";
import { kgToTonnesText, parseTonnesToKg } from "~/domain/quantity";

describe("unified social credit code", () => {
  it("accepts a published code and codes the factory makes", () => {
    // 91110000600037341L is the code printed on a well-known Beijing licence (check char L).
    expect(isValidCreditCode("91110000600037341L")).toBe(true);
    for (let i = 0; i < 50; i++) expect(isValidCreditCode(makeCreditCode("510100", i))).toBe(true);
  });

  it("rejects a wrong check character, a wrong length and letters outside the alphabet", () => {
    expect(isValidCreditCode("91110000600037341M")).toBe(false);
    expect(isValidCreditCode("91110000600037341")).toBe(false);
    expect(isValidCreditCode("91110000600037341LL")).toBe(false);
    expect(isValidCreditCode("9111000060003734IL")).toBe(false);
    expect(isValidCreditCode("9111000060003734OL")).toBe(false);
  });

  it("computes the check character over the first 17", () => {
    expect(creditCodeCheckCharacter("91110000600037341")).toBe("L");
    expect(creditCodeCheckCharacter("9111000060003734I")).toBeNull();
  });
});

describe("vehicle plates", () => {
  const valid = [
    "川A12345",
    "川AD12345",
    "川A12345D",
    "川AF12345",
    "川a 12345",
    "京B·8888K",
    "川A1234挂",
  ];
  const invalid = [
    "",
    "ABC123",
    "川I12345",
    "川O12345",
    "京A1234",
    "川A123456",
    "X川A12345",
    "川AD123",
  ];

  it.each(valid)("accepts %s", (plate) => {
    expect(vehiclePlate.safeParse(plate).success).toBe(true);
  });
  it.each(invalid)("rejects %s", (plate) => {
    expect(vehiclePlate.safeParse(plate).success).toBe(false);
  });
  it("normalises what people type", () => {
    expect(vehiclePlate.parse("川a·123 45")).toBe("川A12345");
  });
});

describe("tonnes as integer kilograms", () => {
  it("converts decimal text exactly", () => {
    expect(parseTonnesToKg("12.345")).toBe(12_345);
    expect(parseTonnesToKg("0.1")).toBe(100);
    expect(parseTonnesToKg("30")).toBe(30_000);
    expect(parseTonnesToKg(" 7.05 ")).toBe(7_050);
  });
  it("refuses what is not a plain decimal of at most three places", () => {
    for (const text of ["", "-1", "1e3", "1.2345", "abc", "1,000", "1.", ".5", "Infinity"]) {
      expect(parseTonnesToKg(text)).toBeNull();
    }
  });
  it("sums without drift and prints back", () => {
    const kg = (parseTonnesToKg("0.1") ?? 0) + (parseTonnesToKg("0.2") ?? 0);
    expect(kgToTonnesText(kg)).toBe("0.3");
    expect(kgToTonnesText(30_200)).toBe("30.2");
    expect(kgToTonnesText(1_000)).toBe("1");
  });
});

describe("yuan as integer fen", () => {
  it("converts decimal text exactly and prints back", () => {
    expect(parseYuanToFen("12.5")).toBe(1_250);
    expect(parseYuanToFen("0.07")).toBe(7);
    expect(parseYuanToFen("12.345")).toBeNull();
    expect(parseYuanToFen("-3")).toBeNull();
    expect(fenToYuanText(1_250)).toBe("12.50");
    expect(fenToYuanText(7)).toBe("0.07");
  });
});
