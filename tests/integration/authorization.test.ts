/**
 * The permission matrix over HTTP: every mutating action tried by every kind of organisation and
 * role (and by nobody), against the real server. Allowed calls must succeed and make their
 * change; denied calls must answer 403 (no permission) or 404 (someone else's record) and leave
 * every table, the audit trail included, exactly as it was.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, writeTransaction } from "#db/client";
import {
  auditEvents,
  facilities,
  loginThrottles,
  manifests,
  organisations,
  projects,
  users,
  wasteListings,
  wasteOrders,
} from "#db/schema";
import { insertListing, insertManifest, insertOrder, insertOrganisation } from "#seed/factories";
import { rebuildMonthly } from "#seed/monthly";
import { shanghaiMonth } from "~/domain/clock";
import { utilization } from "~/domain/stats/utilization.server";
import { formatTonnes } from "~/i18n/format";
import { Client, type HttpResult } from "../support/http";
import { type RunningServer, startServer } from "../support/server";
import { makeWorld, type World } from "../support/world";

let server: RunningServer;
let world: World;
const clients = new Map<Person | "anonymous", Client>();

const people = [
  "contractorManager",
  "siteAgent",
  "otherContractor",
  "recyclerManager",
  "recyclerSales",
  "clerk",
  "otherRecycler",
  "provinceOfficer",
  "chengduOfficer",
  "admin",
] as const satisfies readonly (keyof World["people"])[];
const actors = [...people, "anonymous"] as const;
type ActorName = (typeof actors)[number];
type Person = keyof World["people"];

/** 302 = allowed; "login" = sent to the login page; anything else is the refusal's status. */
type Outcome = 302 | 403 | 404 | 422 | "login";

beforeAll(async () => {
  world = await makeWorld();
  server = await startServer();
  // Logging in writes audit events, so every client logs in before any snapshot is taken.
  for (const name of [...people, "mianyangOfficer"] as const) {
    clients.set(name, await new Client(server.baseUrl).logIn(world.people[name].email));
  }
  clients.set("anonymous", new Client(server.baseUrl));
});
afterAll(() => server?.stop());

function client(name: Person | "anonymous"): Client {
  const found = clients.get(name);
  if (!found) throw new Error(`no client for ${name}`);
  return found;
}

/** Every business table, whole: a refused call must leave all of it as it was. */
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
    loginThrottles: db.select().from(loginThrottles).all(),
  };
}

const newAuditActions = (since: number) =>
  db
    .select()
    .from(auditEvents)
    .all()
    .filter((e) => e.id > since)
    .map((e) => e.action);
const lastAuditId = () => db.select().from(auditEvents).all().at(-1)?.id ?? 0;

const listingRow = (id: number) =>
  db.select().from(wasteListings).where(eq(wasteListings.id, id)).get();
const orderRow = (id: number) => db.select().from(wasteOrders).where(eq(wasteOrders.id, id)).get();
const manifestRow = (id: number) => db.select().from(manifests).where(eq(manifests.id, id)).get();
const idFrom = (location: string | null) => Number(location?.split("/").pop());

let unique = 0;
const next = () => ++unique;

// Fresh records for one attempt, so an allowed call never changes what the next one sees.

function draftListing() {
  return insertListing(db, {
    projectId: world.project.id,
    orgId: world.orgs.contractorA.id,
    divisionCode: "510100",
    quantityKg: 50_000,
    status: "draft",
    publishedAt: null,
  });
}

function openListing() {
  return insertListing(db, {
    projectId: world.project.id,
    orgId: world.orgs.contractorA.id,
    divisionCode: "510100",
    quantityKg: 100_000,
  });
}

/** An order of contractor A's listing, claimed by recycler R for its plant. */
function order(status: "requested" | "accepted" | "in_progress", receivedKg = 0) {
  const listing = insertListing(db, {
    projectId: world.project.id,
    orgId: world.orgs.contractorA.id,
    divisionCode: "510100",
    quantityKg: 100_000,
    allocatedKg: 40_000,
  });
  const row = insertOrder(db, {
    listingId: listing.id,
    recyclerOrgId: world.orgs.recyclerR.id,
    facilityId: world.plant.id,
    quantityKg: 40_000,
    receivedKg,
    status,
    createdByUserId: world.people.recyclerManager.id,
  });
  return { listing, order: row };
}

/** A truck on its way from contractor A's site to recycler R's plant. */
function dispatchedManifest() {
  const { listing, order: o } = order("in_progress");
  const manifest = insertManifest(db, {
    manifestNo: `SCAUTH${String(next()).padStart(8, "0")}`,
    orderId: o.id,
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
  return { listing, order: o, manifest };
}

const projectForm = () => ({
  name: `Authorized site ${next()}`,
  permitNo: "510100202601010101",
  divisionCode: "510100",
  address: "成都市武侯区人民南路 4 段 1 号",
  lat: "30.62",
  lon: "104.07",
  kind: "new_build",
  grossFloorAreaM2: "12000",
  startsOn: "2026-01-01",
});

const listingForm = () => ({
  wasteClass: "demolition_waste",
  material: "concrete",
  quantityKg: "80.5",
  availableFrom: "2026-01-01",
  availableUntil: "2099-01-01",
  payer: "recycler",
  priceFenPerTonne: "12.50",
  publish: "open",
});

const facilityForm = () => ({
  name: `Authorized plant ${next()}`,
  type: "recycling_plant",
  divisionCode: "510100",
  address: "成都市青白江区 2 号",
  lat: "30.8",
  lon: "104.25",
  acceptedClasses: ["demolition_waste", "construction_waste"],
  acceptedMaterials: ["concrete", "mixed"],
  annualCapacityKg: "200000",
  approvalNo: `成建垃处〔2026〕第${next()}号`,
  approvalExpiresOn: "2099-12-31",
});

const tripForm = {
  intent: "dispatch",
  vehiclePlate: "川A54321",
  driverName: "李强",
  hauler: "成都渣土运输有限公司",
  estimatedKg: "28",
};

type Case<F> = {
  action: string;
  setup: () => F;
  path: (fixture: F) => string;
  form: (fixture: F) => Record<string, string | string[]>;
  outcomes: Record<ActorName, Outcome>;
  /** What an allowed call must have changed (the 302 is already checked). */
  changed: (fixture: F, result: HttpResult, actor: ActorName, auditSince: number) => void;
};

/** Everyone refused with 403 except the listed actors; the anonymous visitor goes to login. */
function onlyFor(allowed: Partial<Record<ActorName, Outcome>>): Record<ActorName, Outcome> {
  const outcomes = {} as Record<ActorName, Outcome>;
  for (const name of actors) outcomes[name] = allowed[name] ?? 403;
  outcomes.anonymous = "login";
  return outcomes;
}

const matrix = [
  {
    action: "create project",
    setup: () => null,
    path: () => "/projects/new",
    form: projectForm,
    outcomes: onlyFor({ contractorManager: 302, otherContractor: 302 }),
    changed: (_f, result, actor, since) => {
      expect(result.location).toMatch(/^\/projects\/\d+$/);
      const project = db
        .select()
        .from(projects)
        .where(eq(projects.id, idFrom(result.location)))
        .get();
      expect(project?.orgId).toBe(world.people[actor as Person].orgId);
      expect(newAuditActions(since)).toEqual(["project.created"]);
    },
  } satisfies Case<null>,
  {
    action: "create listing on A's project",
    setup: () => null,
    path: () => `/projects/${world.project.id}/listings/new`,
    form: listingForm,
    outcomes: onlyFor({ contractorManager: 302, otherContractor: 404 }),
    changed: (_f, result, _actor, since) => {
      expect(result.location).toMatch(/^\/listings\/\d+$/);
      expect(listingRow(idFrom(result.location))).toMatchObject({
        projectId: world.project.id,
        orgId: world.orgs.contractorA.id,
        quantityKg: 80_500,
        status: "open",
      });
      expect(newAuditActions(since)).toEqual(["listing.created"]);
    },
  } satisfies Case<null>,
  {
    action: "publish draft listing",
    setup: draftListing,
    path: (listing) => `/listings/${listing.id}`,
    form: () => ({ intent: "publish" }),
    outcomes: onlyFor({ contractorManager: 302, otherContractor: 404 }),
    changed: (listing, result, _actor, since) => {
      expect(result.location).toBe(`/listings/${listing.id}`);
      const row = listingRow(listing.id);
      expect(row?.status).toBe("open");
      expect(row?.publishedAt).toBeInstanceOf(Date);
      expect(newAuditActions(since)).toEqual(["listing.published"]);
    },
  } satisfies Case<ReturnType<typeof draftListing>>,
  {
    action: "claim for R's plant",
    setup: openListing,
    path: (listing) => `/listings/${listing.id}`,
    form: () => ({ facilityId: String(world.plant.id), quantityKg: "30" }),
    // Recycler S may claim, but not for R's plant: someone else's facility is a field error.
    outcomes: onlyFor({ recyclerManager: 302, recyclerSales: 302, otherRecycler: 422 }),
    changed: (listing, result, _actor, since) => {
      expect(result.location).toMatch(/^\/orders\/\d+$/);
      expect(orderRow(idFrom(result.location))).toMatchObject({
        listingId: listing.id,
        recyclerOrgId: world.orgs.recyclerR.id,
        facilityId: world.plant.id,
        quantityKg: 30_000,
        status: "requested",
      });
      expect(listingRow(listing.id)?.allocatedKg).toBe(30_000);
      expect(newAuditActions(since)).toEqual(["waste_order.requested"]);
    },
  } satisfies Case<ReturnType<typeof openListing>>,
  {
    action: "accept order",
    setup: () => order("requested"),
    path: (f) => `/orders/${f.order.id}`,
    form: () => ({ intent: "accept" }),
    outcomes: onlyFor({ contractorManager: 302, otherContractor: 404 }),
    changed: (f, result, _actor, since) => {
      expect(result.location).toBe(`/orders/${f.order.id}`);
      expect(orderRow(f.order.id)?.status).toBe("accepted");
      expect(listingRow(f.listing.id)?.allocatedKg).toBe(40_000);
      expect(newAuditActions(since)).toEqual(["waste_order.accepted"]);
    },
  } satisfies Case<ReturnType<typeof order>>,
  {
    action: "decline order",
    setup: () => order("requested"),
    path: (f) => `/orders/${f.order.id}`,
    form: () => ({ intent: "decline" }),
    outcomes: onlyFor({ contractorManager: 302, otherContractor: 404 }),
    changed: (f, result, _actor, since) => {
      expect(result.location).toBe(`/orders/${f.order.id}`);
      expect(orderRow(f.order.id)?.status).toBe("declined");
      expect(listingRow(f.listing.id)?.allocatedKg).toBe(0);
      expect(newAuditActions(since)).toEqual(["waste_order.declined"]);
    },
  } satisfies Case<ReturnType<typeof order>>,
  {
    action: "cancel order",
    setup: () => order("requested"),
    path: (f) => `/orders/${f.order.id}`,
    form: () => ({ intent: "cancel" }),
    outcomes: onlyFor({
      contractorManager: 302,
      otherContractor: 404,
      recyclerManager: 302,
      recyclerSales: 302,
      otherRecycler: 404,
    }),
    changed: (f, result, _actor, since) => {
      expect(result.location).toBe(`/orders/${f.order.id}`);
      expect(orderRow(f.order.id)?.status).toBe("cancelled");
      expect(listingRow(f.listing.id)?.allocatedKg).toBe(0);
      expect(newAuditActions(since)).toEqual(["waste_order.cancelled"]);
    },
  } satisfies Case<ReturnType<typeof order>>,
  {
    action: "complete order",
    setup: () => order("in_progress", 25_000),
    path: (f) => `/orders/${f.order.id}`,
    form: () => ({ intent: "complete" }),
    outcomes: onlyFor({
      contractorManager: 302,
      otherContractor: 404,
      recyclerManager: 302,
      recyclerSales: 302,
      otherRecycler: 404,
    }),
    changed: (f, result, _actor, since) => {
      expect(result.location).toBe(`/orders/${f.order.id}`);
      expect(orderRow(f.order.id)?.status).toBe("completed");
      // The 15 t the order will no longer take goes back to the listing.
      expect(listingRow(f.listing.id)?.allocatedKg).toBe(25_000);
      expect(newAuditActions(since)).toEqual(["waste_order.completed"]);
    },
  } satisfies Case<ReturnType<typeof order>>,
  {
    action: "dispatch manifest",
    setup: () => order("accepted"),
    path: (f) => `/orders/${f.order.id}`,
    form: () => tripForm,
    outcomes: onlyFor({ contractorManager: 302, siteAgent: 302, otherContractor: 404 }),
    changed: (f, result, _actor, since) => {
      expect(result.location).toMatch(/^\/manifests\/\d+$/);
      expect(manifestRow(idFrom(result.location))).toMatchObject({
        orderId: f.order.id,
        vehiclePlate: "川A54321",
        estimatedKg: 28_000,
        status: "dispatched",
      });
      expect(orderRow(f.order.id)?.status).toBe("in_progress");
      expect(newAuditActions(since)).toEqual(["waste_order.in_progress", "manifest.dispatched"]);
    },
  } satisfies Case<ReturnType<typeof order>>,
  {
    action: "receive manifest",
    setup: dispatchedManifest,
    path: (f) => `/manifests/${f.manifest.id}`,
    form: () => ({
      weighbridgeTicket: `WB-AUTH-${next()}`,
      grossKg: "45000",
      tareKg: "15000",
      decision: "accept",
    }),
    outcomes: onlyFor({ recyclerManager: 302, clerk: 302, otherRecycler: 404 }),
    changed: (f, result, _actor, since) => {
      expect(result.location).toBe(`/manifests/${f.manifest.id}`);
      expect(manifestRow(f.manifest.id)).toMatchObject({ status: "received", netKg: 30_000 });
      expect(orderRow(f.order.id)?.receivedKg).toBe(30_000);
      expect(newAuditActions(since)).toEqual(["manifest.received"]);
    },
  } satisfies Case<ReturnType<typeof dispatchedManifest>>,
  {
    action: "create facility",
    setup: () => null,
    path: () => "/facilities/new",
    form: facilityForm,
    outcomes: onlyFor({ recyclerManager: 302, otherRecycler: 302 }),
    changed: (_f, result, actor, since) => {
      expect(result.location).toBe("/facilities");
      const created = db.select().from(facilities).all().at(-1);
      expect(created?.orgId).toBe(world.people[actor as Person].orgId);
      expect(created?.name).toMatch(/^Authorized plant/);
      expect(newAuditActions(since)).toEqual(["facility.created"]);
    },
  } satisfies Case<null>,
  {
    action: "verify organisation",
    setup: () => insertOrganisation(db, { kind: "contractor", verified: false }),
    path: () => "/admin",
    form: (org) => ({ orgId: String(org.id), verified: "true" }),
    outcomes: onlyFor({ admin: 302 }),
    changed: (org, result, _actor, since) => {
      expect(result.location).toBe("/admin");
      expect(
        db.select().from(organisations).where(eq(organisations.id, org.id)).get()?.verified,
      ).toBe(true);
      expect(newAuditActions(since)).toEqual(["organisation.verified"]);
    },
  } satisfies Case<ReturnType<typeof insertOrganisation>>,
  {
    action: "clear login throttle",
    setup: () =>
      db
        .insert(loginThrottles)
        .values({
          email: `guessed-${next()}@example.test`,
          ip: "198.51.100.7",
          failures: 9,
          lastFailureAt: new Date(),
          blockedUntil: new Date(Date.now() + 60_000),
        })
        .returning()
        .get(),
    path: () => "/admin",
    form: (row) => ({ intent: "clearThrottle", ip: row.ip, email: row.email }),
    outcomes: onlyFor({ admin: 302 }),
    changed: (row, result, _actor, since) => {
      expect(result.location).toBe("/admin");
      expect(
        db.select().from(loginThrottles).where(eq(loginThrottles.email, row.email)).get(),
      ).toBeUndefined();
      expect(newAuditActions(since)).toEqual(["login_throttle.cleared"]);
    },
  } satisfies Case<typeof loginThrottles.$inferSelect>,
];

describe.each(matrix)("$action", (scenario) => {
  const c = scenario as Case<unknown>;
  const rows = actors.map((actor) => ({ actor, outcome: c.outcomes[actor] }));

  it.each(rows)("$actor → $outcome", async ({ actor, outcome }) => {
    const fixture = c.setup();
    const path = c.path(fixture);
    const before = snapshot();
    const since = lastAuditId();
    const result = await client(actor).post(path, c.form(fixture));

    if (outcome === 302) {
      expect(result.status, result.body.slice(0, 500)).toBe(302);
      c.changed(fixture, result, actor, since);
      return;
    }
    if (outcome === "login") {
      expect(result.status).toBe(302);
      expect(result.location).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
    } else {
      expect(result.status).toBe(outcome);
    }
    expect(snapshot()).toEqual(before);
  });
});

it("lets recycler S claim contractor A's listing for its own plant", async () => {
  const listing = openListing();
  const since = lastAuditId();
  const result = await client("otherRecycler").post(`/listings/${listing.id}`, {
    facilityId: String(world.otherPlant.id),
    quantityKg: "12.5",
  });
  expect(result.status).toBe(302);
  expect(orderRow(idFrom(result.location))).toMatchObject({
    recyclerOrgId: world.orgs.recyclerS.id,
    facilityId: world.otherPlant.id,
    quantityKg: 12_500,
  });
  expect(listingRow(listing.id)?.allocatedKg).toBe(12_500);
  expect(newAuditActions(since)).toEqual(["waste_order.requested"]);
});

describe("reading another organisation's records", () => {
  let fixture: ReturnType<typeof dispatchedManifest>;
  let draft: ReturnType<typeof draftListing>;
  beforeAll(() => {
    fixture = dispatchedManifest();
    draft = draftListing();
  });

  const reads: {
    what: string;
    path: () => string;
    outcomes: Partial<Record<ActorName, Outcome | 200>>;
  }[] = [
    {
      what: "contractor A's project",
      path: () => `/projects/${world.project.id}`,
      outcomes: {
        contractorManager: 200,
        siteAgent: 200,
        otherContractor: 404,
        recyclerManager: 403,
      },
    },
    {
      what: "contractor B's project",
      path: () => `/projects/${world.otherProject.id}`,
      outcomes: { contractorManager: 404, siteAgent: 404, otherContractor: 200 },
    },
    {
      what: "a draft listing",
      path: () => `/listings/${draft.id}`,
      outcomes: { contractorManager: 200, otherContractor: 404, recyclerManager: 404 },
    },
    {
      what: "an order between A and R",
      path: () => `/orders/${fixture.order.id}`,
      outcomes: {
        contractorManager: 200,
        siteAgent: 200,
        recyclerManager: 200,
        clerk: 200,
        otherContractor: 404,
        otherRecycler: 404,
        chengduOfficer: 403,
        admin: 403,
        anonymous: "login",
      },
    },
    {
      what: "a manifest between A and R",
      path: () => `/manifests/${fixture.manifest.id}`,
      outcomes: {
        contractorManager: 200,
        clerk: 200,
        otherContractor: 404,
        otherRecycler: 404,
        // Departments drill down to the trips in their jurisdiction (Mianyang's: manifests.test).
        provinceOfficer: 200,
        chengduOfficer: 200,
        admin: 403,
        anonymous: "login",
      },
    },
  ];
  const cases = reads.flatMap((read) =>
    Object.entries(read.outcomes).map(([actor, outcome]) => ({
      ...read,
      actor: actor as ActorName,
      outcome,
    })),
  );

  it.each(cases)("$what as $actor → $outcome", async ({ path, actor, outcome }) => {
    const result = await client(actor).get(path());
    if (outcome === "login") {
      expect(result.status).toBe(302);
      expect(result.location).toBe(`/login?redirectTo=${encodeURIComponent(path())}`);
    } else {
      expect(result.status).toBe(outcome);
    }
  });

  it("does not leak another organisation's record into the 404 page", async () => {
    const page = await client("otherContractor").get(`/manifests/${fixture.manifest.id}`);
    expect(page.status).toBe(404);
    expect(page.body).not.toContain(fixture.manifest.manifestNo);
    expect(page.body).not.toContain(world.project.name);
  });
});

describe("the department's dashboard", () => {
  const month = shanghaiMonth(new Date());
  const period = { from: month, to: month };
  const generatedFigure = async (who: Person) => {
    const page = await client(who).get(`/department?from=${month}&to=${month}`);
    expect(page.status).toBe(200);
    return /data-figure="generated">([^<]*)</.exec(page.body)?.[1];
  };

  it("shows a city officer only its own division's tonnes", async () => {
    const total = async (who: Person) =>
      (await utilization(world.people[who].actor(), period)).total;
    const before = {
      chengdu: await total("chengduOfficer"),
      mianyang: await total("mianyangOfficer"),
      province: await total("provinceOfficer"),
    };
    expect(await generatedFigure("chengduOfficer")).toBe(formatTonnes(before.chengdu.generatedKg));
    expect(await generatedFigure("mianyangOfficer")).toBe(
      formatTonnes(before.mianyang.generatedKg),
    );

    // A trip from contractor A's Chengdu site, received today at recycler R's plant.
    const { manifest } = dispatchedManifest();
    db.update(manifests)
      .set({
        status: "received",
        weighbridgeTicket: `WB-DEPT-${next()}`,
        grossKg: 27_345,
        tareKg: 15_000,
        netKg: 12_345,
        receivedAt: new Date(),
      })
      .where(eq(manifests.id, manifest.id))
      .run();
    // Recorded directly, not through the receipt service: rebuild the monthly figures from it.
    writeTransaction((tx) => rebuildMonthly(tx));

    expect((await total("chengduOfficer")).generatedKg - before.chengdu.generatedKg).toBe(12_345);
    expect((await total("provinceOfficer")).generatedKg - before.province.generatedKg).toBe(12_345);
    expect(await total("mianyangOfficer")).toEqual(before.mianyang);
    expect(await generatedFigure("chengduOfficer")).toBe(
      formatTonnes(before.chengdu.generatedKg + 12_345),
    );
    expect(await generatedFigure("mianyangOfficer")).toBe(
      formatTonnes(before.mianyang.generatedKg),
    );
  });

  it.each([
    ["contractorManager", 403],
    ["recyclerManager", 403],
    ["admin", 403],
    ["provinceOfficer", 200],
    ["chengduOfficer", 200],
  ] as const)("GET /department as %s → %i", async (who, status) => {
    expect((await client(who).get("/department")).status).toBe(status);
  });

  it("sends an anonymous visitor to the login page", async () => {
    const result = await client("anonymous").get("/department");
    expect(result.status).toBe(302);
    expect(result.location).toBe(`/login?redirectTo=${encodeURIComponent("/department")}`);
  });
});
