/**
 * Starts Rebuild Exchange.
 *
 *   server/main.ts demo           `npm start`: demo data on an empty database, for trying it out
 *   server/main.ts serve          `npm run serve`: a real deployment; refuses unsafe settings
 *   server/main.ts serve --check  only the checks, then exit (run before the build)
 *
 * The primary process checks the settings, migrates (and in the demo, seeds) the database, then
 * runs WORKERS server processes on the one database file; one of them also runs the scheduled
 * jobs. A worker that dies is replaced. SIGTERM or SIGINT stops gracefully: no new connections,
 * in-flight requests finish (up to SHUTDOWN_TIMEOUT_S), jobs stop, the WAL is checkpointed, exit 0.
 */
import cluster, { type Worker } from "node:cluster";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { parseSettings, type Settings, SettingsError } from "#config/settings";

const mode = process.argv[2] === "serve" ? "serve" : "demo";
const checkOnly = process.argv.includes("--check");
const BUILD = new URL("../build/server/index.js", import.meta.url);
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);
/** A worker that cannot listen exits with this code (EX_CONFIG): replacing it would not help. */
const CANNOT_LISTEN = 78;

function refuse(line: string): never {
  process.stderr.write(`Rebuild Exchange will not start: ${line}\n`);
  process.exit(1);
}

/** What a real deployment must not run with, read from the settings alone. */
function unsafeForProduction(
  config: Settings,
  explicitSeedDemo: string | undefined,
): string | null {
  if (config.NODE_ENV !== "production") {
    return "NODE_ENV must be production (npm run serve sets it)";
  }
  if (!config.PUBLIC_URL) {
    return "set PUBLIC_URL to the address people use to reach the platform, e.g. PUBLIC_URL=https://rebuild.example.cn";
  }
  const url = new URL(config.PUBLIC_URL);
  if (url.protocol !== "https:" && !LOOPBACK.has(url.hostname)) {
    return `PUBLIC_URL must be https:// (sessions travel in its cookies); got ${config.PUBLIC_URL}`;
  }
  if (config.ENABLE_TEST_CLOCK) return "ENABLE_TEST_CLOCK is for tests only: unset it";
  if (explicitSeedDemo === "true" || explicitSeedDemo === "1") {
    return "SEED_DEMO is for the demo (npm start) only: unset it";
  }
  return null;
}

function loadSettings(): Settings {
  if (mode === "serve") {
    // A deployment never loads demo data, and the login page offers no demo accounts.
    const explicit = process.env.SEED_DEMO;
    process.env.SEED_DEMO = "false";
    try {
      const config = parseSettings({ ...process.env, SEED_DEMO: explicit });
      const unsafe = unsafeForProduction(config, explicit);
      if (unsafe) refuse(unsafe);
    } catch (error) {
      if (error instanceof SettingsError) refuse(error.message);
      throw error;
    }
  }
  try {
    return parseSettings();
  } catch (error) {
    if (error instanceof SettingsError) refuse(error.message);
    throw error;
  }
}

async function prepare(config: Settings) {
  if (config.DATABASE_URL) {
    refuse(
      "DATABASE_URL is set, but this version serves from the SQLite file only: unset DATABASE_URL (DATABASE_PATH names the file)",
    );
  }
  const { prepareDatabase } = await import("#seed/prepare");
  const { sqlite, databasePath } = await import("#db/client");
  if (mode === "serve") {
    await prepareDatabase({ seedDemo: false });
    const demo = sqlite
      .prepare("SELECT count(*) AS n FROM users WHERE email LIKE '%@example.com'")
      .get() as { n: number };
    if (demo.n > 0) {
      refuse(
        `${databasePath} holds ${demo.n} demo accounts (…@example.com, a published password): use a new DATABASE_PATH, or restore a real backup`,
      );
    }
  } else {
    await prepareDatabase({ seedDemo: config.SEED_DEMO });
  }
  if (!checkOnly && !existsSync(BUILD)) refuse("the app is not built: run `npm run build` first");
}

/** The primary of several workers: forks them, replaces any that dies, stops them all. */
async function runPrimary(config: Settings) {
  const { logger, routeConsoleToLogger } = await import("./logger");
  routeConsoleToLogger();
  const { serveClusterMetrics } = await import("./metrics");
  const { serverLockFile } = await import("./backup");
  const { sqlite } = await import("#db/client");
  // The workers open their own connections; the primary keeps none.
  sqlite.close();
  const lock = serverLockFile();
  writeFileSync(lock, `${process.pid}\n`);
  serveClusterMetrics();

  let stopping = false;
  let jobsWorker: Worker | undefined;
  const fork = (runsJobs: boolean) => {
    const worker = cluster.fork({ RX_RUNS_JOBS: runsJobs ? "1" : "0" });
    if (runsJobs) jobsWorker = worker;
    return worker;
  };
  for (let i = 0; i < config.WORKERS; i++) fork(i === 0);

  let recentDeaths: number[] = [];
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    if (code === CANNOT_LISTEN) {
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill("SIGKILL");
      rmSync(lock, { force: true });
      refuse(
        `cannot listen on ${config.HOST}:${config.PORT} (in use, or not an address of this machine)`,
      );
    }
    const runsJobs = worker === jobsWorker;
    const now = Date.now();
    recentDeaths = [...recentDeaths.filter((at) => now - at < 60_000), now];
    logger.error(
      { worker: worker.process.pid, code, signal, runsJobs },
      "worker died; replacing it",
    );
    if (recentDeaths.length > config.WORKERS * 5) {
      logger.fatal("workers keep dying; stopping");
      rmSync(lock, { force: true });
      process.exit(1);
    }
    // A short pause so a worker that dies at start does not spin the machine.
    setTimeout(() => fork(runsJobs), recentDeaths.length > config.WORKERS ? 1000 : 0);
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => Boolean(w));
    const alive = workers.filter((w) => !w.isDead());
    for (const worker of alive) worker.process.kill("SIGTERM");
    const kill = setTimeout(
      () => {
        for (const worker of alive) if (!worker.isDead()) worker.process.kill("SIGKILL");
      },
      (config.SHUTDOWN_TIMEOUT_S + 5) * 1000,
    );
    let failed = false;
    // The workers' exits settle it; nothing here rejects.
    void Promise.all(
      alive.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            worker.once("exit", (code) => {
              if (code !== 0) failed = true;
              resolve();
            });
          }),
      ),
    ).then(() => {
      clearTimeout(kill);
      rmSync(lock, { force: true });
      logger.info("stopped");
      process.exit(failed ? 1 : 0);
    });
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

/** One server process: HTTP, and the scheduled jobs when it is the one that runs them. */
async function runServer(config: Settings, options: { runsJobs: boolean; lock: boolean }) {
  const { logger, routeConsoleToLogger } = await import("./logger");
  routeConsoleToLogger();
  const { timeDatabaseStatements } = await import("./metrics");
  const { createHttpApp } = await import("./app");
  const { startJobs } = await import("./jobs");
  const { serverLockFile } = await import("./backup");
  const { sqlite } = await import("#db/client");
  timeDatabaseStatements();
  const build = await import(BUILD.href);
  const http = createHttpApp(build);
  const lock = serverLockFile();
  if (options.lock) writeFileSync(lock, `${process.pid}\n`);

  const server = http.app.listen(config.PORT, config.HOST);
  server.on("error", (error: NodeJS.ErrnoException) => {
    if (options.lock) {
      rmSync(lock, { force: true });
      refuse(`cannot listen on ${config.HOST}:${config.PORT}: ${error.code ?? error.message}`);
    }
    logger.fatal({ err: error }, "cannot listen");
    process.exit(CANNOT_LISTEN);
  });
  server.on("listening", () => {
    logger.info(
      { host: config.HOST, port: config.PORT, mode, runsJobs: options.runsJobs },
      `Rebuild Exchange listening on http://localhost:${config.PORT}`,
    );
  });
  const jobs = options.runsJobs ? startJobs() : null;

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping: finishing requests in flight");
    http.draining();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Keep-alive connections idle between requests are closed as soon as they go idle.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const deadline = setTimeout(() => {
      logger.warn("shutdown deadline reached: closing the connections still open");
      server.closeAllConnections();
    }, config.SHUTDOWN_TIMEOUT_S * 1000);
    await closed;
    clearInterval(sweep);
    clearTimeout(deadline);
    await jobs?.stop();
    try {
      sqlite.pragma("wal_checkpoint(TRUNCATE)");
      sqlite.close();
    } catch (error) {
      logger.error({ err: error }, "closing the database failed");
    }
    if (options.lock) rmSync(lock, { force: true });
    logger.info("stopped");
    logger.flush();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

const config = loadSettings();
if (cluster.isPrimary) {
  await prepare(config);
  if (checkOnly) process.exit(0);
  if (config.WORKERS === 1) await runServer(config, { runsJobs: true, lock: true });
  else await runPrimary(config);
} else {
  await runServer(config, { runsJobs: process.env.RX_RUNS_JOBS === "1", lock: false });
}
