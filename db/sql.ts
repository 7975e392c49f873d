import { type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import { storeEngine } from "./engine";
import type { Tx } from "./store";

/**
 * The few pieces of SQL that each store spells its own way, and running hand-written statements,
 * so that domain code says what it means once and runs on both stores (ADR 015). On SQLite each
 * gives the statement the domain wrote before there was a second store.
 */
const onPostgres = storeEngine() === "postgresql";

type Value = string | number;

/**
 * `column IN (values)` with the values as one parameter, so a statement is the same text however
 * many values there are: a JSON array read by `json_each` on SQLite, an array on PostgreSQL.
 */
export function inValues(column: SQLWrapper, values: readonly Value[]): SQL {
  return onPostgres
    ? sql`${column} = ANY(${[...values]})`
    : sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`;
}

/** `inValues` for a prepared statement: the values are passed at run time as `valuesParameter`. */
export function inValuesPlaceholder(column: SQLWrapper, name: string): SQL {
  return onPostgres
    ? sql`${column} = ANY(${sql.placeholder(name)})`
    : sql`${column} IN (SELECT value FROM json_each(${sql.placeholder(name)}))`;
}

export function valuesParameter(values: readonly Value[]): unknown {
  return onPostgres ? [...values] : JSON.stringify(values);
}

/** Numbers as rows of one column, `value`, to stand in a FROM clause. */
export function valueRows(values: readonly number[]): SQL {
  return onPostgres
    ? sql`unnest(${[...values]}::bigint[]) AS element(value)`
    : sql`json_each(${JSON.stringify(values)})`;
}

/** The elements of a JSON array of strings held in a column, as rows of `value`. */
function jsonElements(column: SQLWrapper): SQL {
  return onPostgres
    ? sql`json_array_elements_text(${column}::json) AS element(value)`
    : sql`json_each(${column})`;
}

/** Whether the JSON array of strings in `column` holds `value`. */
export function jsonArrayHas(column: SQLWrapper, value: SQLWrapper | Value): SQL {
  return sql`EXISTS (SELECT 1 FROM ${jsonElements(column)} WHERE value = ${value})`;
}

export function jsonArrayLength(column: SQLWrapper): SQL<number> {
  return onPostgres ? sql`json_array_length(${column}::json)` : sql`json_array_length(${column})`;
}

/**
 * The month (`YYYY-MM`) in Asia/Shanghai (UTC+8 all year, no summer time) of an instant stored as
 * epoch milliseconds. Built from immutable functions only, so a generated column may use it.
 */
export function monthInShanghai(instant: SQLWrapper): SQL<string> {
  if (!onPostgres) return sql`strftime('%Y-%m', (${instant} + 28800000) / 1000, 'unixepoch')`;
  const local = sql`(to_timestamp((${instant} + 28800000) / 1000.0) AT TIME ZONE 'UTC')`;
  return sql`(extract(year from ${local})::int::text || '-' || lpad(extract(month from ${local})::int::text, 2, '0'))`;
}

/** The larger of two values (SQLite's two-argument `max`, PostgreSQL's `greatest`). */
export function greater(a: SQLWrapper | Value, b: SQLWrapper | Value): SQL {
  return onPostgres ? sql`greatest(${a}, ${b})` : sql`max(${a}, ${b})`;
}

/** Whether `text` contains `part`, as it is (no pattern characters, case as given). */
export function containsText(text: SQLWrapper, part: SQLWrapper | string): SQL {
  return onPostgres ? sql`strpos(${text}, ${part}) > 0` : sql`instr(${text}, ${part}) > 0`;
}

// ----------------------------------------------------------------- hand-written statements

const asPostgres = (q: Tx) => q as unknown as NodePgDatabase;

/** Runs a statement for its effect. */
export async function execute(q: Tx, statement: SQL): Promise<void> {
  if (onPostgres) await asPostgres(q).execute(statement);
  else await q.run(statement);
}

/** The rows of a hand-written query, as objects keyed by column name. */
export async function rowsOf<T>(q: Tx, query: SQL): Promise<T[]> {
  if (onPostgres) return (await asPostgres(q).execute(query)).rows as T[];
  return (await q.all(query)) as T[];
}

/** The first row of a hand-written query. */
export async function rowOf<T>(q: Tx, query: SQL): Promise<T | undefined> {
  return (await rowsOf<T>(q, query))[0];
}

/** The rows of a hand-written query as arrays, in the order of its columns. */
export async function valuesOf<T extends unknown[]>(q: Tx, query: SQL): Promise<T[]> {
  if (onPostgres) {
    const result = await asPostgres(q).execute(query);
    return result.rows.map((row) => Object.values(row) as T);
  }
  return (await q.values(query)) as T[];
}
