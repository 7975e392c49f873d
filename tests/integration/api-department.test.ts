/**
 * The department's JSON API against the real server: a department officer makes a token on the
 * settings page; the figures, published months and price index answer for the token's
 * jurisdiction only (a city never sees another division); bad input and other organisations'
 * tokens are refused with problems; every response is checked against the OpenAPI document.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { publishedMonths } from "#db/schema";
import { createApiToken } from "~/domain/api-tokens/api-tokens.server";
import { now, shanghaiDate } from "~/domain/clock";
import { definitionsFor } from "~/domain/metrics/definitions.server";
import { formatTonnes } from "~/i18n/format";
import { operations } from "~/lib/api/operations";
import { type ApiResponse, apiRequest, OpenApiDocument } from "../support/api";
import { publishing, seedDepartmentData } from "../support/department-data";
import { Client } from "../support/http";
import { type RunningServer, startServer } from "../support/server";
import { actorFor, makeWorld, type World } from "../support/world";

let server: RunningServer;
let world: World;
let openapi: OpenApiDocument;
let month: string;
const tokens = { province: "", chengdu: "", mianyang: "", contractor: "" };

beforeAll(async () => {
  world = await makeWorld();
  const publish = publishing(world);
  ({ month } = await seedDepartmentData(world, publish.first));
  await publish.rest(month);
  server = await startServer();
  openapi = await OpenApiDocument.load(server.baseUrl);
  const issue = async (person: keyof World["people"], role: string) =>
    (await createApiToken(actorFor(world.people[person].id), { name: `${person} system`, role }))
      .secret;
  tokens.province = await issue("provinceOfficer", "officer");
  tokens.mianyang = await issue("mianyangOfficer", "officer");
  tokens.contractor = await issue("contractorManager", "manager");
});
afterAll(() => server?.stop());

async function call(
  template: string,
  options: { token?: string; query?: Record<string, string>; language?: string } = {},
): Promise<ApiResponse> {
  const query = new URLSearchParams(options.query).toString();
  const response = await apiRequest(server.baseUrl, {
    path: `${template}${query ? `?${query}` : ""}`,
    token: options.token,
    language: options.language,
  });
  openapi.expectDocumented("GET", template, response);
  return response;
}

function expectProblem(response: ApiResponse, status: number, code?: string) {
  expect(response.status).toBe(status);
  expect(response.contentType).toBe("application/problem+json");
  expect(response.body).toMatchObject({ type: "about:blank", status });
  if (code) expect(response.body.code).toBe(code);
}

describe("department tokens", () => {
  it("are made by an officer on the settings page and act for the department", async () => {
    const officer = await new Client(server.baseUrl).logIn(world.people.chengduOfficer.email);
    const page = await officer.get("/settings/api-tokens");
    expect(page.status).toBe(200);
    expect(page.body).toContain('value="officer"');
    const created = await officer.post("/settings/api-tokens", {
      intent: "create",
      name: "City data centre",
      role: "officer",
    });
    expect(created.status).toBe(200);
    const secret = /value="(rx_[A-Za-z0-9_-]{43})"/.exec(created.body)?.[1];
    expect(secret).toBeDefined();
    tokens.chengdu = secret ?? "";
    const figures = await call("/department/figures", { token: tokens.chengdu });
    expect(figures.status).toBe(200);
    expect(figures.body.jurisdiction).toBe("510100");
  });
});

describe("the OpenAPI document", () => {
  it("documents the department's read operations with their parameters and refusals", () => {
    for (const operation of [
      operations.getDepartmentFigures,
      operations.listPublishedMonths,
      operations.getPriceIndex,
    ]) {
      const documented = openapi.operation("GET", operation.path);
      expect(documented.operationId).toBe(operation.operationId);
      expect(documented.tags).toEqual(["department"]);
      expect(Object.keys(documented.responses as object)).toEqual(
        expect.arrayContaining(["200", "401", "403", "422", "429"]),
      );
    }
    const prices = openapi.operation("GET", "/department/prices");
    const names = (prices.parameters as { name: string; required: boolean }[]).map((p) => p.name);
    expect(names).toEqual(["from", "to", "division", "wasteClass", "productType"]);
    expect(Object.keys(prices.responses as object)).toContain("404");
  });
});

describe("GET /department/figures", () => {
  it("gives the province every division, and each city only its own", async () => {
    const query = { from: month, to: month };
    const province = await call("/department/figures", { token: tokens.province, query });
    expect(province.status).toBe(200);
    expect(province.body.period).toEqual({ from: month, to: month });
    expect(province.body.total).toMatchObject({
      generatedKg: 27_000,
      recycledKg: 23_000,
      backfilledKg: 4_000,
      manifests: 4,
    });
    expect(province.body.total.resource).toMatchObject({ partKg: 23_000, wholeKg: 27_000 });
    expect(province.body.total.resource.rateBp).toBe(8519);
    const divisions = Object.fromEntries(
      province.body.byDivision.map((d: { divisionCode: string; generatedKg: number }) => [
        d.divisionCode,
        d.generatedKg,
      ]),
    );
    expect(divisions).toMatchObject({ "510100": 20_000, "510700": 7_000 });
    expect(province.body.byMonth).toHaveLength(1);
    const demolition = province.body.byClass.find(
      (c: { wasteClass: string }) => c.wasteClass === "demolition_waste",
    );
    expect(demolition.generatedKg).toBe(27_000);

    const chengdu = await call("/department/figures", { token: tokens.chengdu, query });
    expect(chengdu.body.jurisdiction).toBe("510100");
    expect(chengdu.body.total).toMatchObject({ generatedKg: 20_000, recycledKg: 16_000 });
    expect(chengdu.body.total.comprehensive.rateBp).toBe(10_000);
    // A city's figures never list another division (its own at most).
    for (const d of chengdu.body.byDivision) expect(d.divisionCode).toBe("510100");
    expect(chengdu.body.total.closure).toMatchObject({ dispatched: 3, closed: 3, rateBp: 10_000 });
    expect(JSON.stringify(chengdu.body)).not.toContain("510700");

    const mianyang = await call("/department/figures", { token: tokens.mianyang, query });
    expect(mianyang.body.total).toMatchObject({ generatedKg: 7_000, recycledKg: 7_000 });
  });

  it("are the figures the dashboard shows", async () => {
    const query = { from: month, to: month };
    const api = await call("/department/figures", { token: tokens.mianyang, query });
    const officer = await new Client(server.baseUrl).logIn(world.people.mianyangOfficer.email);
    const page = await officer.get(`/department?from=${month}&to=${month}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(formatTonnes(api.body.total.generatedKg));
  });

  it("defaults to the last twelve months", async () => {
    const response = await call("/department/figures", { token: tokens.chengdu });
    expect(response.status).toBe(200);
    expect(response.body.byMonth).toHaveLength(12);
    expect(response.body.total.generatedKg).toBe(20_000);
  });

  it("refuses unreadable or reversed periods with the field named", async () => {
    const bad = await call("/department/figures", {
      token: tokens.chengdu,
      query: { from: "2026-13" },
    });
    expectProblem(bad, 422, "form.fixErrors");
    expect(bad.body.errors).toEqual([{ field: "from", message: "Enter a month as YYYY-MM." }]);
    const reversed = await call("/department/figures", {
      token: tokens.chengdu,
      query: { from: "2026-05", to: "2026-04" },
      language: "zh",
    });
    expectProblem(reversed, 422);
    expect(reversed.body.errors[0].field).toBe("to");
    expect(reversed.headers.get("Content-Language")).toBe("zh-CN");
  });

  it("is for departments only, and only with a token", async () => {
    expectProblem(
      await call("/department/figures", { token: tokens.contractor }),
      403,
      "error.forbidden",
    );
    expectProblem(await call("/department/figures"), 401, "api.tokenMissing");
  });
});

describe("GET /department/published-months", () => {
  it("lists every version a department published for its own jurisdiction", async () => {
    const chengdu = await call("/department/published-months", { token: tokens.chengdu });
    expect(chengdu.status).toBe(200);
    expect(chengdu.body.items.map((i: { version: number }) => i.version)).toEqual([1, 2]);
    expect(chengdu.body.items[0]).toMatchObject({
      jurisdiction: "510100",
      month,
      explanation: "",
      figures: { total: { generatedKg: 16_000, backfilledKg: 0 } },
    });
    expect(chengdu.body.items[1]).toMatchObject({
      explanation: "A late weighbridge ticket",
      figures: { total: { generatedKg: 20_000, backfilledKg: 4_000 } },
    });
    // The dashboard's operational figures are frozen with the month too.
    expect(chengdu.body.items[0].figures.total).toMatchObject({
      dispatched: 2,
      closed: 2,
      closureRateBp: 10_000,
      deliveredGrams: 0,
      judgedProjects: 0,
    });
    expect(chengdu.body.items[1].figures.total).toMatchObject({ dispatched: 3, closed: 3 });
    const province = await call("/department/published-months", { token: tokens.province });
    expect(province.body.items.map((i: { jurisdiction: string }) => i.jurisdiction)).toEqual([
      "510000",
    ]);
    const mianyang = await call("/department/published-months", { token: tokens.mianyang });
    expect(JSON.stringify(mianyang.body)).not.toContain("510100");
  });

  it("sends a version stored before the operational figures were frozen without them", async () => {
    const definitionVersionId = (await definitionsFor("2001-02")).id;
    const figures = {
      definitionVersionId,
      total: {
        generatedKg: 5_000,
        recycledKg: 5_000,
        backfilledKg: 0,
        landfilledKg: 0,
        transferredKg: 0,
        offPlatformKg: 0,
        manifests: 1,
        resourceRateBp: 10_000,
        comprehensiveRateBp: 10_000,
      },
      byDivision: {},
    };
    db.insert(publishedMonths)
      .values({
        jurisdiction: "510700",
        month: "2001-02",
        version: 1,
        definitionVersionId,
        figures,
        publishedByUserId: world.people.mianyangOfficer.id,
        publishedAt: now(),
      })
      .run();
    const old = await call("/department/published-months", {
      token: tokens.mianyang,
      query: { month: "2001-02" },
    });
    expect(old.status).toBe(200);
    expect(old.body.items[0].figures).toEqual({ ...figures, byClass: {} });
  });

  it("filters by month and refuses a month it cannot read", async () => {
    const other = await call("/department/published-months", {
      token: tokens.chengdu,
      query: { month: "2001-01" },
    });
    expect(other.body.items).toEqual([]);
    const same = await call("/department/published-months", {
      token: tokens.chengdu,
      query: { month },
    });
    expect(same.body.items).toHaveLength(2);
    expectProblem(
      await call("/department/published-months", {
        token: tokens.chengdu,
        query: { month: "last" },
      }),
      422,
    );
    expectProblem(await call("/department/published-months", { token: tokens.contractor }), 403);
  });
});

describe("GET /department/prices", () => {
  it("gives medians by month and waste class, and products per tonne", async () => {
    const response = await call("/department/prices", {
      token: tokens.chengdu,
      query: { from: month, to: month },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ jurisdiction: "510100", divisionCode: "510100" });
    expect(response.body.waste).toEqual([
      {
        month,
        divisionCode: "510100",
        wasteClass: "demolition_waste",
        gateFee: { medianFenPerTonne: 1_001, listings: 2 },
        pricePaid: { medianFenPerTonne: 700, listings: 3 },
      },
    ]);
    // ¥30.00/t and ¥40.00 per 1.5 t: the mean of 3000 and 2666.67 is 2833.33 → 2833 fen/t.
    expect(response.body.products).toEqual([
      {
        month,
        divisionCode: "510100",
        productType: "recycled_coarse_aggregate",
        medianFenPerTonne: 2_833,
        products: 2,
      },
    ]);
  });

  it("counts a product from the month it was listed while it is active", async () => {
    const response = await call("/department/prices", {
      token: tokens.chengdu,
      query: { to: month, productType: "recycled_coarse_aggregate" },
    });
    const byMonth = Object.fromEntries(
      response.body.products.map((p: { month: string; products: number }) => [p.month, p.products]),
    );
    expect(Object.values(byMonth)).toEqual([1, 2]);
    expect(response.body.waste.map((w: { month: string }) => w.month)).toEqual([month]);
  });

  it("lets the province look at one division, or the whole province", async () => {
    const mianyang = await call("/department/prices", {
      token: tokens.province,
      query: { from: month, to: month, division: "510700" },
    });
    expect(mianyang.body.divisionCode).toBe("510700");
    expect(mianyang.body.waste).toEqual([
      expect.objectContaining({
        gateFee: { medianFenPerTonne: 99_999, listings: 1 },
        pricePaid: { medianFenPerTonne: null, listings: 0 },
      }),
    ]);
    expect(mianyang.body.products).toEqual([]);
    const whole = await call("/department/prices", {
      token: tokens.province,
      query: { from: month, to: month, wasteClass: "demolition_waste" },
    });
    expect(whole.body.divisionCode).toBe("510000");
    // Gate fees 1000, 1001, 99 999: the middle one.
    expect(whole.body.waste[0].gateFee).toEqual({ medianFenPerTonne: 1_001, listings: 3 });
  });

  it("never shows a city another division", async () => {
    const response = await call("/department/prices", {
      token: tokens.chengdu,
      query: { division: "510700" },
    });
    expectProblem(response, 404, "prices.divisionOutside");
    const mianyang = await call("/department/prices", {
      token: tokens.mianyang,
      query: { from: month, to: month },
    });
    expect(mianyang.body.waste).toHaveLength(1);
    expect(mianyang.body.waste[0].gateFee.medianFenPerTonne).toBe(99_999);
    expect(mianyang.body.products).toEqual([]);
  });

  it("includes a listing published a moment ago", async () => {
    const current = shanghaiDate(now()).slice(0, 7);
    const query = { from: current, to: current, wasteClass: "engineering_muck" };
    const before = await call("/department/prices", { token: tokens.chengdu, query });
    expect(before.body.waste).toEqual([]);
    const listed = await apiRequest(server.baseUrl, {
      method: "POST",
      path: "/listings",
      token: tokens.contractor,
      json: {
        projectId: world.project.id,
        wasteClass: "engineering_muck",
        material: "soil",
        quantityKg: 80_000,
        availableFrom: shanghaiDate(now()),
        availableUntil: shanghaiDate(new Date(now().getTime() + 30 * 86_400_000)),
        priceFenPerTonne: 1_234,
        payer: "producer",
      },
    });
    expect(listed.status).toBe(201);
    const after = await call("/department/prices", { token: tokens.chengdu, query });
    expect(after.body.waste).toEqual([
      expect.objectContaining({ gateFee: { medianFenPerTonne: 1_234, listings: 1 } }),
    ]);
  });

  it("refuses what it cannot read", async () => {
    const response = await call("/department/prices", {
      token: tokens.province,
      query: { wasteClass: "gold", division: "51" },
    });
    expectProblem(response, 422);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      "division",
      "wasteClass",
    ]);
    expectProblem(await call("/department/prices", { token: tokens.contractor }), 403);
  });
});
