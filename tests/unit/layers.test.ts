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

/**
 * The areas of the domain from the bottom up (ADR 013). The figures (metrics, stats, department)
 * are fed by what the waste and product areas record: those areas write the monthly sums through
 * `metrics`, below them, and never import the figures above them.
 */
const AREA_ORDER = [
  "error-codes",
  "clock",
  "money",
  "quantity",
  "geo",
  "credit-code",
  "reference",
  "settings",
  "errors",
  "fields",
  "state-machine",
  "access",
  "uploads",
  "audit",
  "accounts",
  "notifications",
  "api-tokens",
  "metrics",
  "facilities",
  "projects",
  "alerts",
  "orders",
  "feedstock",
  "manifests",
  "listings",
  "matching",
  "products",
  "payments",
  "usage",
  "stats",
  "department",
  "documents",
  "health",
];

/** app/domain/<area>/… or app/domain/<area>.ts */
function areaOf(file: string): string {
  const [, , area = ""] = file.split("/");
  return area.replace(/(\.server)?\.tsx?$/, "");
}

/** Every import from one domain module to another, resolved to the file it lands on. */
function domainImports(): { from: string; to: string }[] {
  const files = new Set(sourcesUnder("app/domain"));
  return [...files].flatMap((from) =>
    importsOf(from)
      .map((specifier) => target(from, specifier))
      .filter((to) => to.startsWith("app/domain/"))
      .map((to) => {
        const file = [`${to}.ts`, `${to}.tsx`, to, `${to}/index.ts`].find((candidate) =>
          files.has(candidate),
        );
        if (!file) throw new Error(`${from} imports ${to}, which is not a domain module`);
        return { from, to: file };
      }),
  );
}

/** One cycle of the graph, as the modules on it, or undefined when there is none. */
function cycleIn(next: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === "done") return undefined;
    if (state.get(node) === "open") return [...path.slice(path.indexOf(node)), node];
    state.set(node, "open");
    path.push(node);
    for (const to of next.get(node) ?? []) {
      const cycle = visit(to);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, "done");
    return undefined;
  };
  for (const node of next.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

describe("layers", () => {
  it("keeps the store — schema, migrations, client — free of the product's code", () => {
    const store = sourcesUnder("db");
    expect(store.length).toBeGreaterThan(3);
    expect(violations(store, (to) => to.startsWith("app/") || to.startsWith("seed/"))).toEqual([]);
  });

  it("keeps the domain free of the web layer: pages, components, words and formats", () => {
    const domain = sourcesUnder("app/domain");
    expect(
      violations(
        domain,
        (to) =>
          to.startsWith("app/routes") ||
          to.startsWith("app/components") ||
          to.startsWith("app/i18n") ||
          to.startsWith("app/lib") ||
          to === "react" ||
          to.startsWith("react-dom"),
      ),
    ).toEqual([]);
  });

  it("runs the areas of the domain one way: each imports only areas listed before it", () => {
    const edges = domainImports();
    const areas = new Set(edges.flatMap(({ from, to }) => [areaOf(from), areaOf(to)]));
    expect([...areas].filter((area) => !AREA_ORDER.includes(area))).toEqual([]);
    const upward = edges
      .filter(({ from, to }) => AREA_ORDER.indexOf(areaOf(to)) > AREA_ORDER.indexOf(areaOf(from)))
      .map(({ from, to }) => `${from} → ${to}`);
    expect(upward).toEqual([]);
  });

  it("lets an area reach into another only through its public file", () => {
    const aside = domainImports()
      .filter(({ from, to }) => areaOf(from) !== areaOf(to))
      .filter(({ to }) => to.split("/").length > 3 && !to.endsWith("/index.ts"))
      .map(({ from, to }) => `${from} → ${to}`);
    expect(aside).toEqual([]);
  });

  it("has no import cycle between the domain's modules, type-only imports included", () => {
    const next = new Map<string, string[]>();
    for (const { from, to } of domainImports()) next.set(from, [...(next.get(from) ?? []), to]);
    expect(cycleIn(next)).toBeUndefined();
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
      /\.(get|all|run)\(\)|\)\s*\.values\(\)|(?<!await )\b(tx|db|q)\s*\.(get|all|run|values)(<[^(]*>)?\(/.test(
        readFileSync(join(ROOT, file), "utf8"),
      ),
    );
    expect(synchronous).toEqual([]);
  });

  it("reads what it checks: an import the wrong way is found", () => {
    expect(
      cycleIn(
        new Map([
          ["a", ["b"]],
          ["b", ["c"]],
          ["c", ["a"]],
        ]),
      ),
    ).toEqual(["a", "b", "c", "a"]);
    expect(
      cycleIn(
        new Map([
          ["a", ["b", "c"]],
          ["b", ["c"]],
        ]),
      ),
    ).toBeUndefined();
    expect(areaOf("app/domain/stats/dashboard.server.ts")).toBe("stats");
    expect(areaOf("app/domain/errors.ts")).toBe("errors");
    expect(target("db/client.ts", "../app/domain/geo")).toBe("app/domain/geo");
    expect(target("app/domain/geo.ts", "~/routes/home")).toBe("app/routes/home");
    expect(importsOf("seed/prepare.ts")).toContain("./demo");
  });
});
