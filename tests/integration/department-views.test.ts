/**
 * The department's pages over HTTP, as a browser without JavaScript gets them: the dashboard's
 * charts drawn on the server beside the tables they come from, and the price index page with its
 * filters and spreadsheet export, for the officer's jurisdiction only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDepartmentData } from "../support/department-data";
import { Client } from "../support/http";
import { type RunningServer, startServer } from "../support/server";
import { makeWorld, type World } from "../support/world";

let server: RunningServer;
let world: World;
let month: string;
let previous: string;

beforeAll(async () => {
  world = await makeWorld();
  ({ month, previous } = seedDepartmentData(world));
  server = await startServer();
});
afterAll(() => server?.stop());

const english = { "Accept-Language": "en" };
const chinese = { "Accept-Language": "zh-CN" };

async function officer(person: "provinceOfficer" | "chengduOfficer" | "contractorManager") {
  return new Client(server.baseUrl).logIn(world.people[person].email);
}

/** The <figure> elements of a page, each with what follows it up to the next figure. */
function figures(html: string) {
  return html.split('<figure class="chart"').slice(1);
}

describe("the dashboard's charts", () => {
  it("are SVG drawn on the server, for a phone, a tablet and a desktop, beside their tables", async () => {
    const client = await officer("provinceOfficer");
    const page = await client.get(`/department?from=${previous}&to=${month}`, english);
    expect(page.status).toBe(200);
    const charts = figures(page.body);
    // By month, by division (the province has both), by waste class.
    expect(charts.length).toBeGreaterThanOrEqual(3);
    for (const chart of charts) {
      // Hidden from assistive technology: the table beside it is what is read.
      expect(chart.startsWith(' aria-hidden="true"')).toBe(true);
      expect(chart).toContain('class="chart__svg chart__svg--narrow" viewBox="0 0 320 ');
      expect(chart).toContain('class="chart__svg chart__svg--medium" viewBox="0 0 600 ');
      expect(chart).toContain('class="chart__svg chart__svg--wide" viewBox="0 0 900 ');
      // No fixed pixel size: the drawing scales with the width it is given.
      expect(chart).not.toMatch(/<svg[^>]* width="\d/);
      expect(chart).toContain("<table");
    }
    const [trend = "", byDivision = ""] = charts;
    // Two months, two bars each, in each of the three drawings.
    expect(trend.split("</figure>")[0]?.match(/<rect class="visx-bar"/g)).toHaveLength(12);
    expect(trend).toContain("Generated");
    expect(trend).toContain("Resource utilization rate");
    expect(trend).toContain("85.2%");
    expect(byDivision).toContain("Chengdu");
    expect(byDivision).toContain("Mianyang");
  });

  it("are labelled in the reader's language", async () => {
    const client = await officer("provinceOfficer");
    const page = await client.get(`/department?from=${month}&to=${month}`, chinese);
    const [trend = ""] = figures(page.body);
    expect(trend).toContain("产生量");
    expect(trend).toContain("资源化利用量");
    expect(page.body).toContain("成都市");
  });

  it("leave out the division chart for a city", async () => {
    const client = await officer("chengduOfficer");
    const page = await client.get(`/department?from=${month}&to=${month}`, english);
    expect(page.status).toBe(200);
    expect(page.body).not.toContain("Mianyang");
    expect(figures(page.body).length).toBeGreaterThanOrEqual(2);
  });
});

describe("the price index page", () => {
  it("shows medians for the officer's jurisdiction with the filters applied", async () => {
    const client = await officer("chengduOfficer");
    const page = await client.get(`/department/prices?from=${month}&to=${month}`, english);
    expect(page.status).toBe(200);
    expect(page.body).toContain("Price index");
    expect(page.body).toMatch(/data-median="gate-fee">¥10\.01</);
    expect(page.body).toMatch(/data-median="price-paid">¥7\.00</);
    expect(page.body).toMatch(/data-median="product">¥28\.33</);
    // A city has no other area to choose.
    expect(page.body).not.toContain('name="division"');
    expect(page.body).toContain(`/department/prices/export?from=${month}&amp;to=${month}`);
    const filtered = await client.get(
      `/department/prices?from=${month}&to=${month}&wasteClass=engineering_muck`,
      chinese,
    );
    expect(filtered.body).toContain("该期间没有发布的挂牌。");
    expect(filtered.body).toMatch(/data-median="product">¥28\.33</);
  });

  it("lets the province choose a division, and keeps a city to its own", async () => {
    const province = await officer("provinceOfficer");
    const page = await province.get(
      `/department/prices?from=${month}&to=${month}&division=510700`,
      english,
    );
    expect(page.status).toBe(200);
    expect(page.body).toContain('<option value="510700" selected="">Mianyang</option>');
    expect(page.body).toMatch(/data-median="gate-fee">¥999\.99</);
    const city = await officer("chengduOfficer");
    expect((await city.get("/department/prices?division=510700")).status).toBe(404);
    const contractor = await officer("contractorManager");
    expect((await contractor.get("/department/prices")).status).toBe(403);
  });

  it("exports the same medians as CSV and Excel", async () => {
    const client = await officer("chengduOfficer");
    const csv = await client.get(
      `/department/prices/export?from=${month}&to=${month}&format=csv`,
      english,
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Type")).toContain("text/csv");
    const lines = csv.body
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe(
      "Month,Area,GB/T 2260,Series,Waste class or product type,Median (fen/t),Median (¥/t),Count",
    );
    expect(lines).toContain(
      `${month},Chengdu,510100,Waste gate fee (producer pays),Demolition waste,1001,10.01,2`,
    );
    expect(lines).toContain(
      `${month},Chengdu,510100,Waste price paid (recycler pays),Demolition waste,700,7,3`,
    );
    expect(lines).toContain(
      `${month},Chengdu,510100,Recycled product,Recycled coarse aggregate,2833,28.33,2`,
    );
    const xlsx = await client.get(`/department/prices/export?from=${month}&format=xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get("Content-Type")).toContain("spreadsheetml");
  });
});
