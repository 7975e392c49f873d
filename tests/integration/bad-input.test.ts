/**
 * Bad input over HTTP: every refusal is a 4xx (never a 500) that says what is wrong in the user's
 * language, puts the submitted values back into the form (never the password), and changes
 * nothing in the database.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client";
import {
  auditEvents,
  facilities,
  manifests,
  organisations,
  projects,
  users,
  wasteListings,
  wasteOrders,
} from "#db/schema";
import {
  insertFacility,
  insertListing,
  insertManifest,
  insertOrder,
  insertUser,
  makeCreditCode,
} from "#seed/factories";
import { hashPassword } from "~/domain/accounts/password.server";
import { en, type MessageKey, zh } from "~/i18n/messages";
import { Client, type HttpResult } from "../support/http";
import { type RunningServer, startServer } from "../support/server";
import { makeWorld, TEST_PASSWORD, type World } from "../support/world";

let server: RunningServer;
let world: World;
let contractor: Client;
let recycler: Client;
let clerk: Client;

beforeAll(async () => {
  world = await makeWorld();
  server = await startServer();
  // Logging in writes audit events, so every client logs in before any snapshot is taken.
  contractor = await new Client(server.baseUrl).logIn(world.people.contractorManager.email);
  recycler = await new Client(server.baseUrl).logIn(world.people.recyclerManager.email);
  clerk = await new Client(server.baseUrl).logIn(world.people.clerk.email);
});
afterAll(() => server?.stop());

// ── Languages ────────────────────────────────────────────────────────────────────────────────

type Dictionary = Record<MessageKey, string>;
type Language = { lang: string; headers: Record<string, string>; dict: Dictionary };

/** English when the browser asks for it; Chinese when it asks for Chinese or says nothing. */
const languages: Language[] = [
  { lang: "en", headers: { "Accept-Language": "en-GB,en;q=0.9" }, dict: en },
  { lang: "zh", headers: { "Accept-Language": "zh-CN,zh;q=0.9" }, dict: zh },
  { lang: "none", headers: {}, dict: zh },
];
const english = languages[0] as Language;
const chinese = languages[2] as Language;

type Expected = MessageKey | [MessageKey, Record<string, string | number>];

function say(dict: Dictionary, expected: Expected): string {
  const [key, params]: [MessageKey, Record<string, string | number>] =
    typeof expected === "string" ? [expected, {}] : expected;
  return dict[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** Text as React writes it into HTML. */
function html(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#x27;");
}

// ── Reading the page ─────────────────────────────────────────────────────────────────────────

const formAlert = (body: string) =>
  /<div class="alert alert--error" role="alert">([^<]*)<\/div>/.exec(body)?.[1];
const fieldError = (body: string, field: string) =>
  new RegExp(`id="f-${field}-error" role="alert">([^<]*)</p>`).exec(body)?.[1];
/** The value an <input> or the selected <option> of a <select> is rendered with. */
function shownValue(body: string, field: string): string | undefined {
  const input = new RegExp(`<input[^>]*\\bname="${field}"[^>]*>`).exec(body)?.[0];
  if (input) return /\bvalue="([^"]*)"/.exec(input)?.[1];
  const select = new RegExp(`<select[^>]*\\bname="${field}"[^>]*>([\\s\\S]*?)</select>`).exec(
    body,
  )?.[1];
  return select && /<option value="([^"]*)" selected="">/.exec(select)?.[1];
}

type Refusal = {
  status: number;
  /** The message above the form (form.fixErrors for field errors). */
  alert?: Expected;
  fields?: Record<string, Expected>;
  /** Submitted values that must be back in the form. */
  kept?: Record<string, string>;
};

function expectRefusal(result: HttpResult, language: Language, refusal: Refusal) {
  expect(result.status, result.body.slice(0, 300)).toBe(refusal.status);
  expect(result.status).toBeGreaterThanOrEqual(400);
  expect(result.status).toBeLessThan(500);
  const alert =
    refusal.alert ??
    (refusal.fields && Object.keys(refusal.fields).length > 0 ? "form.fixErrors" : undefined);
  if (alert) expect(formAlert(result.body)).toBe(html(say(language.dict, alert)));
  for (const [field, expected] of Object.entries(refusal.fields ?? {})) {
    expect(fieldError(result.body, field), field).toBe(html(say(language.dict, expected)));
  }
  for (const [field, value] of Object.entries(refusal.kept ?? {})) {
    expect(shownValue(result.body, field), field).toBe(html(value));
  }
}

// ── Nothing changed ──────────────────────────────────────────────────────────────────────────

function snapshot() {
  return {
    organisations: db.select().from(organisations).all(),
    users: db.select().from(users).all(),
    projects: db.select().from(projects).all(),
    facilities: db.select().from(facilities).all(),
    listings: db.select().from(wasteListings).all(),
    orders: db.select().from(wasteOrders).all(),
    manifests: db.select().from(manifests).all(),
    audit: db.select().from(auditEvents).all(),
  };
}

/** Posts and checks the refusal, and that the database is exactly as it was before. */
async function refused(
  client: Client,
  path: string,
  form: Record<string, string | string[]>,
  language: Language,
  refusal: Refusal,
) {
  const before = snapshot();
  const result = await client.post(path, form, language.headers);
  expectRefusal(result, language, refusal);
  expect(snapshot()).toEqual(before);
  return result;
}

// ── Fixtures ─────────────────────────────────────────────────────────────────────────────────

let serial = 0;
const next = () => ++serial;

function openListing(quantityKg = 100_000, allocatedKg = 0) {
  return insertListing(db, {
    projectId: world.project.id,
    orgId: world.orgs.contractorA.id,
    divisionCode: "510100",
    quantityKg,
    allocatedKg,
  });
}

function acceptedOrder() {
  const listing = openListing(100_000, 40_000);
  return insertOrder(db, {
    listingId: listing.id,
    recyclerOrgId: world.orgs.recyclerR.id,
    facilityId: world.plant.id,
    quantityKg: 40_000,
    status: "accepted",
  });
}

function dispatchedManifest() {
  const listing = openListing(100_000, 40_000);
  const order = insertOrder(db, {
    listingId: listing.id,
    recyclerOrgId: world.orgs.recyclerR.id,
    facilityId: world.plant.id,
    quantityKg: 40_000,
    status: "in_progress",
  });
  const manifest = insertManifest(db, {
    manifestNo: `SCBAD${String(next()).padStart(8, "0")}`,
    orderId: order.id,
    listingId: listing.id,
    projectId: world.project.id,
    producerOrgId: world.orgs.contractorA.id,
    divisionCode: "510100",
    facilityId: world.plant.id,
    facilityType: "recycling_plant",
    recyclerOrgId: world.orgs.recyclerR.id,
    wasteClass: listing.wasteClass,
    vehiclePlate: "川A12345",
    driverName: "张伟",
    hauler: "成都渣土运输有限公司",
    estimatedKg: 30_000,
    dispatchedAt: new Date(),
    status: "dispatched",
  });
  return { order, manifest };
}

const orderRow = (id: number) => db.select().from(wasteOrders).where(eq(wasteOrders.id, id)).get();
const manifestRow = (id: number) => db.select().from(manifests).where(eq(manifests.id, id)).get();

// ── Listing form ─────────────────────────────────────────────────────────────────────────────

const validListing = {
  wasteClass: "demolition_waste",
  material: "concrete",
  quantityKg: "120.5",
  availableFrom: "2026-01-01",
  availableUntil: "2099-01-01",
  payer: "recycler",
  priceFenPerTonne: "12.50",
  description: "C30 混凝土破碎料，已分拣",
  publish: "open",
};

const listingCases: {
  name: string;
  form: Record<string, string>;
  refusal: Refusal;
}[] = [
  {
    name: "missing fields",
    form: { publish: "open" },
    refusal: {
      status: 400,
      fields: {
        wasteClass: "form.chooseOne",
        quantityKg: "form.required",
        availableFrom: "form.required",
        availableUntil: "form.required",
        priceFenPerTonne: "form.required",
      },
    },
  },
  {
    name: "letters in the quantity",
    form: { ...validListing, quantityKg: "twelve" },
    refusal: {
      status: 400,
      fields: { quantityKg: "form.tonnes" },
      kept: { quantityKg: "twelve" },
    },
  },
  {
    name: "a negative quantity",
    form: { ...validListing, quantityKg: "-5" },
    refusal: {
      status: 400,
      fields: { quantityKg: "form.quantityTooSmall" },
      kept: { quantityKg: "-5" },
    },
  },
  {
    name: "a zero quantity",
    form: { ...validListing, quantityKg: "0" },
    refusal: {
      status: 400,
      fields: { quantityKg: "form.quantityTooSmall" },
      kept: { quantityKg: "0" },
    },
  },
  {
    name: "1e12 tonnes written in exponent form",
    form: { ...validListing, quantityKg: "1e12" },
    refusal: { status: 400, fields: { quantityKg: "form.tonnes" }, kept: { quantityKg: "1e12" } },
  },
  {
    name: "1e12 tonnes written out",
    form: { ...validListing, quantityKg: "1000000000000" },
    refusal: {
      status: 400,
      fields: { quantityKg: "form.quantityTooLarge" },
      kept: { quantityKg: "1000000000000" },
    },
  },
  {
    name: "a billion tonnes",
    form: { ...validListing, quantityKg: "1000000000" },
    refusal: {
      status: 400,
      fields: { quantityKg: "form.quantityTooLarge" },
      kept: { quantityKg: "1000000000" },
    },
  },
  {
    name: "more than one listing may hold",
    form: { ...validListing, quantityKg: "1000000.001" },
    refusal: { status: 400, fields: { quantityKg: "form.quantityTooLarge" } },
  },
  {
    name: "too many decimals",
    form: { ...validListing, quantityKg: "12.3456" },
    refusal: {
      status: 400,
      fields: { quantityKg: "form.tonnes" },
      kept: { quantityKg: "12.3456" },
    },
  },
  {
    name: "a price with too many decimals",
    form: { ...validListing, priceFenPerTonne: "12.505" },
    refusal: {
      status: 400,
      fields: { priceFenPerTonne: "form.money" },
      kept: { priceFenPerTonne: "12.505" },
    },
  },
  {
    name: "an availability window that ends before it starts",
    form: { ...validListing, availableFrom: "2099-06-01", availableUntil: "2099-05-01" },
    refusal: {
      status: 400,
      fields: { availableUntil: "form.endBeforeStart" },
      kept: { availableFrom: "2099-06-01", availableUntil: "2099-05-01", quantityKg: "120.5" },
    },
  },
  {
    name: "an impossible date",
    form: { ...validListing, availableUntil: "2099-02-30x" },
    refusal: { status: 400, fields: { availableUntil: "form.date" } },
  },
  {
    name: "an availability window already over",
    form: { ...validListing, availableFrom: "2020-01-01", availableUntil: "2020-02-01" },
    refusal: {
      status: 422,
      fields: { availableUntil: "listing.windowInPast" },
      kept: { availableUntil: "2020-02-01" },
    },
  },
  {
    name: "a material outside the waste class",
    form: { ...validListing, wasteClass: "engineering_muck", material: "concrete" },
    refusal: {
      status: 400,
      fields: { material: "listing.materialNotInClass" },
      kept: { wasteClass: "engineering_muck", material: "concrete" },
    },
  },
  {
    name: "an unknown waste class",
    form: { ...validListing, wasteClass: "gold" },
    refusal: { status: 400, fields: { wasteClass: "form.chooseOne" } },
  },
];

describe("the listing form", () => {
  const cases = listingCases.flatMap((c) => languages.map((language) => ({ ...c, language })));
  it.each(cases)("refuses $name ($language.lang)", async ({ form, refusal, language }) => {
    const result = await refused(
      contractor,
      `/projects/${world.project.id}/listings/new`,
      form,
      language,
      refusal,
    );
    // The description travels back too, whichever field was wrong.
    if (form.description) expect(result.body).toContain(html(form.description));
  });
});

// ── Claims ───────────────────────────────────────────────────────────────────────────────────

describe("claiming", () => {
  it.each(languages)("refuses more than is left, naming what is left ($lang)", async (language) => {
    const listing = openListing(100_000, 60_000);
    await refused(
      recycler,
      `/listings/${listing.id}`,
      { facilityId: String(world.plant.id), quantityKg: "50" },
      language,
      { status: 409, alert: ["order.overClaim", { available: "40" }], kept: { quantityKg: "50" } },
    );
    expect(formAlert((await recycler.get(`/listings/${listing.id}`)).body)).toBeUndefined();
  });

  it("names a fractional remainder exactly", async () => {
    const listing = openListing(100_000, 87_655);
    await refused(
      recycler,
      `/listings/${listing.id}`,
      { facilityId: String(world.plant.id), quantityKg: "12.346" },
      english,
      { status: 409, alert: ["order.overClaim", { available: "12.345" }] },
    );
  });

  const facilityCases = [
    {
      name: "a facility that does not take the waste class",
      facility: () => world.backfill.id,
      message: "order.facilityDoesNotAccept",
    },
    {
      name: "another recycler's facility",
      facility: () => world.otherPlant.id,
      message: "facility.notFound",
    },
    {
      name: "a facility whose disposal approval has expired",
      facility: () =>
        insertFacility(db, {
          orgId: world.orgs.recyclerR.id,
          name: `Lapsed plant ${next()}`,
          approvalExpiresOn: "2024-12-31",
        }).id,
      message: "facility.approvalExpired",
    },
    {
      name: "a facility that does not exist",
      facility: () => 987_654_321,
      message: "facility.notFound",
    },
  ] as const;
  const cases = facilityCases.flatMap((c) =>
    [english, chinese].map((language) => ({ ...c, language })),
  );

  it.each(cases)("refuses $name ($language.lang)", async ({ facility, message, language }) => {
    const listing = openListing();
    await refused(
      recycler,
      `/listings/${listing.id}`,
      { facilityId: String(facility()), quantityKg: "10", note: "夜间进场" },
      language,
      {
        status: 422,
        fields: { facilityId: message },
        kept: { quantityKg: "10", note: "夜间进场" },
      },
    );
  });

  const quantityCases = [
    ["letters", "ten", "form.tonnes"],
    ["a negative quantity", "-10", "form.quantityTooSmall"],
    ["a billion tonnes", "1000000000", "form.quantityTooLarge"],
    ["1e12", "1e12", "form.tonnes"],
    ["too many decimals", "1.0001", "form.tonnes"],
    ["nothing", "", "form.required"],
  ] as const;
  it.each(quantityCases)("refuses %s as the quantity", async (_name, quantity, message) => {
    const listing = openListing();
    for (const language of [english, chinese]) {
      await refused(
        recycler,
        `/listings/${listing.id}`,
        { facilityId: String(world.plant.id), quantityKg: quantity },
        language,
        { status: 400, fields: { quantityKg: message }, kept: { quantityKg: quantity } },
      );
    }
  });

  it("refuses a facility id that is not a positive whole number", async () => {
    const listing = openListing();
    for (const facilityId of ["99999999999999999999", "abc", "-1", "1.5"]) {
      await refused(
        recycler,
        `/listings/${listing.id}`,
        { facilityId, quantityKg: "10" },
        english,
        { status: 400, fields: { facilityId: "form.invalid" }, kept: { quantityKg: "10" } },
      );
    }
  });
});

// ── Dispatch ─────────────────────────────────────────────────────────────────────────────────

const validTrip = {
  intent: "dispatch",
  vehiclePlate: "川A12345",
  driverName: "张伟",
  hauler: "成都渣土运输有限公司",
  estimatedKg: "30",
};

describe("dispatching a truck", () => {
  const plates = ["ABC123", "川I12345", "京A1234", "川O12345", "川A123456"];
  const cases = plates.flatMap((plate) => languages.map((language) => ({ plate, language })));
  it.each(cases)("refuses the plate $plate ($language.lang)", async ({ plate, language }) => {
    const order = acceptedOrder();
    await refused(
      contractor,
      `/orders/${order.id}`,
      { ...validTrip, vehiclePlate: plate },
      language,
      {
        status: 400,
        fields: { vehiclePlate: "form.plate" },
        kept: { vehiclePlate: plate, driverName: "张伟", estimatedKg: "30" },
      },
    );
    expect(orderRow(order.id)?.status).toBe("accepted");
  });

  it.each([
    ["a missing driver", { driverName: "" }, { driverName: "form.required" }],
    ["a missing plate", { vehiclePlate: "" }, { vehiclePlate: "form.required" }],
    ["letters in the estimate", { estimatedKg: "thirty" }, { estimatedKg: "form.tonnes" }],
    ["a negative estimate", { estimatedKg: "-30" }, { estimatedKg: "form.quantityTooSmall" }],
    ["500 t on one truck", { estimatedKg: "500" }, { estimatedKg: "form.quantityTooLarge" }],
    ["a billion tonnes", { estimatedKg: "1000000000" }, { estimatedKg: "form.quantityTooLarge" }],
  ] as const)("refuses %s", async (_name, change, fields) => {
    const order = acceptedOrder();
    const form = { ...validTrip, ...change };
    for (const language of [english, chinese]) {
      await refused(contractor, `/orders/${order.id}`, form, language, {
        status: 400,
        fields,
        kept: { hauler: validTrip.hauler, ...change },
      });
    }
  });
});

// ── Weighbridge receipt ──────────────────────────────────────────────────────────────────────

const validReceipt = {
  weighbridgeTicket: "WB-BAD-0",
  grossKg: "45000",
  tareKg: "15000",
  decision: "accept",
};

describe("recording a weighbridge receipt", () => {
  const cases: [string, Record<string, string>, Record<string, Expected>][] = [
    [
      "tare equal to gross",
      { grossKg: "15000", tareKg: "15000" },
      { tareKg: "manifest.tareNotBelowGross" },
    ],
    [
      "tare above gross",
      { grossKg: "15000", tareKg: "45000" },
      { tareKg: "manifest.tareNotBelowGross" },
    ],
    [
      "a rejection without a reason",
      { decision: "reject", rejectReason: "  " },
      { rejectReason: "manifest.rejectReasonRequired" },
    ],
    ["letters in the gross weight", { grossKg: "45t" }, { grossKg: "form.wholeKg" }],
    ["decimals in the gross weight", { grossKg: "45000.5" }, { grossKg: "form.wholeKg" }],
    ["a negative tare", { tareKg: "-15000" }, { tareKg: "form.quantityTooSmall" }],
    ["a billion kilograms", { grossKg: "1000000000" }, { grossKg: "form.quantityTooLarge" }],
    ["a missing ticket", { weighbridgeTicket: "" }, { weighbridgeTicket: "form.required" }],
    ["an unknown decision", { decision: "maybe" }, { decision: "form.chooseOne" }],
  ];
  const rows = cases.flatMap(([name, change, fields]) =>
    [english, chinese].map((language) => ({ name, change, fields, language })),
  );
  it.each(rows)("refuses $name ($language.lang)", async ({ change, fields, language }) => {
    const { manifest, order } = dispatchedManifest();
    const form = { ...validReceipt, weighbridgeTicket: `WB-BAD-${next()}`, ...change };
    const kept = Object.fromEntries(
      Object.entries(change).filter(([field]) => field !== "decision" && field !== "rejectReason"),
    );
    await refused(clerk, `/manifests/${manifest.id}`, form, language, {
      status: 400,
      fields,
      kept,
    });
    expect(manifestRow(manifest.id)?.status).toBe("dispatched");
    expect(orderRow(order.id)?.receivedKg).toBe(0);
  });

  it.each([english, chinese])(
    "refuses a ticket already recorded on another manifest ($lang)",
    async (language) => {
      const first = dispatchedManifest();
      const second = dispatchedManifest();
      const ticket = `WB-REUSED-${next()}`;
      const ok = await clerk.post(`/manifests/${first.manifest.id}`, {
        ...validReceipt,
        weighbridgeTicket: ticket,
      });
      expect(ok.status).toBe(302);
      await refused(
        clerk,
        `/manifests/${second.manifest.id}`,
        { ...validReceipt, weighbridgeTicket: ticket, grossKg: "41000" },
        language,
        {
          status: 422,
          fields: { weighbridgeTicket: "manifest.ticketUsed" },
          kept: { weighbridgeTicket: ticket, grossKg: "41000" },
        },
      );
      expect(manifestRow(second.manifest.id)?.status).toBe("dispatched");
    },
  );

  it("records one receipt when the same ticket is posted twice for the same manifest", async () => {
    const { manifest, order } = dispatchedManifest();
    const form = { ...validReceipt, weighbridgeTicket: `WB-TWICE-${next()}` };
    const first = await clerk.post(`/manifests/${manifest.id}`, form);
    expect(first.status).toBe(302);
    const afterFirst = snapshot();
    expect(orderRow(order.id)?.receivedKg).toBe(30_000);

    const again = await clerk.post(`/manifests/${manifest.id}`, form);
    expect(again.status).toBe(302);
    expect(again.location).toBe(`/manifests/${manifest.id}`);
    expect(snapshot()).toEqual(afterFirst);
    expect(orderRow(order.id)?.receivedKg).toBe(30_000);
    const receipts = db
      .select()
      .from(auditEvents)
      .all()
      .filter((e) => e.action === "manifest.received" && e.entityId === String(manifest.id));
    expect(receipts).toHaveLength(1);
  });
});

// ── Signup ───────────────────────────────────────────────────────────────────────────────────

describe("signing up", () => {
  const password = "Very-Secret-Passw0rd";
  const validCode = makeCreditCode("510100", 424_242);
  const signup = (change: Record<string, string>) => ({
    orgKind: "recycler",
    orgName: "绵阳再生资源有限公司",
    creditCode: validCode,
    divisionCode: "510700",
    userName: "王芳",
    email: `new-${next()}@example.test`,
    password,
    ...change,
  });
  const wrongCheck = `${validCode.slice(0, 17)}${validCode.endsWith("0") ? "1" : "0"}`;

  const codes = [
    ["a wrong check character", wrongCheck],
    ["17 characters", validCode.slice(0, 17)],
    ["19 characters", `${validCode}1`],
    ["the letter I", `${validCode.slice(0, 10)}I${validCode.slice(11)}`],
    ["the letter O", `${validCode.slice(0, 10)}O${validCode.slice(11)}`],
  ] as const;
  const rows = codes.flatMap(([name, code]) =>
    languages.map((language) => ({ name, code, language })),
  );

  it.each(rows)("refuses a credit code with $name ($language.lang)", async ({ code, language }) => {
    const form = signup({ creditCode: code });
    const result = await refused(new Client(server.baseUrl), "/signup", form, language, {
      status: 400,
      fields: { creditCode: "form.creditCode" },
      kept: { creditCode: code, orgName: form.orgName, email: form.email, divisionCode: "510700" },
    });
    expect(result.body).not.toContain(password);
    expect(shownValue(result.body, "password")).toBeUndefined();
  });

  it.each(languages)("refuses missing fields ($lang)", async (language) => {
    await refused(new Client(server.baseUrl), "/signup", { orgName: "半个表单" }, language, {
      status: 400,
      fields: {
        orgKind: "form.chooseOrgKind",
        creditCode: "form.required",
        divisionCode: "form.chooseDivision",
        userName: "form.required",
        email: "form.required",
        password: "form.required",
      },
      kept: { orgName: "半个表单" },
    });
  });

  it.each(languages)("refuses an email that already has an account ($lang)", async (language) => {
    const taken = world.people.siteAgent.email.toUpperCase();
    const result = await refused(
      new Client(server.baseUrl),
      "/signup",
      signup({ email: taken, creditCode: makeCreditCode("510700", 500_000 + next()) }),
      language,
      {
        status: 409,
        alert: "auth.emailTaken",
        fields: { email: "auth.emailTaken" },
        kept: { email: taken },
      },
    );
    expect(result.body).not.toContain(password);
    expect(result.headers.getSetCookie().some((c) => c.startsWith("rx_session="))).toBe(false);
  });

  it.each([english, chinese])(
    "refuses a credit code that is already registered ($lang)",
    async (language) => {
      const code = world.orgs.recyclerS.creditCode;
      await refused(new Client(server.baseUrl), "/signup", signup({ creditCode: code }), language, {
        status: 409,
        alert: "auth.creditCodeTaken",
        fields: { creditCode: "auth.creditCodeTaken" },
        kept: { creditCode: code },
      });
    },
  );

  it("refuses a short password without echoing it", async () => {
    const result = await refused(
      new Client(server.baseUrl),
      "/signup",
      signup({ password: "Short-1x" }),
      english,
      { status: 400, fields: { password: "form.passwordLength" } },
    );
    expect(result.body).not.toContain("Short-1x");
  });
});

// ── Login throttling ─────────────────────────────────────────────────────────────────────────

describe("logging in", () => {
  async function person(name: string) {
    return insertUser(db, {
      orgId: world.orgs.contractorA.id,
      role: "site_agent",
      passwordHash: await hashPassword(TEST_PASSWORD),
      email: `${name}-${next()}@example.test`,
      name,
    });
  }

  it("refuses a wrong password without echoing it, keeping the email", async () => {
    const user = await person("forgetful");
    for (const language of [english, chinese]) {
      const result = await new Client(server.baseUrl).post(
        "/login",
        { email: user.email, password: "not-the-password-42" },
        language.headers,
      );
      expectRefusal(result, language, {
        status: 400,
        alert: "auth.invalidCredentials",
        kept: { email: user.email },
      });
      expect(result.body).not.toContain("not-the-password-42");
    }
  });

  it.each([english, chinese])(
    "makes one email wait after three wrong passwords from one address, and only that email ($lang)",
    async (language) => {
      const target = await person("target");
      const bystander = await person("bystander");
      for (let attempt = 1; attempt <= 3; attempt++) {
        const wrong = await new Client(server.baseUrl).post(
          "/login",
          { email: target.email, password: `wrong-password-${attempt}` },
          language.headers,
        );
        expectRefusal(wrong, language, { status: 400, alert: "auth.invalidCredentials" });
      }

      // The right password is not even checked while the wait lasts (ADR 011).
      const waiting = await new Client(server.baseUrl).post(
        "/login",
        { email: target.email, password: TEST_PASSWORD },
        language.headers,
      );
      expectRefusal(waiting, language, {
        status: 429,
        alert: ["auth.throttledSeconds", { seconds: 1 }],
        kept: { email: target.email },
      });
      expect(waiting.headers.get("retry-after")).toBe("1");
      expect(waiting.headers.getSetCookie().some((c) => c.startsWith("rx_session="))).toBe(false);

      const other = await new Client(server.baseUrl).post("/login", {
        email: bystander.email,
        password: TEST_PASSWORD,
      });
      expect(other.status).toBe(302);
      expect(other.headers.getSetCookie().some((c) => c.startsWith("rx_session="))).toBe(true);
    },
  );
});

// ── URLs, cookies and intents ────────────────────────────────────────────────────────────────

describe("ids in URLs", () => {
  const paths = [
    "/listings/abc",
    "/listings/0",
    "/listings/-3",
    "/listings/1.5",
    "/listings/99999999999999999999",
    "/orders/abc",
    "/orders/99999999999999999999",
    "/orders/987654321",
    "/manifests/x1",
    "/manifests/99999999999999999999",
    "/projects/abc",
    "/projects/99999999999999999999",
    "/projects/abc/listings/new",
  ];
  it.each(paths)("GET %s is a 404", async (path) => {
    const result = await contractor.get(path, english.headers);
    expect(result.status).toBe(404);
    expect(result.body).toContain(html(en["error.notFound"]));
  });

  it.each([
    ["/listings/abc", { intent: "publish" }],
    ["/listings/99999999999999999999", { facilityId: "1", quantityKg: "1" }],
    ["/orders/abc", { intent: "accept" }],
    ["/orders/99999999999999999999", { ...validTrip }],
    ["/manifests/abc", { ...validReceipt }],
    ["/projects/99999999999999999999/listings/new", { ...validListing }],
  ] as const)("POST %s is a 404 and changes nothing", async (path, form) => {
    const before = snapshot();
    const who = path.startsWith("/manifests") ? clerk : contractor;
    const result = await who.post(path, form);
    expect(result.status).toBe(404);
    expect(snapshot()).toEqual(before);
  });

  it("refuses an organisation id that is not a number at /admin", async () => {
    const admin = await new Client(server.baseUrl).logIn(world.people.admin.email);
    for (const orgId of ["abc", "99999999999999999999", "-1"]) {
      const before = snapshot();
      const result = await admin.post("/admin", { orgId, verified: "true" });
      expect(result.status).toBe(400);
      expect(formAlert(result.body)).toBe(html(zh["form.fixErrors"]));
      expect(snapshot()).toEqual(before);
    }
    const before = snapshot();
    expect((await admin.post("/admin", { orgId: "987654321", verified: "true" })).status).toBe(404);
    expect(
      (await admin.post("/admin", { orgId: String(world.orgs.contractorB.id), verified: "maybe" }))
        .status,
    ).toBe(400);
    expect(snapshot()).toEqual(before);
  });
});

describe("a malformed Cookie header", () => {
  const headers = [
    "rx_session=%E0%A4%A; rx_lang=%%%",
    "rx_session=!!!not-base64!!!",
    `rx_session=${btoa(JSON.stringify({ userId: 1 }))}`,
    `rx_session=${btoa(JSON.stringify("a-token-that-was-never-issued"))}; rx_lang=${btoa(JSON.stringify("fr"))}`,
    'rx_session="unterminated; =; ;;; rx_lang',
    `rx_session=${"A".repeat(3000)}`,
  ];

  it.each(headers)("is treated as no session: %s", async (cookie) => {
    const home = await new Client(server.baseUrl).get("/", { Cookie: cookie });
    expect(home.status).toBe(200);

    const page = await new Client(server.baseUrl).get("/projects", { Cookie: cookie });
    expect(page.status).toBe(302);
    expect(page.location).toBe("/login?redirectTo=%2Fprojects");

    const before = snapshot();
    const post = await new Client(server.baseUrl).post(
      "/projects/new",
      { name: "Cookie site" },
      { Cookie: cookie },
    );
    expect(post.status).toBe(302);
    expect(post.location).toBe("/login?redirectTo=%2Fprojects%2Fnew");
    expect(snapshot()).toEqual(before);
  });

  it("keeps a real session working next to garbage cookies", async () => {
    const login = await new Client(server.baseUrl).post("/login", {
      email: world.people.contractorManager.email,
      password: TEST_PASSWORD,
    });
    const session = login.headers
      .getSetCookie()
      .map((line) => line.split(";")[0])
      .find((pair) => pair?.startsWith("rx_session="));
    expect(session).toBeDefined();
    const result = await new Client(server.baseUrl).get("/projects", {
      Cookie: `junk=%%%; ${session}; rx_lang=%E0%A4%A`,
    });
    expect(result.status).toBe(200);
  });
});

describe("an unknown intent", () => {
  it.each([english, chinese])(
    "on an order is refused and changes nothing ($lang)",
    async (language) => {
      const order = acceptedOrder();
      await refused(contractor, `/orders/${order.id}`, { intent: "explode" }, language, {
        status: 400,
        alert: "form.unknownAction",
      });
      expect(orderRow(order.id)?.status).toBe("accepted");
    },
  );

  it("on a listing is refused and changes nothing", async () => {
    const listing = openListing();
    await refused(recycler, `/listings/${listing.id}`, { intent: "explode" }, english, {
      status: 400,
      alert: "form.unknownAction",
    });
  });
});
