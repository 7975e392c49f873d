/**
 * Structured JSON logs on stdout, one object per line. pino writes asynchronously through
 * sonic-boom, so a log line costs the request little. Requests log method, path, status and time
 * with their id, never headers, cookies, query strings or bodies: session tokens, API tokens and
 * one-time links cannot reach the logs. Every line written while a request is handled — also by
 * the app's and the framework's console calls — carries that request's id.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { format } from "node:util";
import { pino } from "pino";
import { settings } from "#config/settings";

export const requestScope = new AsyncLocalStorage<{ reqId: string }>();

export const logger = pino({
  level: settings().LOG_LEVEL,
  base: { pid: process.pid },
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  // Every line written while a request is handled takes the request's id from its scope.
  mixin: () => requestScope.getStore() ?? {},
});

/** console.error/warn/info/log become log lines, so nothing reaches stdout unstructured. */
export function routeConsoleToLogger() {
  const levels = {
    error: "error",
    warn: "warn",
    info: "info",
    log: "info",
    debug: "debug",
  } as const;
  for (const [method, level] of Object.entries(levels)) {
    (console as unknown as Record<string, (...args: unknown[]) => void>)[method] = (
      ...args: unknown[]
    ) => {
      const error = args.find((arg): arg is Error => arg instanceof Error);
      const text = format(...args.filter((arg) => arg !== error));
      if (error) logger[level]({ err: error }, text || error.message);
      else logger[level](text);
    };
  }
}
