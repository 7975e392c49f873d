import { afterAll, describe, expect, it } from "vitest";
import { describeStore, read } from "#db/store";
import { createPostgresStore } from "#db/store-postgres";
import {
  clearStoreTestRows,
  counter,
  countsSeen,
  slowIncrement,
  storeContract,
} from "../support/store-contract";

storeContract("PostgreSQL", { writesWaitForReads: false });

describe("the store seam on PostgreSQL, across app servers", () => {
  // Two more pools on the same database stand for two more app servers.
  const servers = [1, 2].map(() => createPostgresStore(process.env.DATABASE_URL as string));
  afterAll(() => Promise.all(servers.map((server) => server.close())));

  it("lets no two writes of different servers both pass one check", async () => {
    await clearStoreTestRows();
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        (servers[i % 2] ?? servers[0])?.write((tx) => slowIncrement(tx, `store-test.server-${i}`)),
      ),
    );
    expect(await read(counter)).toBe(24);
    expect(await countsSeen("store-test.server-")).toEqual(Array.from({ length: 24 }, (_, i) => i));
  });

  it("names its engine and version for the health check", async () => {
    const store = await describeStore();
    expect(store.engine).toBe("postgresql");
    expect(store.version).toMatch(/^\d+(\.\d+)?/);
    expect(store.migrations).toBeGreaterThan(0);
  });
});
