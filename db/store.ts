import { settings } from "#config/settings";
import type { Db } from "./client";
import { storeEngine } from "./engine";

/**
 * The store seam: the only way the domain reaches the database. A service asks for `read` or
 * `write` and receives the queries to build with drizzle; it awaits them and never touches the
 * driver. Both stores keep one contract:
 *
 * - a `write` is one transaction; any throw rolls all of it back, and a write inside a write is a
 *   savepoint whose throw undoes only its own changes;
 * - two writes never both pass the same check (SQLite: one writer at a time; PostgreSQL:
 *   SERIALIZABLE, retried when the server refuses to commit an interleaving);
 * - a `read` never sees a write half done, and within a write it sees what the write has done;
 * - only the database is awaited inside either, and a write started inside a read is refused.
 *
 * How each store keeps it: db/store-sqlite.ts and db/store-postgres.ts (ADR 002, ADR 015).
 */
export type Tx = Db;

export type StoreSeam = {
  read<T>(work: (q: Tx) => Promise<T>): Promise<T>;
  write<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  describeStore(): Promise<Record<string, unknown> & { engine: string; version: string }>;
  /** Lets go of the store's connections, at the end of a process. */
  close(): Promise<void>;
};

const seam: StoreSeam =
  storeEngine() === "postgresql"
    ? (await import("./store-postgres")).createPostgresStore(settings().DATABASE_URL as string)
    : await import("./store-sqlite");

export const read: StoreSeam["read"] = (work) => seam.read(work);
export const write: StoreSeam["write"] = (work) => seam.write(work);
/** Facts about the store for the health check: the engine, its version, its settings. */
export const describeStore: StoreSeam["describeStore"] = () => seam.describeStore();
export const closeStore: StoreSeam["close"] = () => seam.close();

/**
 * A query built and prepared once per connection, then reused: on the queries every page makes,
 * building the SQL with drizzle and preparing it costs several times more than running it. Values
 * that change go in as `sql.placeholder(name)` and are passed to `.execute()`.
 */
export function prepared<T>(build: (q: Tx) => T): (q: Tx) => T {
  const byConnection = new WeakMap<Tx, T>();
  return (q) => {
    let query = byConnection.get(q);
    if (query === undefined) {
      query = build(q);
      byConnection.set(q, query);
    }
    return query;
  };
}

/**
 * The row a write's RETURNING gave back: an insert of one row, or a change by key the write has
 * just checked exists. Its absence is a bug, not bad input.
 */
export function returnedRow<T>(rows: T[]): T {
  const row = rows[0];
  if (row === undefined) throw new Error("the write returned no row");
  return row;
}
