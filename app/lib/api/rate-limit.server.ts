/**
 * Token buckets, one per API token, in this server process's memory: each token may burst up to
 * `burst` requests, refilled at `perMinute`. Several processes each keep their own buckets (see
 * docs/decisions/006-api.md), so the limit protects a process rather than metering a customer.
 */
import { settings } from "#config/settings";

export type RateLimit = { perMinute: number; burst: number };
export type Verdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export function createRateLimiter(limit: RateLimit, clock: () => number = () => performance.now()) {
  const perMs = limit.perMinute / 60_000;
  const buckets = new Map<number, { tokens: number; at: number }>();
  return {
    take(key: number): Verdict {
      const at = clock();
      const previous = buckets.get(key);
      const tokens = previous
        ? Math.min(limit.burst, previous.tokens + (at - previous.at) * perMs)
        : limit.burst;
      if (tokens >= 1) {
        buckets.set(key, { tokens: tokens - 1, at });
        return { allowed: true };
      }
      buckets.set(key, { tokens, at });
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)),
      };
    },
  };
}

/** The API's limiter, configured by API_RATE_LIMIT_PER_MINUTE and API_RATE_LIMIT_BURST. */
export const apiRateLimiter = createRateLimiter({
  perMinute: settings().API_RATE_LIMIT_PER_MINUTE,
  burst: settings().API_RATE_LIMIT_BURST,
});
