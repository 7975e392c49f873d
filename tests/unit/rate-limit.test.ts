import { describe, expect, it } from "vitest";
import { createRateLimiter } from "~/lib/api/rate-limit.server";

describe("API rate limiter (token bucket per token)", () => {
  it("allows a burst, then refills at the rate per minute, and says when to retry", () => {
    let at = 0;
    const limiter = createRateLimiter({ perMinute: 60, burst: 3 }, () => at);
    expect([1, 2, 3].map(() => limiter.take(7).allowed)).toEqual([true, true, true]);
    expect(limiter.take(7)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    at += 1_000;
    expect(limiter.take(7).allowed).toBe(true);
    expect(limiter.take(7).allowed).toBe(false);
    // A long pause refills to the burst, never beyond it.
    at += 3_600_000;
    expect([1, 2, 3, 4].map(() => limiter.take(7).allowed)).toEqual([true, true, true, false]);
  });

  it("keeps one bucket per token", () => {
    const limiter = createRateLimiter({ perMinute: 1, burst: 1 }, () => 0);
    expect(limiter.take(1).allowed).toBe(true);
    expect(limiter.take(1)).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(limiter.take(2).allowed).toBe(true);
  });
});
