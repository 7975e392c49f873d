import Stripe from "stripe";
import { settings } from "#config/settings";

/**
 * The Stripe client, when the server has keys. STRIPE_API_BASE points the SDK at another host
 * (the tests' local emulation of Stripe's HTTP API); in production it is unset. Failed calls are
 * retried twice (every POST carries an idempotency key, so a retry never pays or refunds twice);
 * STRIPE_TIMEOUT_MS bounds each try.
 */
export function stripeClient(): Stripe | null {
  const { STRIPE_SECRET_KEY: key, STRIPE_API_BASE, STRIPE_TIMEOUT_MS } = settings();
  if (!key) return null;
  const base = STRIPE_API_BASE ? new URL(STRIPE_API_BASE) : null;
  return new Stripe(key, {
    maxNetworkRetries: 2,
    timeout: STRIPE_TIMEOUT_MS,
    telemetry: false,
    ...(base
      ? {
          host: base.hostname,
          port: Number(base.port || (base.protocol === "https:" ? 443 : 80)),
          protocol: base.protocol === "https:" ? "https" : "http",
        }
      : {}),
  });
}

export function webhookSecret(): string | null {
  return settings().STRIPE_WEBHOOK_SECRET ?? null;
}
