/**
 * The Content-Security-Policy lets only scripts carrying the response's nonce run: React Router's
 * own scripts hydrate the page, while a script or event handler injected into it does not run.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { type RunningServer, startServer } from "../support/server";
import { makeWorld, type World } from "../support/world";
import { BrowserSession, describeE2E, logIn, open } from "./browser";

describeE2E("content security policy", () => {
  let server: RunningServer;
  let browser: BrowserSession;
  let world: World;

  beforeAll(async () => {
    world = await makeWorld();
    server = await startServer();
    browser = await BrowserSession.launch(server.baseUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("sends a fresh nonce for scripts on every page, and no 'unsafe-inline' for them", async () => {
    const policies = await Promise.all(
      [1, 2].map(
        async () =>
          (await fetch(`${server.baseUrl}/login`)).headers.get("content-security-policy") ?? "",
      ),
    );
    const scriptSources = policies.map((policy) => policy.match(/script-src ([^;]+)/)?.[1] ?? "");
    for (const sources of scriptSources) {
      expect(sources).toMatch(/^'self' 'nonce-[A-Za-z0-9+/=]{20,}'$/);
      expect(sources).not.toContain("unsafe-inline");
    }
    expect(scriptSources[0]).not.toBe(scriptSources[1]);
  });

  it("hydrates with its own scripts and refuses injected ones", async () => {
    const page = await browser.newPage();
    // Hydration proves the nonce'd scripts ran; logging in goes through the hydrated form.
    await logIn(page, world.people.contractorManager.email);
    await open(page, "/market");
    browser.tolerateConsoleErrors(/Content Security Policy/);
    const outcome = await page.evaluate(async () => {
      const flags = window as unknown as Record<string, unknown>;
      const violations: string[] = [];
      document.addEventListener("securitypolicyviolation", (event) => {
        violations.push(event.violatedDirective);
      });
      const script = document.createElement("script");
      script.textContent = "window.injectedScriptRan = true";
      document.body.append(script);
      const holder = document.createElement("div");
      holder.innerHTML =
        '<img src="data:image/png;base64,AAAA" onerror="window.injectedHandlerRan = true">';
      document.body.append(holder);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return {
        script: flags.injectedScriptRan ?? false,
        handler: flags.injectedHandlerRan ?? false,
        violations,
      };
    });
    expect(outcome.script).toBe(false);
    expect(outcome.handler).toBe(false);
    expect(outcome.violations.length).toBeGreaterThanOrEqual(2);
    expect(outcome.violations.every((d) => d.startsWith("script-src"))).toBe(true);
    browser.expectNoErrors();
  });
});
