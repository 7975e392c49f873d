/**
 * Real-browser helpers for the end-to-end tests: Debian's Chromium driven by playwright-core
 * (never a downloaded browser), page/console error collection, hydration waits, login through
 * the /login form and screenshots into test-results/screenshots/ (git-ignored).
 */
import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Locator,
  type Page,
} from "playwright-core";
import { describe, expect } from "vitest";
import { TEST_PASSWORD } from "../support/world";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const required = process.env.E2E_REQUIRED === "1";
const chromiumFound = existsSync(CHROMIUM_PATH);

/** True when the browser tests cannot run here and are allowed to be left out. */
export const e2eUnavailable = !chromiumFound && !required;

const notice = globalThis as { __rebuildExchangeE2eNotice?: boolean };
if (e2eUnavailable && !notice.__rebuildExchangeE2eNotice) {
  notice.__rebuildExchangeE2eNotice = true;
  console.warn(
    `e2e: skipped — Chromium not found at ${CHROMIUM_PATH}; install it with: apt-get install -y chromium (or set CHROMIUM_PATH; E2E_REQUIRED=1 makes this an error)`,
  );
}

/**
 * `describe` for browser tests: left out (with the one-line notice above) when Chromium is
 * missing, unless E2E_REQUIRED=1, where launching fails loudly instead.
 */
export const describeE2E = describe.skipIf(e2eUnavailable);

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

export const desktop: BrowserContextOptions = { viewport: DESKTOP };
export const phone: BrowserContextOptions = {
  viewport: PHONE,
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
};

const SCREENSHOTS = fileURLToPath(new URL("../../test-results/screenshots/", import.meta.url));

/** One browser per test file, and every page it opens watched for errors. */
export class BrowserSession {
  private problems: string[] = [];
  private tolerated: RegExp[] = [];
  private contexts: BrowserContext[] = [];

  private constructor(
    readonly browser: Browser,
    readonly baseUrl: string,
  ) {}

  static async launch(baseUrl: string): Promise<BrowserSession> {
    if (!existsSync(CHROMIUM_PATH)) {
      throw new Error(
        `e2e: Chromium not found at ${CHROMIUM_PATH} and E2E_REQUIRED=1 — install it with: apt-get install -y chromium`,
      );
    }
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    return new BrowserSession(browser, baseUrl);
  }

  /** A page in a new context (its own cookies), desktop-sized unless told otherwise. */
  async newPage(options: BrowserContextOptions = {}): Promise<Page> {
    const context = await this.browser.newContext({
      baseURL: this.baseUrl,
      locale: "en-US",
      timezoneId: "Asia/Shanghai",
      ...desktop,
      ...options,
    });
    this.contexts.push(context);
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    if (options.javaScriptEnabled === false) pagesWithoutScript.add(page);
    this.watch(page);
    return page;
  }

  /** A new context for the same signed-in user (cookies copied), e.g. the same person's phone. */
  async samePersonOn(page: Page, options: BrowserContextOptions): Promise<Page> {
    return this.newPage({ ...options, storageState: await page.context().storageState() });
  }

  private watch(page: Page) {
    page.on("pageerror", (error) => {
      this.problems.push(`page error on ${page.url()}: ${error.message}`);
    });
    page.on("console", (message) => {
      if (message.type() !== "error") return;
      const text = message.text();
      if (this.tolerated.some((pattern) => pattern.test(text))) return;
      this.problems.push(`console error on ${page.url()}: ${text}`);
    });
  }

  /** Lets console errors matching `pattern` pass until the end of the current test. */
  tolerateConsoleErrors(pattern: RegExp) {
    this.tolerated.push(pattern);
  }

  /** Fails the current test if any page threw or logged an error; then starts afresh. */
  expectNoErrors() {
    const problems = this.problems;
    this.problems = [];
    this.tolerated = [];
    expect(problems, "page errors and console errors in the browser").toEqual([]);
  }

  async close() {
    for (const context of this.contexts) await context.close().catch(() => undefined);
    await this.browser.close();
  }
}

/** Waits until React Router has hydrated the page, so clicks are handled by the app. */
export async function waitForHydration(page: Page) {
  await page.waitForFunction(
    () =>
      (window as unknown as { __reactRouterDataRouter?: unknown }).__reactRouterDataRouter !==
      undefined,
  );
}

/** Pages opened with `javaScriptEnabled: false`: there is nothing to hydrate. */
const pagesWithoutScript = new WeakSet<Page>();

function javaScriptEnabled(page: Page) {
  return !pagesWithoutScript.has(page);
}

/** Opens a path and, when the page runs JavaScript, waits for hydration. */
export async function open(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), `GET ${path}`).toBeLessThan(400);
  if (javaScriptEnabled(page)) await waitForHydration(page);
}

/** Logs in through the /login form, as a person would. */
export async function logIn(page: Page, email: string, password = TEST_PASSWORD) {
  await open(page, "/login");
  await page.locator('main input[name="email"]').fill(email);
  await page.locator('main input[name="password"]').fill(password);
  await page.locator('main form button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname !== "/login");
  if (javaScriptEnabled(page)) await waitForHydration(page);
}

/**
 * Every in-app link the page offers in the header navigation and main content opens without an
 * error for this user (a link to a page they may not see is a bug, not a feature).
 */
export async function expectOfferedLinksOpen(page: Page) {
  const hrefs = await page
    .locator('.main-nav a[href^="/"], main a[href^="/"]')
    .evaluateAll((links) => [...new Set(links.map((a) => a.getAttribute("href") ?? ""))]);
  const broken: string[] = [];
  for (const href of hrefs) {
    const response = await page.request.get(href);
    if (response.status() >= 400) broken.push(`${href} → ${response.status()}`);
  }
  expect(broken, `links offered on ${new URL(page.url()).pathname}`).toEqual([]);
}

/** Saves a full-page PNG as test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}

/**
 * Screenshots the page at desktop (1280×800) and phone (390×844) width as <name>.desktop.png and
 * <name>.phone.png, then puts the viewport back. At both widths the page must not scroll sideways.
 */
export async function screenshotBothSizes(page: Page, name: string) {
  const original = page.viewportSize();
  for (const [label, size] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const) {
    await page.setViewportSize(size);
    await screenshot(page, `${name}.${label}`);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `${name} scrolls sideways by ${overflow}px at ${label} width`).toBe(0);
  }
  if (original) await page.setViewportSize(original);
}

/** Retries an assertion on what the page shows, for up to 10 s (vitest has no web-first expect). */
export function eventually<T>(read: () => Promise<T> | T) {
  return expect.poll(read, { timeout: 10_000, interval: 100 });
}

/** The text of the matching elements, trimmed and joined with " | ", without waiting for them. */
export async function textOf(locator: Locator): Promise<string> {
  return (await locator.allTextContents()).map((s) => s.trim()).join(" | ");
}

/** Reads a displayed quantity such as "1,234.5 t" as whole kilograms. */
export function parseTonnesToKg(text: string | null): number {
  const match = /^\s*(-?[\d,]+(?:\.\d+)?)\s*t\s*$/.exec(text ?? "");
  if (!match?.[1]) throw new Error(`not a tonnes figure: ${JSON.stringify(text)}`);
  return Math.round(Number(match[1].replaceAll(",", "")) * 1000);
}
