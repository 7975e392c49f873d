/**
 * The department's pages over HTTP, as a browser without JavaScript gets them: the dashboard's
 * charts drawn on the server beside the tables they come from, the price index page with its
 * filters and spreadsheet export, and every drill-down table downloaded from its own page's
 * links, for the officer's jurisdiction only.
 */
import { and, eq, ne } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, writeTransaction } from "#db/client";
import {
  deliveries,
  manifests,
  materialUseReports,
  productOrders,
  recycledProducts,
} from "#db/schema";
import { insertListing, insertManifest, insertOrder, insertProject } from "#seed/factories";
import { rebuildMonthly } from "#seed/monthly";
import { addMonths, shanghaiDayStart } from "~/domain/clock";
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
  ({ month, previous } = await seedDepartmentData(world));
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

/** The body rows of a page's table: `data-row`, each cell as text, and the exact figures. */
function pageTable(html: string, name: string) {
  const start = html.indexOf(`data-table="${name}"`);
  expect(start, name).toBeGreaterThan(0);
  const body = html.slice(html.indexOf("<tbody", start), html.indexOf("</tbody>", start));
  return body
    .split("<tr")
    .slice(1)
    .map((tr) => ({
      row: /^[^>]*data-row="([^"]*)"/.exec(tr)?.[1],
      complies: /^[^>]*data-complies="([^"]*)"/.exec(tr)?.[1],
      cells: [...tr.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => textOf(m[1] ?? "")),
      figures: Object.fromEntries(
        [...tr.matchAll(/data-value="(-?\d*)" data-figure="([^"]+)"/g)].map((m) => [
          m[2],
          Number(m[1]),
        ]),
      ),
    }));
}

const textOf = (html: string) =>
  html
    .replace(/<!--.*?-->/g, "")
    .replace(/<[^>]+>/g, "")
    .replaceAll("&amp;", "&")
    .replaceAll("&#x27;", "'")
    .replaceAll("&quot;", '"')
    .trim();

/** The export links of a page, as a browser follows them. */
function exportLinks(html: string) {
  return [...html.matchAll(/href="(\/department\/report\/export\?[^"]*)"/g)].map((m) =>
    (m[1] ?? "").replaceAll("&amp;", "&"),
  );
}

/** RFC 4180, as a spreadsheet program reads it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  return rows;
}

async function readXlsx(bytes: Uint8Array) {
  const workbook = new ExcelJS.Workbook();
  // ExcelJS's own Buffer type: Node's Buffer over the downloaded bytes.
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error("no worksheet");
  const rows: ExcelJS.CellValue[][] = [];
  sheet.eachRow((row) => {
    rows.push((row.values as ExcelJS.CellValue[]).slice(1));
  });
  return rows;
}

/**
 * A table downloaded through a page's own CSV and XLSX links: the CSV parsed, the XLSX read back
 * and found to hold the same cells (numbers as numbers), and the rows keyed by header.
 */
async function downloaded(client: Client, links: string[], table: string, headers = english) {
  const link = (format: string) => {
    const found = links.find(
      (l) => l.includes(`table=${table}&`) && l.endsWith(`format=${format}`),
    );
    expect(found, `${table} ${format}`).toBeDefined();
    return found as string;
  };
  const csv = await client.download(link("csv"), headers);
  expect(csv.status, table).toBe(200);
  expect(csv.text.startsWith("\uFEFF")).toBe(true);
  const cells = parseCsv(csv.text.slice(1));
  const [header = []] = cells;
  const xlsx = await client.download(link("xlsx"), headers);
  expect(xlsx.status, table).toBe(200);
  const sheet = await readXlsx(xlsx.bytes);
  expect(sheet.map((r) => header.map((_, i) => (r[i] == null ? "" : String(r[i]))))).toEqual(cells);
  for (const [i, r] of sheet.slice(1).entries()) {
    header.forEach((_, j) => {
      if (r[j] != null && /^-?\d+(\.\d+)?$/.test(cells[i + 1]?.[j] ?? "")) {
        expect(typeof r[j], `${table} ${header[j]}`).toBe("number");
      }
    });
  }
  return {
    fileName: /filename="([^"]+)"/.exec(csv.headers.get("content-disposition") ?? "")?.[1],
    header,
    rows: cells.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""]))),
  };
}

const kg = (tonnes: string | undefined) => Math.round(Number(tonnes) * 1000);

describe("the drill-down pages' tables, downloaded", () => {
  /** A month of their own, before the other tests' months, so the figures above stay as they are. */
  let early: string;
  let search: string;
  let projectId: number;
  let bigOrderId: number;
  let smallOrderId: number;
  const TRIPS = 105;

  beforeAll(() => {
    early = addMonths(previous, -1);
    search = `?from=${early}&to=${early}`;
    const at = (day: number, minute = 0) =>
      new Date(
        shanghaiDayStart(`${early}-${String(day).padStart(2, "0")}`).getTime() + minute * 60_000,
      );
    const project = insertProject(db, {
      orgId: world.orgs.contractorA.id,
      name: `Government site ${world.project.name}`,
      divisionCode: "510100",
      governmentInvested: true,
    });
    projectId = project.id;
    const listing = insertListing(db, {
      projectId,
      orgId: world.orgs.contractorA.id,
      divisionCode: "510100",
      createdAt: at(2),
      publishedAt: at(2),
    });
    const bigOrder = insertOrder(db, {
      listingId: listing.id,
      recyclerOrgId: world.orgs.recyclerR.id,
      facilityId: world.plant.id,
      quantityKg: 2_000_000,
      status: "in_progress",
    });
    const smallOrder = insertOrder(db, {
      listingId: listing.id,
      recyclerOrgId: world.orgs.recyclerR.id,
      facilityId: world.backfill.id,
      quantityKg: 20_000,
      status: "in_progress",
    });
    bigOrderId = bigOrder.id;
    smallOrderId = smallOrder.id;
    const trip = (
      order: { id: number },
      facility: { id: number; type: string },
      n: number,
      received: boolean,
    ) =>
      insertManifest(db, {
        manifestNo: `EXP-${order.id}-${String(n).padStart(3, "0")}`,
        orderId: order.id,
        listingId: listing.id,
        projectId,
        producerOrgId: world.orgs.contractorA.id,
        divisionCode: "510100",
        facilityId: facility.id,
        facilityType: facility.type,
        recyclerOrgId: world.orgs.recyclerR.id,
        wasteClass: "demolition_waste",
        vehiclePlate: "川A54321",
        driverName: "李师傅",
        hauler: "顺达运输",
        estimatedKg: 10_000,
        dispatchedAt: at(10, n),
        ...(received
          ? {
              status: "received" as const,
              weighbridgeTicket: `EXP-T-${order.id}-${n}`,
              grossKg: 25_000 + n,
              tareKg: 15_000,
              netKg: 10_000 + n,
              receivedAt: at(10, n + 30),
            }
          : { status: "dispatched" as const }),
      });
    for (let n = 1; n <= TRIPS; n++) trip(bigOrder, world.plant, n, true);
    // Still on the road: it counts in the closure, not in the tonnes.
    trip(bigOrder, world.plant, TRIPS + 1, false);
    trip(smallOrder, world.backfill, 1, true);
    trip(smallOrder, world.backfill, 2, true);
    // Closed with what went elsewhere declared; the destination holds a comma, as people write.
    insertListing(db, {
      projectId,
      orgId: world.orgs.contractorA.id,
      divisionCode: "510100",
      createdAt: at(3),
      publishedAt: at(3),
      status: "closed",
      disposedOffPlatformKg: 3_000,
      offPlatformDestination: "龙泉驿区消纳场, 二号坑",
      endedAt: at(20),
    });
    const product = db
      .select()
      .from(recycledProducts)
      .where(
        and(
          eq(recycledProducts.orgId, world.orgs.recyclerR.id),
          ne(recycledProducts.status, "archived"),
          eq(recycledProducts.unit, "t"),
        ),
      )
      .get();
    if (!product) throw new Error("no product");
    const bought = db
      .insert(productOrders)
      .values({
        productId: product.id,
        sellerOrgId: world.orgs.recyclerR.id,
        buyerOrgId: world.orgs.contractorA.id,
        projectId,
        quantityMilli: 5_000,
        deliveredMilli: 5_000,
        unitPriceFen: product.priceFenPerUnit,
        amountFen: product.priceFenPerUnit * 5,
        status: "delivered",
        createdAt: at(4),
        updatedAt: at(12),
      })
      .returning()
      .get();
    for (const [day, quantityMilli] of [
      [11, 2_500],
      [12, 2_500],
    ] as const) {
      db.insert(deliveries)
        .values({
          orderId: bought.id,
          quantityMilli,
          vehiclePlate: "川A11111",
          deliveredAt: at(day),
          confirmedAt: at(day, 60),
          createdAt: at(day),
        })
        .run();
    }
    for (const [materialClass, totalKg, offPlatformRecycledKg] of [
      ["aggregate", 10_000, 0],
      ["masonry", 4_000, 1_000],
    ] as const) {
      db.insert(materialUseReports)
        .values({
          projectId,
          materialClass,
          month: early,
          totalKg,
          offPlatformRecycledKg,
          createdAt: at(25),
          updatedAt: at(25),
        })
        .run();
    }
    writeTransaction((tx) => rebuildMonthly(tx));
  });

  it("are offered as CSV and XLSX links beside every table of every drill-down page", async () => {
    const province = await officer("provinceOfficer");
    const city = await officer("chengduOfficer");
    const expected: [Client, string, string[]][] = [
      [province, `/department/division/510000${search}`, ["divisions", "facilities", "classes"]],
      [city, `/department/division/510100${search}`, ["projects", "facilities", "classes"]],
      [
        city,
        `/department/project/${projectId}${search}`,
        ["project-orders", "project-close-outs", "project-deliveries", "project-usage"],
      ],
      [city, `/department/facility/${world.plant.id}${search}`, ["facility-orders"]],
      [city, `/department/order/${bigOrderId}${search}`, ["order-manifests"]],
      [city, `/department/compliance/510100${search}`, ["compliance"]],
    ];
    for (const [client, path, tables] of expected) {
      const page = await client.get(path, english);
      expect(page.status, path).toBe(200);
      const links = exportLinks(page.body);
      for (const table of tables) {
        for (const format of ["csv", "xlsx"]) {
          expect(
            links.some((l) => l.includes(`table=${table}&`) && l.endsWith(`format=${format}`)),
            `${path} ${table} ${format}`,
          ).toBe(true);
        }
      }
      // Every link carries the page's period.
      for (const link of links) expect(link).toContain(`from=${early}&to=${early}`);
    }
  });

  it("hold the same rows as a project's tables, for the same period", async () => {
    const city = await officer("chengduOfficer");
    const page = await city.get(`/department/project/${projectId}${search}`, english);
    const links = exportLinks(page.body);

    const orders = await downloaded(city, links, "project-orders");
    expect(orders.fileName).toBe(`drill-project-${projectId}-orders-${early}-${early}.csv`);
    const shownOrders = pageTable(page.body, "orders");
    expect(shownOrders.map((r) => Number(r.row))).toEqual([bigOrderId, smallOrderId]);
    expect(orders.rows.map((r) => [Number(r.Order), kg(r["Generated (t)"])])).toEqual(
      shownOrders.map((r) => [Number(r.row), r.figures.generated]),
    );
    expect(orders.rows.map((r) => Number(r["Trips dispatched"]))).toEqual(
      shownOrders.map((r) => r.figures.dispatched),
    );
    expect(orders.rows.map((r) => r.Facility)).toEqual([world.plant.name, world.backfill.name]);
    expect(orders.header).not.toContain("Disposed of off-platform (t)");

    const closeOuts = await downloaded(city, links, "project-close-outs");
    expect(closeOuts.fileName).toBe(`drill-project-${projectId}-close-outs-${early}-${early}.csv`);
    const shownCloseOuts = pageTable(page.body, "close-outs");
    expect(shownCloseOuts).toHaveLength(1);
    expect(
      closeOuts.rows.map((r) => [
        Number(r.Listing),
        r.Destination,
        r.Closed,
        kg(r["Disposed of off-platform (t)"]),
      ]),
    ).toEqual(
      shownCloseOuts.map((r) => [Number(r.row), r.cells[2], r.cells[3], r.figures["off-platform"]]),
    );

    const delivered = await downloaded(city, links, "project-deliveries");
    const shownDeliveries = pageTable(page.body, "deliveries");
    expect(shownDeliveries).toHaveLength(2);
    expect(
      delivered.rows.map((r) => [r.Confirmed, kg(r["Recycled products delivered (t)"])]),
    ).toEqual(
      shownDeliveries.map((r) => [r.cells[0], Math.round((r.figures.delivered ?? 0) / 1000)]),
    );
    expect(delivered.rows.map((r) => Number(r.Quantity))).toEqual([2.5, 2.5]);

    const usage = await downloaded(city, links, "project-usage");
    const shownUsage = pageTable(page.body, "usage");
    expect(shownUsage.map((r) => r.row)).toEqual(["aggregate", "masonry"]);
    expect(usage.rows.map((r) => [r["Material class"], r["Usage rule"]])).toEqual(
      shownUsage.map((r) => [r.cells[0], r.cells[4]]),
    );
    expect(usage.rows.map((r) => Number(r["Recycled share (%)"]))).toEqual([50, 25]);
  });

  it("hold the same rows as a facility's orders and the compliance list", async () => {
    const city = await officer("chengduOfficer");
    const facilityPage = await city.get(`/department/facility/${world.plant.id}${search}`, english);
    const orders = await downloaded(city, exportLinks(facilityPage.body), "facility-orders");
    expect(orders.fileName).toBe(
      `drill-facility-${world.plant.id}-orders-510100-${early}-${early}.csv`,
    );
    const shown = pageTable(facilityPage.body, "orders");
    expect(shown.map((r) => Number(r.row))).toEqual([bigOrderId]);
    expect(orders.rows.map((r) => [Number(r.Order), kg(r["Generated (t)"]), r.Project])).toEqual(
      shown.map((r) => [Number(r.row), r.figures.generated, r.cells[1]]),
    );

    const compliancePage = await city.get(`/department/compliance/510100${search}`, english);
    const list = await downloaded(city, exportLinks(compliancePage.body), "compliance");
    expect(list.fileName).toBe(`drill-compliance-510100-${early}-${early}.csv`);
    let rule = "";
    const shownClasses = pageTable(compliancePage.body, "compliance").map((r) => {
      if (r.row !== undefined) rule = r.cells[1] ?? "";
      return [r.cells.at(-4), rule];
    });
    expect(shownClasses).toHaveLength(2);
    expect(list.rows.map((r) => [r["Material class"], r["Usage rule"]])).toEqual(shownClasses);
    expect(list.rows.every((r) => r.Project === `Government site ${world.project.name}`)).toBe(
      true,
    );

    // The division page's own tables: its projects, and the area's, not the jurisdiction's, classes.
    const divisionPage = await city.get(`/department/division/510100${search}`, english);
    const projects = await downloaded(city, exportLinks(divisionPage.body), "projects");
    expect(projects.rows.map((r) => [r.Project, kg(r["Generated (t)"])])).toEqual(
      pageTable(divisionPage.body, "projects").map((r) => [
        `Government site ${world.project.name}`,
        r.figures.generated,
      ]),
    );

    const province = await officer("provinceOfficer");
    const mianyang = await province.get(
      `/department/division/510700?from=${month}&to=${month}`,
      english,
    );
    const classes = await downloaded(province, exportLinks(mianyang.body), "classes");
    expect(classes.fileName).toBe(`dashboard-classes-510700-${month}-${month}.csv`);
    expect(classes.rows.map((r) => r["Waste class"])).toEqual(
      pageTable(mianyang.body, "classes").map((r) => r.cells[0]),
    );
    expect(
      kg(classes.rows.find((r) => r["Waste class"] === "Demolition waste")?.["Generated (t)"]),
    ).toBe(7_000);
  });

  it("hold every manifest of an order in the period, beyond the page's first hundred", async () => {
    const city = await officer("chengduOfficer");
    const first = await city.get(`/department/order/${bigOrderId}${search}`, english);
    const shown = pageTable(first.body, "manifests");
    expect(shown).toHaveLength(100);
    expect(first.body).toContain("page=2");
    const second = await city.get(`/department/order/${bigOrderId}${search}&page=2`, english);
    shown.push(...pageTable(second.body, "manifests"));
    expect(shown).toHaveLength(TRIPS + 1);
    const numbers = (html: string) =>
      [...html.matchAll(/href="\/manifests\/\d+"[^>]*>([^<]+)</g)].map((m) => m[1]);

    const all = await downloaded(city, exportLinks(first.body), "order-manifests");
    expect(all.fileName).toBe(`drill-order-${bigOrderId}-manifests-${early}-${early}.csv`);
    expect(all.rows).toHaveLength(TRIPS + 1);
    expect(all.rows.map((r) => r["Manifest no."])).toEqual([
      ...numbers(first.body),
      ...numbers(second.body),
    ]);
    expect(all.rows.map((r) => (r["Net (t)"] === "" ? null : kg(r["Net (t)"])))).toEqual(
      shown.map((r) => r.figures.net ?? null),
    );
    const last = all.rows.at(-1);
    expect([last?.Status, last?.Received, last?.["Counts in the period's tonnes"]]).toEqual([
      "In transit",
      "",
      "No",
    ]);
    expect(last?.["Counts in the period's closure rate"]).toBe("Yes");

    // In Chinese, the same rows under Chinese headers.
    const zh = await downloaded(city, exportLinks(first.body), "order-manifests", chinese);
    expect(zh.header.slice(0, 3)).toEqual(["联单编号", "状态", "车牌号"]);
    expect(zh.header).toContain("计入本期吨数");
    expect(zh.rows.map((r) => r.联单编号)).toEqual(all.rows.map((r) => r["Manifest no."]));
  });

  it("never give a city officer another division's project, facility, order or area", async () => {
    const city = await officer("chengduOfficer");
    const mianyangOrder = db
      .select()
      .from(manifests)
      .where(eq(manifests.divisionCode, "510700"))
      .get();
    if (!mianyangOrder) throw new Error("no Mianyang trip");
    const period = `from=${month}&to=${month}`;
    const refused = [
      ...["project-orders", "project-close-outs", "project-deliveries", "project-usage"].map(
        (table) => `table=${table}&project=${world.otherProject.id}`,
      ),
      `table=facility-orders&facility=${world.otherPlant.id}`,
      `table=facility-orders&facility=${world.plant.id}&area=510700`,
      `table=order-manifests&order=${mianyangOrder.orderId}`,
      "table=compliance&area=510700",
      "table=classes&area=510700",
      "table=order-manifests&order=abc",
      "table=project-orders",
    ];
    for (const query of refused) {
      for (const format of ["csv", "xlsx"]) {
        const response = await city.download(
          `/department/report/export?${query}&${period}&format=${format}`,
        );
        expect(response.status, query).toBe(404);
        expect(response.text).not.toContain(world.otherProject.name);
      }
    }
    // The same records are the province's to download, and Chengdu's own order is Chengdu's.
    const province = await officer("provinceOfficer");
    const theirs = await province.download(
      `/department/report/export?table=order-manifests&order=${mianyangOrder.orderId}&${period}&format=csv`,
    );
    expect(theirs.status).toBe(200);
    const mine = await city.download(
      `/department/report/export?table=order-manifests&order=${bigOrderId}&${search.slice(1)}&format=csv`,
    );
    expect(mine.status).toBe(200);
  });
});
