import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { settings } from "#config/settings";
import { storeEngine } from "./engine";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export function openDatabase(path: string): { db: Db; sqlite: Database.Database } {
  if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  // Writers from other processes (the seed, a second server) wait instead of failing at once.
  sqlite.pragma("busy_timeout = 5000");
  // Reads map the file rather than copy each page through read(): market searches that scan the
  // listings run about a third faster, index lookups about three times (ADR 007).
  sqlite.pragma("mmap_size = 268435456");
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: resolve(settings().MIGRATIONS_DIR) });
  return { db, sqlite };
}

// The PostgreSQL schema and migrations exist (ADR 015); the domain does not run on them yet, so a
// process told to use PostgreSQL stops here rather than mixing one store's tables with the other's.
if (storeEngine() === "postgresql") {
  throw new Error(
    "DATABASE_URL is set, but this version serves from the SQLite file only: unset DATABASE_URL (DATABASE_PATH names the file)",
  );
}

export const databasePath = settings().DATABASE_PATH;

const opened = openDatabase(databasePath);
export const db: Db = opened.db;
export const sqlite = opened.sqlite;

/**
 * A synchronous IMMEDIATE transaction for set-up code outside the product (the seed, benchmarks,
 * tests building fixtures). The product's services write through `write` in db/store.ts. The
 * callback must be synchronous; with better-sqlite3 an async callback would commit before its
 * awaits run.
 */
export function writeTransaction<T>(work: (tx: Tx) => T): T {
  return db.transaction(work, { behavior: "immediate" });
}

type StatementMethod = (...args: unknown[]) => unknown;
let statementListener: ((seconds: number) => void) | undefined;

/**
 * Reports the time of every SQL statement run in this process (for the metrics). The statement
 * methods are wrapped once, on the prototype all statements share, and only when asked for.
 */
export function onStatementTimed(listener: (seconds: number) => void) {
  if (!statementListener) {
    const prototype = Object.getPrototypeOf(sqlite.prepare("SELECT 1")) as Record<
      string,
      StatementMethod
    >;
    for (const name of ["run", "get", "all"]) {
      const original = prototype[name];
      if (!original) continue;
      prototype[name] = function timed(this: unknown, ...args: unknown[]) {
        const started = performance.now();
        try {
          return original.apply(this, args);
        } finally {
          statementListener?.((performance.now() - started) / 1000);
        }
      };
    }
  }
  statementListener = listener;
}
