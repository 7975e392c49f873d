/**
 * One schema, two stores, no drift: the tables, columns, keys, CHECKs, unique constraints,
 * indexes and triggers that SQLite's migrations build are the ones PostgreSQL's migrations build,
 * read back from each live catalogue. The differences the stores are meant to have are listed
 * here, each with its reason; any other difference fails.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { is } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "#db/schema";

type Column = {
  name: string;
  type: string;
  notNull: boolean;
  default: string | null;
  generated: boolean;
  identity: boolean;
};
type Table = {
  columns: Column[];
  primaryKey: string[];
  foreignKeys: string[];
  uniques: string[];
  indexes: string[];
  checks: string[];
  triggers: string[];
};
type Catalogue = Record<string, Table>;

// ------------------------------------------------------------------ the differences we intend

/**
 * SQLite has one integer type. On PostgreSQL integers are `bigint` (sums of kilograms and fen pass
 * 2³¹, instants are milliseconds), except flags, which are `integer` 0/1 (db/schema/dialect.ts).
 */
const flagColumns = new Set(
  (Object.values(schema) as unknown[])
    .filter((value): value is PgTable => is(value, PgTable))
    .flatMap((table) => {
      const config = getTableConfig(table);
      // A flag is a column that reads the stored 1 as true.
      return config.columns
        .filter((column) => column.mapFromDriverValue(1) === true)
        .map((column) => `${config.name}.${column.name}`);
    }),
);

function expectedPostgresType(table: string, column: string, sqliteType: string): string {
  if (sqliteType === "integer") return flagColumns.has(`${table}.${column}`) ? "integer" : "bigint";
  if (sqliteType === "real") return "double precision";
  return sqliteType;
}

/**
 * Each store writes an expression its own way: PostgreSQL adds casts and brackets, drops table
 * names, and spells `BETWEEN` out. Expressions compare after both are reduced to their words.
 */
function normaliseExpression(expression: string | null): string | null {
  if (expression === null) return null;
  return expression
    .replace(/::[a-z ]+/gi, "")
    .replace(/"[a-z_]+"\./g, "")
    .replace(/["`()]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase()
    .replace(/^false$/, "0")
    .replace(/^true$/, "1");
}

// ------------------------------------------------------------------------------- SQLite's side

function sqliteCatalogue(): Catalogue {
  const rows = <T>(query: string, ...params: unknown[]) =>
    sqlite.prepare(query).all(...params) as T[];
  const tables = rows<{ name: string; sql: string }>(
    "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'",
  );
  const catalogue: Catalogue = {};
  for (const { name: table, sql } of tables) {
    const columns = rows<{
      name: string;
      type: string;
      notnull: number;
      dflt_value: string | null;
      pk: number;
      hidden: number;
    }>(`SELECT * FROM pragma_table_xinfo(?)`, table);
    const autoIncrement = /AUTOINCREMENT/i.test(sql);
    const indexList = rows<{ name: string; unique: number; origin: string; partial: number }>(
      "SELECT * FROM pragma_index_list(?)",
      table,
    );
    const indexColumns = (index: string) =>
      rows<{ name: string }>("SELECT name FROM pragma_index_info(?) ORDER BY seqno", index)
        .map((c) => c.name)
        .join(",");
    const indexWhere = (index: string) => {
      const definition = rows<{ sql: string | null }>(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?",
        index,
      )[0]?.sql;
      const where = definition?.match(/\bWHERE\b(.*)$/is)?.[1] ?? null;
      return normaliseExpression(where);
    };
    catalogue[table] = {
      columns: columns
        .map((c) => ({
          name: c.name,
          type: c.type.toLowerCase(),
          notNull: c.notnull === 1 || c.pk > 0,
          default: normaliseExpression(c.dflt_value),
          generated: c.hidden === 2 || c.hidden === 3,
          identity: autoIncrement && c.pk === 1,
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      primaryKey: columns
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name),
      foreignKeys: rows<{ table: string; from: string; to: string; on_delete: string }>(
        "SELECT * FROM pragma_foreign_key_list(?)",
        table,
      )
        .map((fk) => `${fk.from} -> ${fk.table}(${fk.to}) on delete ${fk.on_delete.toLowerCase()}`)
        .sort(),
      uniques: indexList
        .filter((i) => i.unique === 1 && i.origin !== "pk")
        .map(
          (i) =>
            `${i.name}(${indexColumns(i.name)})${i.partial ? ` where ${indexWhere(i.name)}` : ""}`,
        )
        .sort(),
      indexes: indexList
        .filter((i) => i.unique === 0)
        .map(
          (i) =>
            `${i.name}(${indexColumns(i.name)})${i.partial ? ` where ${indexWhere(i.name)}` : ""}`,
        )
        .sort(),
      checks: [...sql.matchAll(/CONSTRAINT\s+"([^"]+)"\s+CHECK/gi)]
        .map((m) => m[1] as string)
        .sort(),
      triggers: rows<{ name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
        table,
      )
        .map((t) => t.name)
        .sort(),
    };
  }
  return catalogue;
}

// --------------------------------------------------------------------------- PostgreSQL's side

async function postgresCatalogue(client: pg.Client): Promise<Catalogue> {
  const rows = async <T>(query: string, params: unknown[] = []) =>
    (await client.query(query, params)).rows as T[];
  const tables = await rows<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
  );
  const catalogue: Catalogue = {};
  for (const { table_name: table } of tables) {
    const columns = await rows<{
      column_name: string;
      data_type: string;
      is_nullable: string;
      column_default: string | null;
      is_generated: string;
      is_identity: string;
    }>(
      "SELECT * FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1",
      [table],
    );
    const constraints = await rows<{
      conname: string;
      contype: string;
      columns: string[];
      foreign_table: string | null;
      foreign_columns: string[] | null;
      on_delete: string;
    }>(
      `SELECT c.conname, c.contype, c.confdeltype AS on_delete,
              array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i) AS columns,
              f.relname AS foreign_table,
              array(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                    JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i) AS foreign_columns
         FROM pg_constraint c
         LEFT JOIN pg_class f ON f.oid = c.confrelid
        WHERE c.conrelid = $1::regclass`,
      [`public.${table}`],
    );
    const indexes = await rows<{
      name: string;
      unique: boolean;
      columns: string[];
      where: string | null;
    }>(
      `SELECT i.relname AS name, x.indisunique AS unique,
              array(SELECT a.attname::text FROM unnest(x.indkey) WITH ORDINALITY k(n, o)
                    JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.n ORDER BY k.o) AS columns,
              pg_get_expr(x.indpred, x.indrelid) AS where
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = $1::regclass AND NOT x.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`,
      [`public.${table}`],
    );
    const onDelete: Record<string, string> = {
      a: "no action",
      r: "restrict",
      c: "cascade",
      n: "set null",
      d: "set default",
    };
    const describeIndex = (i: { name: string; columns: string[]; where: string | null }) =>
      `${i.name}(${i.columns.join(",")})${i.where ? ` where ${normaliseExpression(i.where)}` : ""}`;
    catalogue[table] = {
      columns: columns
        .map((c) => ({
          name: c.column_name,
          type: c.data_type,
          notNull: c.is_nullable === "NO",
          default: c.is_identity === "YES" ? null : normaliseExpression(c.column_default),
          generated: c.is_generated === "ALWAYS",
          identity: c.is_identity === "YES",
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      primaryKey: constraints.find((c) => c.contype === "p")?.columns ?? [],
      foreignKeys: constraints
        .filter((c) => c.contype === "f")
        .map(
          (c) =>
            `${c.columns.join(",")} -> ${c.foreign_table}(${(c.foreign_columns ?? []).join(",")}) on delete ${onDelete[c.on_delete]}`,
        )
        .sort(),
      uniques: [
        ...constraints
          .filter((c) => c.contype === "u")
          .map((c) => describeIndex({ name: c.conname, columns: c.columns, where: null })),
        ...indexes.filter((i) => i.unique).map(describeIndex),
      ].sort(),
      indexes: indexes
        .filter((i) => !i.unique)
        .map(describeIndex)
        .sort(),
      checks: constraints
        .filter((c) => c.contype === "c")
        .map((c) => c.conname)
        .sort(),
      triggers: (
        await rows<{ tgname: string }>(
          "SELECT tgname FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal",
          [`public.${table}`],
        )
      )
        .map((t) => t.tgname)
        .sort(),
    };
  }
  return catalogue;
}

// ---------------------------------------------------------------------------------- the test

// This file's own PostgreSQL database, migrated by the set-up; SQLite's side is a fresh file.
const sqlite = new Database(
  join(mkdtempSync(join(tmpdir(), "rebuild-exchange-parity-")), "parity.db"),
);
migrate(drizzle(sqlite), { migrationsFolder: resolve("db/migrations") });
let client: pg.Client;

beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  sqlite.close();
});

describe("the PostgreSQL schema is the SQLite schema", () => {
  it("is compared on PostgreSQL's own tables", () => {
    expect(flagColumns).toContain("projects.government_invested");
    expect(flagColumns).not.toContain("projects.gross_floor_area_m2");
  });

  it("has the same tables", async () => {
    const lite = sqliteCatalogue();
    const postgres = await postgresCatalogue(client);
    expect(Object.keys(postgres).sort()).toEqual(Object.keys(lite).sort());
    expect(Object.keys(lite).length).toBeGreaterThan(30);
  });

  it("has the same columns, keys, constraints, indexes and triggers in every table", async () => {
    const lite = sqliteCatalogue();
    const postgres = await postgresCatalogue(client);
    for (const [name, table] of Object.entries(lite)) {
      const expected: Table = {
        ...table,
        columns: table.columns.map((column) => ({
          ...column,
          type: expectedPostgresType(name, column.name, column.type),
          // A generated column's expression is each store's own (db/schema/dialect.ts).
          default: column.generated ? null : column.default,
        })),
      };
      expect({ table: name, ...postgres[name] }).toEqual({ table: name, ...expected });
    }
  });

  it("keeps the audit trail append-only on PostgreSQL too", async () => {
    await client.query("BEGIN");
    try {
      await client.query(
        "INSERT INTO audit_events (at, action, entity_type, entity_id) VALUES (1, 'test', 'test', '1')",
      );
      await expect(client.query("UPDATE audit_events SET action = 'changed'")).rejects.toThrow(
        /append-only/,
      );
    } finally {
      await client.query("ROLLBACK");
    }
    await client.query("BEGIN");
    try {
      await client.query(
        "INSERT INTO audit_events (at, action, entity_type, entity_id) VALUES (1, 'test', 'test', '1')",
      );
      await expect(client.query("DELETE FROM audit_events")).rejects.toThrow(/append-only/);
    } finally {
      await client.query("ROLLBACK");
    }
  });

  it("computes a listing's month of publication as SQLite does, in Asia/Shanghai", async () => {
    const { rows } = await client.query(
      `SELECT pg_get_expr(d.adbin, d.adrelid) AS expression
         FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
        WHERE d.adrelid = 'public.waste_listings'::regclass AND a.attname = 'published_month'`,
    );
    const postgresExpression = rows[0]?.expression as string;
    const tableSql = (
      sqlite.prepare("SELECT sql FROM sqlite_master WHERE name = 'waste_listings'").get() as {
        sql: string;
      }
    ).sql;
    const sqliteExpression = tableSql.match(
      /`published_month` text GENERATED ALWAYS AS \((.*)\) VIRTUAL/,
    )?.[1];
    expect(sqliteExpression).toBeDefined();
    // Around midnight in Shanghai at a month's and a year's end, and in a leap February.
    for (const [instant, month] of [
      [Date.UTC(2026, 0, 31, 15, 59, 59), "2026-01"],
      [Date.UTC(2026, 0, 31, 16, 0, 0), "2026-02"],
      [Date.UTC(2025, 11, 31, 16, 30), "2026-01"],
      [Date.UTC(2028, 1, 29, 12), "2028-02"],
    ] as const) {
      const onPostgres = await client.query(
        `SELECT ${postgresExpression} AS month FROM (SELECT $1::bigint AS published_at) AS listing`,
        [instant],
      );
      const onSqlite = sqlite
        .prepare(`SELECT ${sqliteExpression} AS month FROM (SELECT ? AS published_at)`)
        .get(instant) as { month: string };
      expect([onPostgres.rows[0]?.month, onSqlite.month]).toEqual([month, month]);
    }
  });
});
