/**
 * Structured JSON logs on stdout, one object per line. pino writes asynchronously through
 * sonic-boom, so a log line costs the request little. Requests log method, path, status and time
 * with their id, never headers, cookies, query strings or bodies: session tokens, API tokens and
 * one-time links cannot reach the logs.
 */
import { pino } from "pino";
import { settings } from "#config/settings";

export const logger = pino({
  level: settings().LOG_LEVEL,
  base: { pid: process.pid },
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
});
