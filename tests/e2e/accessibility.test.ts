/**
 * axe-core on the pages each kind of user works in, on the demo data (so the tables are full):
 * on a phone in Chinese, where wide tables scroll sideways, and on a desktop in English. No page
 * may have a serious or critical violation; among them, every scrolling region must be reachable
 * with the keyboard (scrollable-region-focusable).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type RunningServer, startServer } from "../support/server";
import { BrowserSession, describeE2E, logIn, open, phone } from "./browser";

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8",
);
const DEMO_PASSWORD = "demo-password";

type Violation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/** Runs axe in the page. Evaluated over the DevTools protocol, so the page's CSP does not apply. */
async function axeViolations(page: Page): Promise<Violation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (context: Document) => Promise<{ violations: Violation[] }> };
      }
    ).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
}

/** The first link on the page whose path matches, e.g. the first project in a list. */
async function firstLink(page: Page, pattern: RegExp): Promise<string | null> {
  const hrefs = await page
    .locator('main a[href^="/"]')
    .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  return hrefs.find((href) => pattern.test(href)) ?? null;
}

/** Pages to check for each demo user: fixed paths, and the first detail page found on a list. */
const journeys: { email: string; paths: (string | [list: string, detail: RegExp])[] }[] = [
  {
    email: "contractor@example.com",
    paths: [
      "/",
      "/market",
      "/projects",
      ["/projects", /^\/projects\/\d+$/],
      ["/market", /^\/listings\/\d+$/],
      "/orders",
      ["/orders", /^\/orders\/\d+$/],
      "/manifests",
      ["/manifests", /^\/manifests\/\d+$/],
      "/products",
      "/product-orders",
      "/notifications",
      "/alerts",
      "/settings/api-tokens",
    ],
  },
  {
    email: "recycler@example.com",
    paths: [
      "/",
      "/facilities",
      ["/facilities", /^\/facilities\/\d+$/],
      "/orders",
      "/manifests",
      "/catalogue",
      ["/products", /^\/products\/\d+$/],
      "/product-orders",
    ],
  },
  {
    email: "department@example.com",
    paths: [
      "/department",
      ["/department", /^\/department\/division\/\d+/],
      ["/department", /^\/department\/compliance\/\d+/],
      "/department/publish",
      "/department/report",
      "/department/prices",
      "/department/rectification",
      "/department/definitions",
    ],
  },
  { email: "admin@example.com", paths: ["/admin"] },
];

const devices = [
  { name: "phone, 中文", options: { ...phone, locale: "zh-CN" } },
  { name: "desktop, English", options: { locale: "en-US" } },
] as const;

describeE2E("accessibility (axe-core)", () => {
  let server: RunningServer;
  let browser: BrowserSession;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "rebuild-exchange-a11y-"));
    const DATABASE_PATH = join(dir, "demo.db");
    const prepared = spawnSync(process.execPath, ["--import", "tsx", "seed/prepare.ts"], {
      env: { ...process.env, DATABASE_PATH, SEED_DEMO: "true" },
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(prepared.status, prepared.stderr).toBe(0);
    server = await startServer({ DATABASE_PATH });
    browser = await BrowserSession.launch(server.baseUrl);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(devices)("signed out, $name: login and sign-up", async ({ options }) => {
    const page = await browser.newPage(options);
    const found: string[] = [];
    for (const path of ["/", "/login", "/signup"]) {
      await open(page, path);
      found.push(...describeProblems(path, await axeViolations(page)));
    }
    expect(found).toEqual([]);
    browser.expectNoErrors();
  });

  for (const journey of journeys) {
    it.each(devices)(`${journey.email}, $name`, async ({ options }) => {
      const page = await browser.newPage(options);
      await logIn(page, journey.email, DEMO_PASSWORD);
      const found: string[] = [];
      let scrollingRegions = 0;
      for (const entry of journey.paths) {
        let path: string;
        if (typeof entry === "string") {
          path = entry;
        } else {
          await open(page, entry[0]);
          const detail = await firstLink(page, entry[1]);
          expect(detail, `a link matching ${entry[1]} on ${entry[0]}`).not.toBeNull();
          path = detail as string;
        }
        await open(page, path);
        scrollingRegions += await page.locator(".table-wrap").count();
        found.push(...describeProblems(path, await axeViolations(page)));
      }
      // The demo data fills tables on these pages: the rule below is checked, not vacuous.
      expect(scrollingRegions).toBeGreaterThan(0);
      expect(found).toEqual([]);
      browser.expectNoErrors();
    });
  }
});

/** The violations that fail the test, one line each, naming the page, rule and elements. */
function describeProblems(path: string, violations: Violation[]): string[] {
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${path}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(" "))
          .join(", ")}`,
    );
}
