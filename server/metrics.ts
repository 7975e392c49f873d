/**
 * Prometheus metrics of one server process. In a cluster, /metrics on any worker asks the primary,
 * which gathers every worker's registry (prom-client's AggregatorRegistry) and sums them.
 */
import cluster from "node:cluster";
import { readdirSync } from "node:fs";
import client from "prom-client";
import { settings } from "#config/settings";
import { onStatementTimed } from "#db/client";
import { BACKUP_FILE_PATTERN, scheduledBackupTime } from "./backup";

export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });
if (cluster.isWorker) {
  // Workers answer the primary's requests for their metrics from this registry.
  client.AggregatorRegistry.setRegistries([registry]);
  new client.AggregatorRegistry();
}

export const requestDuration = new client.Histogram({
  name: "rx_http_request_duration_seconds",
  help: "Time to answer an HTTP request, by route pattern, method and status class",
  labelNames: ["route", "method", "status"] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const requestsInFlight = new client.Gauge({
  name: "rx_http_requests_in_flight",
  help: "Requests accepted and not yet answered",
  registers: [registry],
});

const databaseSeconds = new client.Counter({
  name: "rx_database_seconds_total",
  help: "Time spent running SQL statements",
  registers: [registry],
});
const databaseStatements = new client.Counter({
  name: "rx_database_statements_total",
  help: "SQL statements run",
  registers: [registry],
});
/** In a process that serves requests: count the time of its SQL statements. */
export function timeDatabaseStatements() {
  onStatementTimed((seconds) => {
    databaseSeconds.inc(seconds);
    databaseStatements.inc();
  });
}

export const jobRuns = new client.Counter({
  name: "rx_job_runs_total",
  help: "Runs of the scheduled jobs, by job and outcome",
  labelNames: ["job", "outcome"] as const,
  registers: [registry],
});

new client.Gauge({
  name: "rx_backup_age_seconds",
  help: "Age of the newest scheduled backup in BACKUP_DIR (absent when BACKUP_DIR is not set, -1 when there is none yet)",
  aggregator: "max",
  registers: [registry],
  collect() {
    const dir = settings().BACKUP_DIR;
    if (!dir) return;
    let newest = 0;
    try {
      for (const name of readdirSync(dir)) {
        if (!BACKUP_FILE_PATTERN.test(name)) continue;
        newest = Math.max(newest, scheduledBackupTime(name));
      }
    } catch {
      // no folder yet: no backup yet
    }
    this.set(newest ? (Date.now() - newest) / 1000 : -1);
  },
});

/**
 * A route label with bounded cardinality: numbers, codes and tokens in the path become
 * placeholders (`/listing/42` → `/listing/:id`), static files one label.
 */
export function routeLabel(path: string): string {
  if (path.startsWith("/assets/")) return "/assets/*";
  return (
    path
      .split("/")
      .map((segment) =>
        /^\d+$/.test(segment) ? ":id" : /^[A-Za-z0-9_-]{16,}$/.test(segment) ? ":token" : segment,
      )
      .join("/")
      .slice(0, 120) || "/"
  );
}

const REQUEST = "rx:metrics-request";
const REPLY = "rx:metrics-reply";

/** In the primary: answers workers that ask for the whole cluster's metrics. */
export function serveClusterMetrics() {
  const aggregator = new client.AggregatorRegistry();
  cluster.on("message", (worker, message) => {
    if (message?.type !== REQUEST) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: REPLY, id: message.id, text }),
      (error: Error) => worker.send({ type: REPLY, id: message.id, error: error.message }),
    );
  });
}

let nextRequest = 0;

/** The metrics text: this process's, or the cluster's when running as a worker. */
export async function metricsText(): Promise<string> {
  if (!cluster.isWorker || !process.send) return registry.metrics();
  const id = ++nextRequest;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      process.off("message", onMessage);
      reject(new Error("the primary did not answer with the cluster's metrics"));
    }, 5000);
    const onMessage = (message: { type?: string; id?: number; text?: string; error?: string }) => {
      if (message?.type !== REPLY || message.id !== id) return;
      clearTimeout(timer);
      process.off("message", onMessage);
      if (message.error) reject(new Error(message.error));
      else resolve(message.text ?? "");
    };
    process.on("message", onMessage);
    process.send?.({ type: REQUEST, id });
  });
}

export const metricsContentType = registry.contentType;
