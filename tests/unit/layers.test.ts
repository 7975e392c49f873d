/**
 * The layers run one way: routes → web layer → domain → store and schema. These are the rules
 * that hold today; each is read from the import lines of the source, so a new import that runs
 * the wrong way fails here, not in review.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = process.cwd();

function sourcesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

/** Every module a file imports (static, dynamic and type-only), as written. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const specifiers: string[] = [];
  for (const match of text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
    specifiers.push(match[1] as string);
  }
  return specifiers;
}

/** Where an import lands, as a path from the project root (packages stay as written). */
function target(file: string, specifier: string): string {
  if (specifier.startsWith("~/")) return `app/${specifier.slice(2)}`;
  if (specifier.startsWith("#db/")) return `db/${specifier.slice(4)}`;
  if (specifier.startsWith("#config/")) return `config/${specifier.slice(8)}`;
  if (specifier.startsWith("#seed/")) return `seed/${specifier.slice(6)}`;
  if (specifier.startsWith(".")) return relative(ROOT, join(ROOT, file, "..", specifier));
  return specifier;
}

function violations(files: string[], forbidden: (to: string) => boolean) {
  return files.flatMap((file) =>
    importsOf(file)
      .map((specifier) => target(file, specifier))
      .filter(forbidden)
      .map((to) => `${file} → ${to}`),
  );
}

describe("layers", () => {
  it("keeps the store — schema, migrations, client — free of the product's code", () => {
    const store = sourcesUnder("db");
    expect(store.length).toBeGreaterThan(3);
    expect(violations(store, (to) => to.startsWith("app/") || to.startsWith("seed/"))).toEqual([]);
  });

  it("keeps the domain free of pages and components", () => {
    const domain = sourcesUnder("app/domain");
    expect(
      violations(
        domain,
        (to) =>
          to.startsWith("app/routes") ||
          to.startsWith("app/components") ||
          to === "react" ||
          to.startsWith("react-dom"),
      ),
    ).toEqual([]);
  });

  it("lets the domain and the routes reach the database only through the store seam", () => {
    const files = [...sourcesUnder("app/domain"), ...sourcesUnder("app/routes")];
    expect(
      violations(
        files,
        (to) =>
          to === "db/client" || to === "better-sqlite3" || to.startsWith("drizzle-orm/better"),
      ),
    ).toEqual([]);
    // Statements are awaited through drizzle's query promises, never run synchronously.
    const synchronous = files.filter((file) =>
      /\.(get|all|run)\(\)|\)\s*\.values\(\)/.test(readFileSync(join(ROOT, file), "utf8")),
    );
    expect(synchronous).toEqual([]);
  });

  it("reads what it checks: an import the wrong way is found", () => {
    expect(target("db/client.ts", "../app/domain/geo")).toBe("app/domain/geo");
    expect(target("app/domain/geo.ts", "~/routes/home")).toBe("app/routes/home");
    expect(importsOf("seed/prepare.ts")).toContain("./demo");
  });
});
