import { describe, expect, it } from "vitest";
import {
  addressKey,
  FREE_FAILURES_UNDER_ATTACK,
  MAX_DELAY_MS,
  pairDelayMs,
} from "~/domain/accounts/login-throttle.server";

describe("login throttle delays (ADR 011)", () => {
  it("lets three failures pass, then waits 1 s, doubling up to 15 minutes", () => {
    expect([0, 1, 2].map((n) => pairDelayMs(n))).toEqual([0, 0, 0]);
    expect([3, 4, 5, 6].map((n) => pairDelayMs(n))).toEqual([1000, 2000, 4000, 8000]);
    expect(pairDelayMs(12)).toBe(512_000);
    expect(pairDelayMs(13)).toBe(MAX_DELAY_MS);
    expect(pairDelayMs(1000)).toBe(15 * 60 * 1000);
  });

  it("waits after the first failure while the account is under attack", () => {
    expect(pairDelayMs(0, FREE_FAILURES_UNDER_ATTACK)).toBe(0);
    expect(pairDelayMs(1, FREE_FAILURES_UNDER_ATTACK)).toBe(1000);
    expect(pairDelayMs(2, FREE_FAILURES_UNDER_ATTACK)).toBe(2000);
  });
});

describe("the address a throttle counts", () => {
  it.each([
    ["127.0.0.2", "127.0.0.2"],
    ["::ffff:203.0.113.7", "203.0.113.7"],
    ["2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"],
    ["2001:DB8:1:2::1", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    ["64:ff9b::192.0.2.1", "64:ff9b:0:0::/64"],
    ["", "unknown"],
    ["unknown", "unknown"],
  ])("%s → %s", (raw, key) => {
    expect(addressKey(raw)).toBe(key);
  });
});
