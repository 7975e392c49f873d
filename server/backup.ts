/**
 * Online backups and restores of the SQLite database, with the uploaded files beside it.
 *
 * A backup uses SQLite's backup API from a connection of its own: after a first step it copies
 * every remaining page in one step, inside one read transaction, so the copy is the database as it
 * was at one instant while the server goes on writing (WAL readers do not block writers). The copy
 * is written to a temporary name, checked with `PRAGMA integrity_check`, and only then renamed to
 * the name asked for. Uploaded files are written once under random names and never changed, so
 * copying them after the database snapshot holds at least every file it refers to.
 */
import {
  closeSync,
  cpSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import Database from "better-sqlite3";
import { settings } from "#config/settings";

export class BackupError extends Error {}

/** Scheduled backups are named by their UTC time, so names sort by age. */
export const BACKUP_FILE_PATTERN = /^rebuild-exchange-\d{8}T\d{6}Z\.db$/;

export function databaseFile(): string {
  return resolve(settings().DATABASE_PATH);
}

export function uploadsFolder(): string {
  return resolve(settings().UPLOADS_DIR ?? join(dirname(databaseFile()), "uploads"));
}

/** The uploaded files of a backup live beside it: `FILE.uploads/`. */
function uploadsOf(backupFile: string) {
  return `${backupFile}.uploads`;
}

function integrityProblem(file: string): string | null {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const rows = db.pragma("integrity_check") as { integrity_check: string }[];
    const verdict = rows.map((row) => row.integrity_check);
    return verdict.length === 1 && verdict[0] === "ok" ? null : verdict.slice(0, 3).join("; ");
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    db?.close();
  }
}

function fsyncFile(file: string) {
  const fd = openSync(file, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export type BackupResult = { file: string; bytes: number; ms: number; uploads: number };

export async function backupDatabase(target: string): Promise<BackupResult> {
  const started = performance.now();
  const source = databaseFile();
  const file = resolve(target);
  if (!existsSync(source)) throw new BackupError(`there is no database at ${source}`);
  if (file === source) throw new BackupError("the backup cannot be the database itself");
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.partial`;
  rmSync(temporary, { force: true });
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    // -1 pages in sqlite3_backup_step means "all that remain", in one step.
    await db.backup(temporary, { progress: () => 2 ** 31 - 1 });
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new BackupError(`the backup failed: ${error instanceof Error ? error.message : error}`);
  } finally {
    db.close();
  }
  const problem = integrityProblem(temporary);
  if (problem) {
    rmSync(temporary, { force: true });
    throw new BackupError(`the copy failed its integrity check: ${problem}`);
  }
  fsyncFile(temporary);
  renameSync(temporary, file);
  let uploads = 0;
  const from = uploadsFolder();
  if (existsSync(from)) {
    cpSync(from, uploadsOf(file), { recursive: true, force: false, errorOnExist: false });
    uploads = countFiles(uploadsOf(file));
  }
  return {
    file,
    bytes: statSync(file).size,
    ms: Math.round(performance.now() - started),
    uploads,
  };
}

function countFiles(dir: string): number {
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    n += entry.isDirectory() ? countFiles(join(dir, entry.name)) : 1;
  }
  return n;
}

/** The newest migration a database has applied, as drizzle records it (its folder timestamp). */
function appliedMigrationTime(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare("SELECT max(created_at) AS at FROM __drizzle_migrations").get() as
      | { at: number | null }
      | undefined;
    return Number(row?.at ?? 0);
  } catch {
    throw new BackupError(`${basename(file)} is not a Rebuild Exchange database`);
  } finally {
    db.close();
  }
}

function knownMigrationTime(): number {
  const journal = JSON.parse(
    readFileSync(join(resolve(settings().MIGRATIONS_DIR), "meta", "_journal.json"), "utf8"),
  ) as { entries: { when: number }[] };
  return Math.max(...journal.entries.map((entry) => entry.when));
}

/** The server writes its process id beside the database while it runs. */
export function serverLockFile(): string {
  return `${databaseFile()}.pid`;
}

export function runningServerPid(): number | null {
  const lock = serverLockFile();
  if (!existsSync(lock)) return null;
  const pid = Number(readFileSync(lock, "utf8").trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

export type RestoreResult = { file: string; previous: string | null; uploads: number };

/**
 * Puts a backup in place of the database of a stopped deployment. Every check runs before the
 * live file is touched; the database it replaces is kept beside it (`….before-restore-TIME`).
 */
export function restoreDatabase(backup: string): RestoreResult {
  const from = resolve(backup);
  const target = databaseFile();
  if (!existsSync(from)) throw new BackupError(`there is no file at ${from}`);
  const pid = runningServerPid();
  if (pid) throw new BackupError(`the server is running (process ${pid}): stop it first`);
  const problem = integrityProblem(from);
  if (problem) throw new BackupError(`${basename(from)} failed its integrity check: ${problem}`);
  if (appliedMigrationTime(from) > knownMigrationTime()) {
    throw new BackupError(
      `${basename(from)} comes from a newer version of Rebuild Exchange (its schema has migrations this version does not know): upgrade first`,
    );
  }
  mkdirSync(dirname(target), { recursive: true });
  const temporary = `${target}.restoring`;
  cpSync(from, temporary);
  fsyncFile(temporary);
  let previous: string | null = null;
  if (existsSync(target)) {
    // Fold the live WAL into the file being set aside, so it is a whole database of its own.
    const live = new Database(target, { fileMustExist: true });
    live.pragma("wal_checkpoint(TRUNCATE)");
    live.close();
    previous = `${target}.before-restore-${new Date().toISOString().replace(/[-:.]/g, "")}`;
    renameSync(target, previous);
  }
  for (const suffix of ["-wal", "-shm"]) rmSync(`${target}${suffix}`, { force: true });
  renameSync(temporary, target);
  let uploads = 0;
  if (existsSync(uploadsOf(from))) {
    cpSync(uploadsOf(from), uploadsFolder(), { recursive: true, force: false });
    uploads = countFiles(uploadsOf(from));
  }
  return { file: target, previous, uploads };
}

function scheduledName(at: Date): string {
  return `rebuild-exchange-${at.toISOString().replace(/[-:]/g, "").slice(0, 15)}Z.db`;
}

/** When a scheduled backup was taken, read from its name. */
export function scheduledBackupTime(name: string): number {
  const [, y, mo, d, h, mi, sec] = name.match(/(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/) ?? [];
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec));
}

/** Takes the scheduled backup when the newest one is older than the interval, and prunes. */
export async function takeScheduledBackup(at = new Date()): Promise<BackupResult | null> {
  const { BACKUP_DIR, BACKUP_EVERY_HOURS, BACKUP_KEEP } = settings();
  if (!BACKUP_DIR) return null;
  const dir = resolve(BACKUP_DIR);
  mkdirSync(dir, { recursive: true });
  const existing = readdirSync(dir)
    .filter((name) => BACKUP_FILE_PATTERN.test(name))
    .sort();
  const newest = existing.at(-1);
  if (newest && at.getTime() - scheduledBackupTime(newest) < BACKUP_EVERY_HOURS * 3.6e6) {
    return null;
  }
  const result = await backupDatabase(join(dir, scheduledName(at)));
  const all = [...existing, basename(result.file)];
  for (const old of all.slice(0, Math.max(0, all.length - BACKUP_KEEP))) {
    rmSync(join(dir, old), { force: true });
    rmSync(uploadsOf(join(dir, old)), { recursive: true, force: true });
  }
  return result;
}
