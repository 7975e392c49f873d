/**
 * What the store seam promises on every store (db/store.ts), as tests each store's file runs:
 * tests/integration/store.test.ts on SQLite, tests/pg/store.test.ts on PostgreSQL.
 */
import { eq, like } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { settings } from "#db/schema";
import { read, type Tx, write } from "#db/store";

// The settings table is a plain key/value table: a counter row and marker rows are enough to see
// what one write saw and left behind.
export const COUNTER = "store-test.counter";

export async function counter(q: Tx): Promise<number> {
  const [row] = await q.select().from(settings).where(eq(settings.key, COUNTER));
  return Number(row?.value ?? 0);
}

/** Reads the counter, gives the event loop to everyone else several times, then adds one. */
export async function slowIncrement(tx: Tx, marker: string) {
  const seen = await counter(tx);
  for (let i = 0; i < 5; i++) {
    await tx.select().from(settings).where(eq(settings.key, marker));
    await new Promise((resolve) => setImmediate(resolve));
  }
  await tx
    .insert(settings)
    .values({ key: COUNTER, value: seen + 1, updatedAt: new Date() })
    .onConflictDoUpdate({ target: settings.key, set: { value: seen + 1 } });
  await tx.insert(settings).values({ key: marker, value: seen, updatedAt: new Date() });
}

/** The counts the writes whose markers start with `prefix` saw, smallest first. */
export async function countsSeen(prefix: string): Promise<number[]> {
  const markers = await read((q) =>
    q
      .select()
      .from(settings)
      .where(like(settings.key, `${prefix}%`)),
  );
  return markers.map((row) => Number(row.value)).sort((a, b) => a - b);
}

export function clearStoreTestRows() {
  return write((tx) => tx.delete(settings).where(like(settings.key, "store-test.%")));
}

/**
 * `writesWaitForReads`: SQLite holds a write back until the reads running on its connection are
 * done; PostgreSQL runs it at once beside them (each read has its own snapshot).
 */
export function storeContract(
  store: string,
  { writesWaitForReads }: { writesWaitForReads: boolean },
) {
  describe(`the store seam on ${store}`, () => {
    beforeEach(clearStoreTestRows);

    it("lets no two writes of one process both pass one check, even when they interleave their awaits", async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          write((tx) => slowIncrement(tx, `store-test.write-${i}`)),
        ),
      );
      expect(await read(counter)).toBe(20);
      // Each write saw everything committed before it and nothing of another in progress.
      expect(await countsSeen("store-test.write-")).toEqual(
        Array.from({ length: 20 }, (_, i) => i),
      );
    });

    it("rolls a failed write back whole, and a write after it still runs", async () => {
      const failing = write(async (tx) => {
        await slowIncrement(tx, "store-test.failed");
        throw new Error("refused half way");
      });
      const next = write((tx) => slowIncrement(tx, "store-test.after"));
      await expect(failing).rejects.toThrow("refused half way");
      await next;
      expect(await read(counter)).toBe(1);
      const markers = await read((q) =>
        q.select().from(settings).where(like(settings.key, "store-test.%")),
      );
      expect(markers.map((row) => row.key).sort()).toEqual(["store-test.after", COUNTER]);
    });

    it("keeps a write in progress out of reads made meanwhile, and shows it to reads within", async () => {
      let resume: () => void = () => undefined;
      const paused = new Promise<void>((resolve) => {
        resume = resolve;
      });
      let seenWithin = -1;
      const writing = write(async (tx) => {
        await tx.insert(settings).values({ key: COUNTER, value: 7, updatedAt: new Date() });
        seenWithin = await read(counter);
        await paused;
      });
      await new Promise((resolve) => setImmediate(resolve));
      expect(await read(counter)).toBe(0);
      resume();
      await writing;
      expect(seenWithin).toBe(7);
      expect(await read(counter)).toBe(7);
    });

    it("undoes only a nested write that throws, keeping the rest of the outer write", async () => {
      await write(async (tx) => {
        await tx
          .insert(settings)
          .values({ key: "store-test.outer", value: 1, updatedAt: new Date() });
        await write(async (inner) => {
          await inner
            .insert(settings)
            .values({ key: "store-test.inner", value: 1, updatedAt: new Date() });
          throw new Error("inner refused");
        }).catch(() => undefined);
      });
      const keys = (
        await read((q) => q.select().from(settings).where(like(settings.key, "store-test.%")))
      ).map((row) => row.key);
      expect(keys).toEqual(["store-test.outer"]);
    });

    it("keeps a write asked for during a read out of that read, and out of reads asked for meanwhile", async () => {
      const seenByRead: number[] = [];
      const reading = read(async (q) => {
        seenByRead.push(await counter(q));
        // The write below is asked for now; this read must not see it between its statements.
        await new Promise((resolve) => setImmediate(resolve));
        await new Promise((resolve) => setImmediate(resolve));
        seenByRead.push(await counter(q));
      });
      await new Promise((resolve) => setImmediate(resolve));
      const writing = write(async (tx) => {
        await tx.insert(settings).values({ key: COUNTER, value: 1, updatedAt: new Date() });
        await new Promise((resolve) => setImmediate(resolve));
      });
      // Asked for while the write waits or runs: read from committed data, never half of it.
      const meanwhile = await read(counter);
      if (writesWaitForReads) expect(meanwhile).toBe(0);
      else expect([0, 1]).toContain(meanwhile);
      await Promise.all([reading, writing]);
      expect(seenByRead).toEqual([0, 0]);
      expect(await read(counter)).toBe(1);
    });

    it("refuses a write started inside a read instead of waiting on itself", async () => {
      await expect(
        read(() => write((tx) => slowIncrement(tx, "store-test.inside-read"))),
      ).rejects.toThrow("a write cannot start inside a read");
      expect(await read(counter)).toBe(0);
    });
  });
}
