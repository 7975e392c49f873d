import { AsyncLocalStorage } from "node:async_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";
import type { Db } from "./client";
import * as schema from "./schema";
import type { StoreSeam } from "./store";

/**
 * The store seam on PostgreSQL (see db/store.ts, ADR 015).
 *
 * - A `write` is one SERIALIZABLE transaction on one pooled connection. Two writes that read what
 *   the other changes cannot both commit: the server refuses one (40001, or 40P01 for a deadlock),
 *   and the seam runs that write again from the start, on a fresh snapshot, after a random pause
 *   that grows with each attempt. This is what lets the domain's "check, then change" writes — an
 *   allocation within a listing, stock that never goes negative, a ticket used once — stay as
 *   they are on SQLite, with no lock statements of their own. A write may therefore run more than
 *   once, which the seam's rule already allows: nothing but the database is awaited inside it.
 * - A write inside a write is a savepoint.
 * - A `read` outside a write is one read-only REPEATABLE READ transaction: all its statements see
 *   the same committed state, as a read on SQLite does, so the figures of one page agree with each
 *   other. Within a write it uses the write's connection and sees what the write has done.
 */
const RETRYABLE = new Set(["40001", "40P01"]);
const MAX_ATTEMPTS = 10;
/** The longest pause before a retry, in milliseconds (random, up to the smaller of this and 2^attempt). */
const MAX_PAUSE_MS = 50;
/** The advisory lock retries take turns on; any fixed number no other code locks. */
const RETRY_TURN_LOCK = 0x5245_5452; // "RETR"

/** Sums and counts come back as numbers: every quantity the platform stores is below 2⁵³. */
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    // int8 (counts, bigint columns) and numeric (sums of bigint).
    if (oid === 20 || oid === 1700) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

function sqlState(error: unknown): string | undefined {
  for (let e = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

export function createPostgresStore(url: string, options: { max?: number } = {}): StoreSeam {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types });
  // A connection that drops while idle (a server restart, a fail-over) leaves the pool, which opens
  // a new one when asked; without a listener its error would end the process.
  pool.on("error", (error) => console.warn(`a PostgreSQL connection was lost: ${error.message}`));
  const onPool = drizzle(pool, { schema });
  const openWrite = new AsyncLocalStorage<NodePgDatabase<typeof schema>>();
  const inRead = new AsyncLocalStorage<true>();
  const asTx = (q: NodePgDatabase<typeof schema>) => q as unknown as Db;

  async function read<T>(work: (q: Db) => Promise<T>): Promise<T> {
    const open = openWrite.getStore();
    if (open) return work(asTx(open));
    return inRead.run(true, () =>
      onPool.transaction((q) => work(asTx(q)), {
        isolationLevel: "repeatable read",
        accessMode: "read only",
      }),
    );
  }

  function transaction<T>(q: NodePgDatabase<typeof schema>, work: (tx: Db) => Promise<T>) {
    return q.transaction((tx) => openWrite.run(tx, () => work(asTx(tx))), {
      isolationLevel: "serializable",
    });
  }

  /**
   * A retry waits for its turn among the retries of every server (a session advisory lock, taken
   * before the transaction so its snapshot is fresh once it has the turn): first attempts run
   * side by side, and writers that collided on one row no longer keep colliding with each other.
   */
  async function retryInTurn<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query("SELECT pg_advisory_lock($1)", [RETRY_TURN_LOCK]);
      try {
        return await transaction(drizzle(client, { schema }), work);
      } finally {
        await client.query("SELECT pg_advisory_unlock($1)", [RETRY_TURN_LOCK]);
      }
    } finally {
      client.release();
    }
  }

  async function write<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    const open = openWrite.getStore();
    if (open) {
      return open.transaction((savepoint) => openWrite.run(savepoint, () => work(asTx(savepoint))));
    }
    // The same rule as on SQLite, where such a write would wait on the read it is part of.
    if (inRead.getStore()) throw new Error("a write cannot start inside a read");
    for (let attempt = 1; ; attempt++) {
      try {
        return attempt === 1 ? await transaction(onPool, work) : await retryInTurn(work);
      } catch (error) {
        if (!RETRYABLE.has(sqlState(error) ?? "") || attempt === MAX_ATTEMPTS) throw error;
        await sleep(Math.random() * Math.min(MAX_PAUSE_MS, 2 ** attempt));
      }
    }
  }

  async function describeStore() {
    const { rows } = await pool.query<{ version: string; migrations: number }>(
      `SELECT current_setting('server_version') AS version,
              (SELECT count(*) FROM drizzle.__drizzle_migrations) AS migrations`,
    );
    const row = rows[0];
    return { engine: "postgresql", version: row?.version ?? "", migrations: row?.migrations ?? 0 };
  }

  return { read, write, describeStore, close: () => pool.end() };
}
