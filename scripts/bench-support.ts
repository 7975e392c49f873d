/**
 * What the benchmarks share: where Sichuan builds, how their organisations are bulk-loaded, and
 * how a run's times are summarised.
 */
import type Database from "better-sqlite3";
import { makeCreditCode } from "#seed/factories";
import { divisions } from "~/domain/reference/divisions";

type Division = (typeof divisions)[number];

const weights: Record<string, number> = {
  "510100": 14,
  "510700": 4,
  "510600": 3,
  "511500": 3,
  "510500": 3,
  "511300": 3,
};

/** How much construction a division sees: Chengdu dominates, the western prefectures are sparse. */
export const constructionWeight = (code: string) => weights[code] ?? 1;

/** The divisions repeated by their weight: picking from it places work the way the province does. */
export const divisionPool: Division[] = divisions.flatMap((d) =>
  Array<Division>(constructionWeight(d.code)).fill(d),
);

/** The p-th percentile of ascending times (nearest rank). */
export const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;

/**
 * Adds verified organisations straight through the driver, for data sets of many thousands; each
 * gets a valid credit code of its own (departments a government one) and its new id back.
 */
export function organisationLoader(sqlite: Database.Database, createdAt: number) {
  const insert = sqlite.prepare(
    "INSERT INTO organisations (kind, name, credit_code, division_code, verified, created_at) VALUES (?, ?, ?, ?, 1, ?)",
  );
  let serial = 1;
  return (kind: string, name: string, divisionCode: string) =>
    Number(
      insert.run(
        kind,
        name,
        makeCreditCode(divisionCode, serial++, kind === "department" ? "government" : "enterprise"),
        divisionCode,
        createdAt,
      ).lastInsertRowid,
    );
}
