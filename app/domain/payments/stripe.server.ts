import Stripe from "stripe";

/**
 * The Stripe client, when the server has keys. STRIPE_API_BASE points the SDK at another host
 * (the tests' local emulation of Stripe's HTTP API); in production it is unset. Failed calls are
 * retried twice (every POST carries an idempotency key, so a retry never pays or refunds twice);
 * STRIPE_TIMEOUT_MS bounds each try.
 */
export function stripeClient(): Stripe | null {
  const key = process.env.STRIPE_SECRET_KEY;
  if (!key) return null;
  const base = process.env.STRIPE_API_BASE ? new URL(process.env.STRIPE_API_BASE) : null;
  return new Stripe(key, {
    maxNetworkRetries: 2,
    timeout: Number(process.env.STRIPE_TIMEOUT_MS) || 10_000,
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
  return process.env.STRIPE_WEBHOOK_SECRET ?? null;
}
