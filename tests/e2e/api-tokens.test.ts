/**
 * The API tokens page in a browser: a recycler's manager, on a phone, gives the weighbridge
 * software a token, copies it from the one page that shows it, sees it used and revokes it; and
 * the same page in Chinese without JavaScript.
 */
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { en, zh } from "~/i18n/messages";
import { type RunningServer, startServer } from "../support/server";
import { makeWorld, type World } from "../support/world";
import {
  BrowserSession,
  describeE2E,
  eventually,
  expectOfferedLinksOpen,
  logIn,
  open,
  phone,
  screenshotBothSizes,
  textOf,
} from "./browser";

describeE2E("API tokens", () => {
  let world: World;
  let server: RunningServer;
  let session: BrowserSession;

  beforeAll(async () => {
    world = await makeWorld();
    server = await startServer();
    session = await BrowserSession.launch(server.baseUrl);
  });
  afterAll(async () => {
    await session?.close();
    await server?.stop();
  });
  afterEach(() => session.expectNoErrors());

  it("a manager on a phone creates a weighbridge token, sees it once, then revokes it", {
    timeout: 60_000,
  }, async () => {
    const page = await session.newPage(phone);
    await logIn(page, world.people.recyclerManager.email);
    await page.locator(".main-nav").getByRole("link", { name: en["nav.apiTokens"] }).click();
    await eventually(() => textOf(page.locator("h1"))).toBe(en["apiTokens.title"]);
    expect(await textOf(page.locator(".empty__title"))).toBe(en["apiTokens.empty"]);
    await expectOfferedLinksOpen(page);

    await page.getByLabel(en["field.tokenName"]).fill("Weighbridge 1");
    await page.getByLabel(en["field.role"]).selectOption("weighbridge_clerk");
    await page.getByRole("button", { name: en["apiTokens.create"] }).click();
    const secretField = page.getByLabel(en["apiTokens.secret"]);
    await eventually(() => secretField.inputValue()).toMatch(/^rx_[A-Za-z0-9_-]{43}$/);
    const secret = await secretField.inputValue();
    const card = page.locator(".cards li", { hasText: "Weighbridge 1" });
    await eventually(() => textOf(card.locator("dd"))).toContain(en["role.weighbridge_clerk"]);
    expect(await textOf(card.locator("dd"))).toContain(en["apiTokens.never"]);
    await screenshotBothSizes(page, "api-tokens.created");

    const used = await fetch(`${server.baseUrl}/api/v1/orders/999999`, {
      headers: { Authorization: `Bearer ${secret}` },
    });
    expect(used.status).toBe(404);
    await open(page, "/settings/api-tokens");
    expect(await page.content()).not.toContain(secret);
    expect(await textOf(card.locator("dd"))).not.toContain(en["apiTokens.never"]);

    await card.getByRole("button", { name: /Revoke/ }).click();
    await eventually(() => textOf(card.locator(".badge"))).toBe(en["status.revoked"]);
    expect(await card.getByRole("button").count()).toBe(0);
    await screenshotBothSizes(page, "api-tokens.revoked");
  });

  it("works in Chinese without JavaScript", async () => {
    const page = await session.newPage({ locale: "zh-CN", javaScriptEnabled: false });
    await logIn(page, world.people.contractorManager.email);
    await open(page, "/settings/api-tokens");
    expect(await textOf(page.locator("h1"))).toBe(zh["apiTokens.title"]);

    // The refused form comes back as a 400 page, which the browser logs.
    session.tolerateConsoleErrors(/status of 400/);
    await page.getByRole("button", { name: zh["apiTokens.create"] }).click();
    expect(await textOf(page.locator(".field__error"))).toContain(zh["form.required"]);

    await page.getByLabel(zh["field.tokenName"]).fill("ERP");
    await page.getByLabel(zh["field.role"]).selectOption("site_agent");
    await page.getByRole("button", { name: zh["apiTokens.create"] }).click();
    expect(await page.getByLabel(zh["apiTokens.secret"]).inputValue()).toMatch(/^rx_/);
    expect(await textOf(page.locator(".token-created h2"))).toBe(
      zh["apiTokens.createdTitle"].replace("{name}", "ERP"),
    );
    await screenshotBothSizes(page, "api-tokens.zh");
  });
});
