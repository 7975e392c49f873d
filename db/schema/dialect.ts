import type { SQL } from "drizzle-orm";
import * as pg from "drizzle-orm/pg-core";
import * as lite from "drizzle-orm/sqlite-core";
import { storeEngine } from "../engine";

/**
 * The column and table builders the schema is written with, for the store this process runs on
 * (ADR 015). The schema is described once; on SQLite these are drizzle's SQLite builders as they
 * are, on PostgreSQL drizzle's PostgreSQL builders that store every value as SQLite does:
 *
 * - integers are `bigint` (kilograms, fen and sums of them pass 2³¹ at province scale), read back
 *   as numbers — every quantity stays far below 2⁵³;
 * - instants are `bigint` milliseconds since the epoch, read back as `Date`, so SQL that does
 *   arithmetic on them (months in Asia/Shanghai, windows) means the same on both;
 * - JSON is text holding the same JSON, so a published month reproduces byte for byte;
 * - flags are integers 0 and 1, read back as booleans, so `flag = 1` in SQL and its partial
 *   indexes mean the same on both;
 * - `integer().primaryKey({ autoIncrement: true })` is a `bigint` identity.
 *
 * The schema's TypeScript types are those of the SQLite builders on both stores: the domain is
 * written once against them, and the PostgreSQL tables offer the same columns with the same
 * values at run time. The schema-parity test compares what the two catalogues hold.
 */

const onPostgres = storeEngine() === "postgresql";

type IntegerConfig = { mode?: "number" | "boolean" | "timestamp" | "timestamp_ms" };
type TextConfig = {
  enum?: readonly [string, ...string[]];
  mode?: "text" | "json";
  length?: number;
};

const epochMilliseconds = pg.customType<{ data: Date; driverData: string | number }>({
  dataType: () => "bigint",
  toDriver: (value) => value.getTime(),
  fromDriver: (value) => new Date(Number(value)),
});

const flag = pg.customType<{ data: boolean; driverData: number }>({
  dataType: () => "integer",
  toDriver: (value) => (value ? 1 : 0),
  fromDriver: (value) => value === 1,
});

const jsonText = pg.customType<{ data: unknown; driverData: string }>({
  dataType: () => "text",
  toDriver: (value) => JSON.stringify(value),
  fromDriver: (value) => JSON.parse(value),
});

/** A PostgreSQL bigint whose `primaryKey({ autoIncrement })` means what it means on SQLite. */
function pgInteger(name: string, config?: IntegerConfig) {
  if (config?.mode === "boolean") {
    const column = flag(name);
    // The catalogue holds the default as stored: 0 or 1.
    const withDefault = column.default.bind(column);
    return Object.assign(column, {
      default: (value: boolean) => withDefault((value ? 1 : 0) as unknown as boolean),
    });
  }
  if (config?.mode === "timestamp_ms" || config?.mode === "timestamp") {
    return epochMilliseconds(name);
  }
  const column = pg.bigint(name, { mode: "number" });
  const primaryKey = column.primaryKey.bind(column);
  return Object.assign(column, {
    primaryKey(options?: { autoIncrement?: boolean }) {
      primaryKey();
      if (options?.autoIncrement) column.generatedByDefaultAsIdentity();
      return column;
    },
  });
}

function pgText(name: string, config?: TextConfig) {
  if (config?.mode === "json") return jsonText(name);
  return pg.text(name, config?.enum ? { enum: config.enum as [string, ...string[]] } : undefined);
}

/** SQLite's generated columns may be virtual; PostgreSQL's are stored. */
function pgGeneratedText(name: string) {
  const column = pg.text(name);
  const generatedAlwaysAs = column.generatedAlwaysAs.bind(column);
  return Object.assign(column, {
    generatedAlwaysAs(expression: SQL) {
      generatedAlwaysAs(expression);
      return column;
    },
  });
}

export const table = (onPostgres ? pg.pgTable : lite.sqliteTable) as typeof lite.sqliteTable;
export const integer = (onPostgres ? pgInteger : lite.integer) as typeof lite.integer;
export const text = (onPostgres ? pgText : lite.text) as typeof lite.text;
export const generatedText = (onPostgres ? pgGeneratedText : lite.text) as typeof lite.text;
export const real = (onPostgres ? pg.doublePrecision : lite.real) as unknown as typeof lite.real;
export const index = (onPostgres ? pg.index : lite.index) as unknown as typeof lite.index;
export const uniqueIndex = (onPostgres
  ? pg.uniqueIndex
  : lite.uniqueIndex) as unknown as typeof lite.uniqueIndex;
export const check = (onPostgres ? pg.check : lite.check) as typeof lite.check;
export const primaryKey = (onPostgres
  ? pg.primaryKey
  : lite.primaryKey) as unknown as typeof lite.primaryKey;
