/**
 * Backups taken while the server runs and writes go on, restored into a stopped deployment: the
 * copy holds every write acknowledged before the backup began, and a restore refuses a corrupt
 * file, a newer schema and a running server before it touches the live database.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../support/server";

const dir = mkdtempSync(join(tmpdir(), "rx-backup-"));
const live = join(dir, "live.db");

function script(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", ...args], {
      env: { ...process.env, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Another process writing as fast as it can, one transaction per row, printing each row's id
 * once its commit returned: those are the acknowledged writes.
 */
function startWriter(file: string): { child: ChildProcess; acknowledged: number[] } {
  const code = `
    const Database = require("better-sqlite3");
    const db = new Database(${JSON.stringify(file)});
    db.pragma("busy_timeout = 5000");
    const insert = db.prepare(
      "INSERT INTO audit_events (at, action, entity_type, entity_id, data) VALUES (?, 'test.write', 'test', ?, '{}')"
    );
    let i = 0;
    let stop = false;
    process.on("SIGTERM", () => { stop = true; });
    const step = () => {
      if (stop) { db.close(); process.exit(0); }
      for (let k = 0; k < 20; k++) {
        i += 1;
        db.transaction(() => insert.run(Date.now(), String(i))).immediate();
        process.stdout.write(i + "\\n");
      }
      setImmediate(step);
    };
    step();
  `;
  const child = spawn(process.execPath, ["-e", code], { stdio: ["ignore", "pipe", "inherit"] });
  const acknowledged: number[] = [];
  let partial = "";
  child.stdout?.on("data", (chunk) => {
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) acknowledged.push(Number(line));
  });
  return { child, acknowledged };
}

function writtenIds(file: string): Set<number> {
  const db = new Database(file, { readonly: true });
  const rows = db
    .prepare("SELECT entity_id AS id FROM audit_events WHERE action = 'test.write'")
    .all() as { id: string }[];
  db.close();
  return new Set(rows.map((row) => Number(row.id)));
}

function integrity(file: string) {
  const db = new Database(file, { readonly: true });
  const verdict = db.pragma("integrity_check", { simple: true });
  db.close();
  return verdict;
}

describe("backup and restore", () => {
  let server: RunningServer | undefined;
  const backup = join(dir, "copies", "during-writes.db");

  beforeAll(async () => {
    server = await startServer({ DATABASE_PATH: live });
  });
  afterAll(() => server?.stop());

  it("takes a consistent copy during a stream of writes, holding every write acknowledged before it began", async () => {
    const writer = startWriter(live);
    while (writer.acknowledged.length < 2000) await new Promise((r) => setTimeout(r, 20));
    const before = [...writer.acknowledged];
    const result = await script(["scripts/db-backup.ts", backup], { DATABASE_PATH: live });
    const acknowledgedByThen = writer.acknowledged.length;
    writer.child.kill("SIGTERM");
    await new Promise((r) => writer.child.once("exit", r));

    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/integrity ok/);
    expect(integrity(backup)).toBe("ok");
    const copied = writtenIds(backup);
    expect(before.filter((id) => !copied.has(id))).toEqual([]);
    // The writer kept going while the copy was taken: the copy is a snapshot, not the end state.
    expect(acknowledgedByThen).toBeGreaterThan(before.length);
    expect(writtenIds(live).size).toBeGreaterThanOrEqual(copied.size);
  });

  it("refuses to restore over a running server, and leaves it untouched", async () => {
    const liveBefore = writtenIds(live).size;
    const result = await script(["scripts/db-restore.ts", backup], { DATABASE_PATH: live });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/the server is running \(process \d+\): stop it first/);
    expect(writtenIds(live).size).toBe(liveBefore);
  });

  it("refuses a corrupt file and a file from a newer schema, changing nothing", async () => {
    const target = join(dir, "stopped.db");
    copyFileSync(backup, target);
    const original = readFileSync(target);

    const corrupt = join(dir, "corrupt.db");
    const bytes = readFileSync(backup);
    bytes.fill(0x5a, 4096 * 2, 4096 * 6);
    writeFileSync(corrupt, bytes);
    const bad = await script(["scripts/db-restore.ts", corrupt], { DATABASE_PATH: target });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /corrupt\.db (failed its integrity check|is not a Rebuild Exchange database)/,
    );

    const newer = join(dir, "newer.db");
    copyFileSync(backup, newer);
    const db = new Database(newer);
    db.prepare("INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('future', ?)").run(
      Date.now() + 365 * 86_400_000,
    );
    db.close();
    const future = await script(["scripts/db-restore.ts", newer], { DATABASE_PATH: target });
    expect(future.code).toBe(1);
    expect(future.stderr).toMatch(/newer version of Rebuild Exchange/);

    const garbage = join(dir, "notes.db");
    writeFileSync(garbage, "not a database at all");
    const notDb = await script(["scripts/db-restore.ts", garbage], { DATABASE_PATH: target });
    expect(notDb.code).toBe(1);

    expect(readFileSync(target).equals(original)).toBe(true);
  });

  it("restores into the stopped deployment, which then starts on the backup's data", async () => {
    await server?.stop();
    server = undefined;
    const expected = writtenIds(backup);
    const result = await script(["scripts/db-restore.ts", backup], { DATABASE_PATH: live });
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/kept as .*live\.db\.before-restore-/);
    expect(integrity(live)).toBe("ok");
    expect(writtenIds(live)).toEqual(expected);

    server = await startServer({ DATABASE_PATH: live });
    const health = await (await fetch(`${server.baseUrl}/healthz`)).json();
    expect(health.status).toBe("ok");
  });

  it("takes scheduled backups into BACKUP_DIR and keeps the newest BACKUP_KEEP", async () => {
    await server?.stop();
    const backups = join(dir, "scheduled");
    server = await startServer({
      DATABASE_PATH: live,
      BACKUP_DIR: backups,
      BACKUP_EVERY_HOURS: "24",
      BACKUP_KEEP: "2",
    });
    const deadline = Date.now() + 20_000;
    let age = "";
    while (Date.now() < deadline) {
      const metrics = await (await fetch(`${server.baseUrl}/metrics`)).text();
      age = metrics.match(/^rx_backup_age_seconds (\S+)$/m)?.[1] ?? "";
      if (age && Number(age) >= 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(Number(age)).toBeGreaterThanOrEqual(0);
    expect(Number(age)).toBeLessThan(60);
    expect(existsSync(backups)).toBe(true);
  });

  it("names scheduled backups by time and prunes all but the newest BACKUP_KEEP", async () => {
    const folder = join(dir, "pruned");
    process.env.BACKUP_DIR = folder;
    process.env.BACKUP_KEEP = "2";
    process.env.BACKUP_EVERY_HOURS = "24";
    await import("#db/client");
    const { takeScheduledBackup } = await import("../../server/backup");
    const start = Date.now();
    const taken: string[] = [];
    for (let day = 1; day <= 4; day++) {
      const result = await takeScheduledBackup(new Date(start + day * 25 * 3_600_000));
      expect(result).not.toBeNull();
      taken.push(result?.file ?? "");
    }
    // Inside the interval nothing new is taken.
    expect(await takeScheduledBackup(new Date(start + 4 * 25 * 3_600_000))).toBeNull();
    expect(taken.map((file) => existsSync(file))).toEqual([false, false, true, true]);
    expect(taken.every((file) => /rebuild-exchange-\d{8}T\d{6}Z\.db$/.test(file))).toBe(true);
  });
});
