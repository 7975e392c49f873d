/**
 * Every environment setting the platform reads, parsed by one schema when a process starts. An
 * empty value counts as unset, so `STRIPE_SECRET_KEY=` turns payments off rather than failing.
 * The README's settings table mirrors this file.
 */

import { isIP } from "node:net";
import { availableParallelism } from "node:os";
import { z } from "zod";

const flag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");
const positiveInt = (max: number) => z.coerce.number().int().min(1).max(max);

/** One address (`10.0.0.5`) or a block (`10.0.0.0/8`, `fd00::/8`), for METRICS_ALLOW. */
const addressOrBlock = z.string().refine((entry) => {
  const [address, bits, ...rest] = entry.split("/");
  const family = isIP(address ?? "");
  if (!family || rest.length > 0) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return Number.isInteger(n) && n >= 0 && n <= (family === 4 ? 32 : 128);
}, "an IP address or CIDR block");

/** A comma-separated list of addresses or CIDR blocks. */
const addressList = z
  .string()
  .transform((list) =>
    list
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .pipe(z.array(addressOrBlock));

const hostName = z
  .string()
  .refine(
    (host) =>
      isIP(host) !== 0 ||
      /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(host),
    "an IP address or host name",
  );

export const Settings = z.object({
  NODE_ENV: z.enum(["production", "development", "test"]).default("development"),
  HOST: hostName.default("0.0.0.0"),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  /** Where people reach the platform: links in emails, canonical addresses. */
  PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .transform((url) => url.replace(/\/+$/, ""))
    .optional(),
  DATABASE_PATH: z.string().min(1).default("data/app.db"),
  /** When set, the store is this PostgreSQL database instead of the SQLite file (ADR 015). */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  UPLOADS_DIR: z.string().min(1).optional(),
  MIGRATIONS_DIR: z.string().min(1).default("db/migrations"),
  /** Only `npm start` (the demo) reads it: demo data on an empty database. */
  SEED_DEMO: flag.default(true),
  WORKERS: positiveInt(256).default(availableParallelism()),
  SHUTDOWN_TIMEOUT_S: z.coerce.number().min(1).max(300).default(8),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_REQUESTS: flag.default(true),
  METRICS_ALLOW: addressList.default(["127.0.0.1", "::1"]),
  /** Reverse proxies (addresses or blocks) whose X-Forwarded-For names the client. */
  TRUST_PROXY: addressList.default([]),
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_EVERY_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(24),
  BACKUP_KEEP: positiveInt(10_000).default(7),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().min(3).optional(),
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_/, "a Stripe secret key (sk_… or rk_…)")
    .optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_/, "a webhook signing secret (whsec_…)")
    .optional(),
  /** Tests point the SDK at their local emulation of Stripe's API. */
  STRIPE_API_BASE: z.url().optional(),
  STRIPE_TIMEOUT_MS: positiveInt(120_000).default(10_000),
  API_RATE_LIMIT_PER_MINUTE: positiveInt(1_000_000).default(120),
  API_RATE_LIMIT_BURST: positiveInt(1_000_000).default(60),
  /** Tests only: lets CLOCK_OFFSET_MS move the clock of a production build (see domain/clock). */
  ENABLE_TEST_CLOCK: flag.default(false),
});
export type Settings = z.infer<typeof Settings>;

export class SettingsError extends Error {}

/** Parses the environment; a wrong value throws one line naming the setting and what it takes. */
export function parseSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const present = Object.fromEntries(
    Object.keys(Settings.shape)
      .filter((key) => env[key] !== undefined && env[key] !== "")
      .map((key) => [key, env[key]]),
  );
  const parsed = Settings.safeParse(present);
  if (parsed.success) {
    const settings = parsed.data;
    if (Boolean(settings.STRIPE_SECRET_KEY) !== Boolean(settings.STRIPE_WEBHOOK_SECRET)) {
      throw new SettingsError(
        "STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET go together: set both for card payments, or neither for bank transfer only",
      );
    }
    return settings;
  }
  const issue = parsed.error.issues[0];
  const key = String(issue?.path[0] ?? "environment");
  throw new SettingsError(
    `${key}=${JSON.stringify(env[key] ?? "")} is not valid: ${issue?.message}`,
  );
}

let current: Settings | undefined;

/** The settings of this process, parsed once. */
export function settings(): Settings {
  current ??= parseSettings();
  return current;
}
