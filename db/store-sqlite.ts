import { AsyncLocalStorage } from "node:async_hooks";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { type Db, databasePath, sqlite as writer, db as writerDb } from "./client";
import * as schema from "./schema";

/**
 * The store seam on SQLite (see db/store.ts). It keeps what the synchronous transactions
 * guaranteed (ADR 002):
 *
 * - `write` is one `BEGIN IMMEDIATE` transaction, so the write lock is taken before anything is
 *   read and two processes cannot both pass the same check. Writes of one process run one after
 *   another (a queue): a second write waits for the first to commit or roll back, even when the
 *   first awaits in the middle. Any throw rolls the whole write back.
 * - `read` never sees a write of this process half done. While no write is open or waiting, it
 *   runs on the writer's connection, whose page cache survives the process's own commits (a
 *   second connection must drop its whole cache after every commit, which made the price index a
 *   third slower); a write that arrives meanwhile waits for those reads to finish. While a write
 *   is open or waiting, reads run on a second, read-only connection that only ever sees committed
 *   data. Called within a write, `read` uses the write's own queries and sees what it has done so
 *   far.
 *
 * Only the database may be awaited inside a write or a read: a network call in a write would hold
 * the write lock of every process for as long as the remote side takes, and one in a read would
 * hold back this process's writes. A write started inside a read is refused (it would wait on
 * the read it is part of): read what is needed, then write.
 */
type Tx = Db;

// One in-memory database cannot be opened twice; its reads share the writer (tests of the seam use
// files, as every test does).
const readerDb: Db =
  databasePath === ":memory:"
    ? writerDb
    : drizzle(
        (() => {
          const reader = new Database(databasePath, { readonly: true });
          reader.pragma("busy_timeout = 5000");
          reader.pragma("mmap_size = 268435456");
          return reader;
        })(),
        { schema },
      );

const openWrite = new AsyncLocalStorage<{ tx: Tx; savepoints: number }>();
let writeQueue: Promise<unknown> = Promise.resolve();
/** Writes queued or running: while there are any, reads go to the read-only connection. */
let writesPending = 0;
let readsOnWriter = 0;
let readsFinished: (() => void)[] = [];
const inReadOnWriter = new AsyncLocalStorage<true>();

export async function read<T>(work: (q: Tx) => Promise<T>): Promise<T> {
  const open = openWrite.getStore();
  if (open) return work(open.tx);
  if (writesPending > 0 || readerDb === writerDb) return work(readerDb);
  readsOnWriter++;
  try {
    return await inReadOnWriter.run(true, () => work(writerDb));
  } finally {
    if (--readsOnWriter === 0) {
      for (const finished of readsFinished) finished();
      readsFinished = [];
    }
  }
}

function writerFreeOfReads(): Promise<void> | undefined {
  if (readsOnWriter === 0) return undefined;
  return new Promise((resolve) => readsFinished.push(resolve));
}

export function write<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  const open = openWrite.getStore();
  if (open) return withinSavepoint(open, work);
  // It would wait for the read it is part of to finish: a bug, said at once rather than a hang.
  if (inReadOnWriter.getStore()) throw new Error("a write cannot start inside a read");
  writesPending++;
  const turn = writeQueue
    .then(writerFreeOfReads)
    .then(() => inTransaction(work))
    .finally(() => {
      writesPending--;
    });
  writeQueue = turn.catch(() => undefined);
  return turn;
}

async function inTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  writer.exec("BEGIN IMMEDIATE");
  try {
    const result = await openWrite.run({ tx: writerDb, savepoints: 0 }, () => work(writerDb));
    writer.exec("COMMIT");
    return result;
  } catch (error) {
    if (writer.inTransaction) writer.exec("ROLLBACK");
    throw error;
  }
}

/** A write inside a write is a savepoint: its throw undoes only its own changes, as before. */
async function withinSavepoint<T>(
  open: { tx: Tx; savepoints: number },
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  const name = `nested_${++open.savepoints}`;
  writer.exec(`SAVEPOINT ${name}`);
  try {
    const result = await work(open.tx);
    writer.exec(`RELEASE ${name}`);
    return result;
  } catch (error) {
    writer.exec(`ROLLBACK TO ${name}`);
    writer.exec(`RELEASE ${name}`);
    throw error;
  }
}

/** Facts about the store for the health check: the engine, its settings and the migrations. */
export async function describeStore() {
  const migrations = (
    writer.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get() as { n: number }
  ).n;
  return {
    engine: "sqlite",
    version: (writer.prepare("SELECT sqlite_version() AS v").get() as { v: string }).v,
    journalMode: writer.pragma("journal_mode", { simple: true }),
    foreignKeys: writer.pragma("foreign_keys", { simple: true }) === 1,
    migrations,
  };
}

/** The file's connections close with the process, after the shutdown has checkpointed the WAL. */
export async function close() {}
