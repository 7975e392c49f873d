import { settings } from "#config/settings";

export type StoreEngine = "sqlite" | "postgresql";

/** The store this process runs on: PostgreSQL when `DATABASE_URL` is set, else the SQLite file. */
export function storeEngine(): StoreEngine {
  return settings().DATABASE_URL ? "postgresql" : "sqlite";
}
