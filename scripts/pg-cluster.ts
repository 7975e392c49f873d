/**
 * A throw-away PostgreSQL cluster for tests and benchmarks, from Debian's `postgresql` package
 * (`apt-get install -y postgresql`): a new data folder in the temporary directory, a free port on
 * 127.0.0.1, no durability (fsync off: nothing in it outlives the run). PostgreSQL refuses to run
 * as root, so as root the cluster is created and started as the `postgres` user.
 *
 *   tsx scripts/pg-cluster.ts     # starts one, prints its DATABASE_URL, stops it on Ctrl-C
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port";

const INSTALL_HINT = "install PostgreSQL first: apt-get install -y postgresql";

export type Cluster = { url: string; dataDir: string; port: number; stop(): void };

/** The newest installed server's programs (initdb, pg_ctl …). */
function postgresBinDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (newest === undefined)
    throw new Error(`PostgreSQL's server programs are missing: ${INSTALL_HINT}`);
  return join(root, newest, "bin");
}

const asRoot = process.getuid?.() === 0;

/** Runs one of PostgreSQL's programs, as `postgres` when this process is root. */
function runPostgresProgram(program: string, args: string[]): string {
  const path = join(postgresBinDir(), program);
  const [command, commandArgs] = asRoot
    ? ["runuser", ["-u", "postgres", "--", path, ...args]]
    : [path, args];
  const result = spawnSync(command, commandArgs, { encoding: "utf8", cwd: tmpdir() });
  if (result.status !== 0) {
    throw new Error(`${program} failed: ${(result.stderr || result.stdout || "").trim()}`);
  }
  return result.stdout;
}

/** A folder the cluster's user may write, in the temporary directory. */
function clusterFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  return dir;
}

/** Starts the cluster whose data folder is `dataDir`. */
function startServer(dataDir: string, port: number): void {
  const options = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${dataDir}`,
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c max_connections=200",
  ].join(" ");
  runPostgresProgram("pg_ctl", [
    "-D",
    dataDir,
    "-o",
    options,
    "-l",
    join(dataDir, "server.log"),
    "-w",
    "start",
  ]);
}

function stopServer(dataDir: string): void {
  if (!existsSync(join(dataDir, "postmaster.pid"))) return;
  runPostgresProgram("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
}

export async function startThrowawayCluster(): Promise<Cluster> {
  const folder = clusterFolder("rebuild-exchange-pg-");
  const dataDir = join(folder, "data");
  runPostgresProgram("initdb", [
    "-D",
    dataDir,
    "-U",
    "postgres",
    "--auth=trust",
    "--encoding=UTF8",
    "--no-locale",
    "--no-sync",
  ]);
  const port = await freePort();
  startServer(dataDir, port);
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    dataDir,
    port,
    stop() {
      try {
        stopServer(dataDir);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const cluster = await startThrowawayCluster();
  console.log(`DATABASE_URL=${cluster.url}`);
  const stop = () => {
    cluster.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  setInterval(() => undefined, 1 << 30);
}
