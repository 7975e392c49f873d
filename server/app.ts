/**
 * The HTTP application of one server process: security headers with a per-request script nonce,
 * request ids and logs, metrics, static files, then the React Router build.
 */
import { randomFillSync, randomUUID } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { BlockList, isIP } from "node:net";
import { join, relative, sep } from "node:path";
import { createRequestHandler } from "@react-router/express";
import compression from "compression";
import express from "express";
import type { ServerBuild } from "react-router";
import { settings } from "#config/settings";
import { logger, requestScope } from "./logger";
import {
  metricsContentType,
  metricsText,
  requestDuration,
  requestsInFlight,
  routeLabel,
} from "./metrics";

/** Set by the server on every request; whatever a client sends under these names is replaced. */
export const CLIENT_IP_HEADER = "x-rx-client-ip";
export const NONCE_HEADER = "x-rx-csp-nonce";

function contentSecurityPolicy(nonce: string) {
  return [
    "default-src 'self'",
    // Only scripts carrying this response's nonce run: React Router's own, never injected ones.
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
}

/** IPv4 peers on a dual-stack socket appear as ::ffff:a.b.c.d. */
function plainAddress(address: string): string {
  return address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

function allowList(entries: string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", bits] = entry.split("/");
    const type = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list;
}

/**
 * A 128-bit script nonce per response, cut from a pool of random bytes refilled 256 nonces at a
 * time, so the random generator is called once per 256 page views rather than on every one.
 */
const NONCE_BYTES = 16;
const noncePool = Buffer.alloc(NONCE_BYTES * 256);
let nonceOffset = noncePool.length;
function scriptNonce(): string {
  if (nonceOffset === noncePool.length) {
    randomFillSync(noncePool);
    nonceOffset = 0;
  }
  const nonce = noncePool.toString("base64", nonceOffset, nonceOffset + NONCE_BYTES);
  nonceOffset += NONCE_BYTES;
  return nonce;
}

const CLIENT_DIR = "build/client";

/** The URL paths of the build's public files (favicon and the like), hashed assets aside. */
function publicFilePaths(dir: string): Set<string> {
  if (!existsSync(dir)) return new Set();
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) =>
    entry.isFile(),
  );
  return new Set(
    files
      .map((entry) => `/${relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/")}`)
      .filter((path) => !path.startsWith("/assets/")),
  );
}

export type HttpApp = {
  app: express.Express;
  /** From now on every answer closes its connection, so keep-alive clients move elsewhere. */
  draining: () => void;
};

export function createHttpApp(build: ServerBuild): HttpApp {
  const config = settings();
  const metricsAllowed = allowList(config.METRICS_ALLOW);
  let draining = false;
  const app = express();
  app.disable("x-powered-by");
  // Behind a proxy every connection comes from the proxy: only the proxies named in TRUST_PROXY
  // may say who the client is, so the login throttle counts clients, not the proxy.
  if (config.TRUST_PROXY.length > 0) app.set("trust proxy", config.TRUST_PROXY);

  // One middleware times, counts and logs each request: a request logger that builds a child
  // logger per request cost more than some pages' own queries.
  app.use((req, res, next) => {
    const started = performance.now();
    const given = req.headers["x-request-id"];
    const reqId = typeof given === "string" && /^[\w.-]{8,64}$/.test(given) ? given : randomUUID();
    res.setHeader("X-Request-Id", reqId);
    requestsInFlight.inc();
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      requestsInFlight.dec();
      const path = req.path;
      const seconds = (performance.now() - started) / 1000;
      const status = res.statusCode;
      requestDuration.observe(
        { route: routeLabel(path), method: req.method, status: `${Math.floor(status / 100)}xx` },
        seconds,
      );
      if (!config.LOG_REQUESTS) return;
      const level = status >= 500 ? "error" : status >= 400 ? "warn" : "info";
      logger[level](
        {
          reqId,
          req: { method: req.method, path },
          res: { status },
          responseTime: Math.round(seconds * 1000),
        },
        res.writableFinished ? "request completed" : "request aborted",
      );
    };
    res.once("finish", done);
    res.once("close", done);
    if (draining) res.setHeader("Connection", "close");
    requestScope.run({ reqId }, next);
  });

  app.get("/metrics", async (req, res) => {
    const peer = plainAddress(req.socket.remoteAddress ?? "");
    const family = isIP(peer) === 6 ? "ipv6" : "ipv4";
    if (!peer || !metricsAllowed.check(peer, family)) {
      res.status(403).type("text/plain").send("Metrics are not served to this address.\n");
      return;
    }
    try {
      res.type(metricsContentType).send(await metricsText());
    } catch (error) {
      logger.error({ err: error }, "metrics unavailable");
      res.status(503).type("text/plain").send("Metrics are unavailable.\n");
    }
  });

  app.use(compression());

  app.use((req, res, next) => {
    // The client address for login throttling and rate limits; never taken from what the client sent.
    req.headers[CLIENT_IP_HEADER] = plainAddress(
      (config.TRUST_PROXY.length > 0 ? req.ip : req.socket.remoteAddress) ?? "unknown",
    );
    const nonce = scriptNonce();
    req.headers[NONCE_HEADER] = nonce;
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
    if (req.secure || req.headers["x-forwarded-proto"] === "https") {
      res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
    next();
  });

  // Defence in depth next to SameSite=Lax cookies: a browser form post from another site is refused.
  app.use((req, res, next) => {
    const origin = req.headers.origin;
    if (req.method === "GET" || req.method === "HEAD" || !origin) return next();
    let sameHost = false;
    try {
      sameHost = new URL(origin).host === req.headers.host;
    } catch {
      sameHost = false;
    }
    if (sameHost) return next();
    res.status(403).type("text/plain").send("Cross-site form posts are not accepted.");
  });

  app.use("/assets", express.static(`${CLIENT_DIR}/assets`, { immutable: true, maxAge: "1y" }));
  // The public files are known when the server starts: asking the disk on every page view for a
  // file that is not there cost more than some pages' own queries.
  const publicFiles = publicFilePaths(CLIENT_DIR);
  const servePublicFile = express.static(CLIENT_DIR, { maxAge: "1h", index: false });
  app.use((req, res, next) =>
    publicFiles.has(req.path) ? servePublicFile(req, res, next) : next(),
  );
  app.use(createRequestHandler({ build, mode: config.NODE_ENV }));

  return {
    app,
    draining: () => {
      draining = true;
    },
  };
}
