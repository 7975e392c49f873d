/**
 * Production server: applies migrations and loads demo data before it listens, then serves the
 * React Router build behind compression, security headers and request logging.
 */
import { createRequestHandler } from "@react-router/express";
import compression from "compression";
import express from "express";
import morgan from "morgan";
import { prepareDatabase } from "./db/prepare";

await prepareDatabase();

const build = await import(new URL("./build/server/index.js", import.meta.url).href);
const app = express();
app.disable("x-powered-by");
app.use(compression());
if (process.env.LOG_REQUESTS !== "false") app.use(morgan("tiny"));

app.use((req, res, next) => {
  // The client address for login throttling; never taken from what the client sent.
  req.headers["x-rx-client-ip"] = req.socket.remoteAddress ?? "unknown";
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader(
    "Content-Security-Policy",
    // React Router streams its hydration data in inline scripts, hence 'unsafe-inline' for scripts.
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'",
  );
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

app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
app.use(express.static("build/client", { maxAge: "1h" }));
app.use(createRequestHandler({ build, mode: process.env.NODE_ENV }));

/**
 * Work that time triggers, not a request: trucks in transit past the threshold raise alerts, and
 * the email outbox is sent when an SMTP server is configured. Each job runs at start and every
 * minute, never twice at once; unref() lets the process stop without waiting for the timer.
 */
function everyMinute(name: string, job: () => unknown) {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      await job();
    } catch (error) {
      console.error(`${name} failed:`, error);
    } finally {
      running = false;
    }
  };
  void run();
  setInterval(run, 60_000).unref();
}
const { raiseDueAlerts } = await import("./app/domain/alerts/alerts.server");
everyMinute("alert sweep", raiseDueAlerts);
const { expireDueListings } = await import("./app/domain/listings/lifecycle.server");
everyMinute("listing expiry", expireDueListings);
if (process.env.SMTP_URL) {
  const { deliverOutbox } = await import("./app/domain/notifications/mailer.server");
  everyMinute("email delivery", () => deliverOutbox());
}

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";
app.listen(port, host, () => console.log(`Rebuild Exchange listening on http://localhost:${port}`));
