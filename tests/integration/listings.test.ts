import { existsSync, readdirSync } from "node:fs";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { auditEvents, listingPhotos, wasteListings, wasteOrders } from "#db/schema";
import { insertListing, insertOrder } from "#seed/factories";
import { shanghaiMonth } from "~/domain/clock";
import { massBalance } from "~/domain/listings/balance.server";
import {
  cancelListing,
  closeListing,
  editListing,
  expireDueListings,
} from "~/domain/listings/lifecycle.server";
import { acceptOrder, claimListing, completeOrder } from "~/domain/orders/orders.server";
import { utilization } from "~/domain/stats/utilization.server";
import { uploadsDir } from "~/domain/uploads.server";
import { domainError } from "../support/domain-errors";
import { Client } from "../support/http";
import { type RunningServer, startServer } from "../support/server";
import { insertTrip, makeWorld, type World, weighedIn } from "../support/world";

let world: World;
let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());
beforeEach(async () => {
  world = await makeWorld();
});

const row = (id: number) => db.select().from(wasteListings).where(eq(wasteListings.id, id)).get();

const edit = {
  wasteClass: "demolition_waste",
  material: "concrete",
  quantityKg: 150_000,
  availableFrom: "2026-01-01",
  availableUntil: "2099-06-30",
  priceFenPerTonne: 2_000,
  payer: "recycler",
  description: "干净的混凝土块",
} as const;

/** A listing with one trip received at the plant: 30 t moved of a 40 t order. */
async function listingWithTrip(quantityKg = 100_000) {
  const listing = insertListing(db, {
    projectId: world.project.id,
    orgId: world.orgs.contractorA.id,
    divisionCode: "510100",
    quantityKg,
  });
  const order = await claimListing(world.people.recyclerManager.actor(), listing.id, {
    facilityId: world.plant.id,
    quantityKg: 40_000,
    note: "",
  });
  await acceptOrder(world.people.contractorManager.actor(), order.id);
  const at = new Date();
  insertTrip(world, {
    orderId: order.id,
    listingId: listing.id,
    dispatchedAt: at,
    ...weighedIn(at, 30_000, `W-${order.id}`),
  });
  db.update(wasteOrders)
    .set({ status: "in_progress", receivedKg: 30_000 })
    .where(eq(wasteOrders.id, order.id))
    .run();
  return { listing, order };
}

describe("editing a listing", () => {
  it("changes an open listing and audits what changed", async () => {
    const updated = await editListing(
      world.people.contractorManager.actor(),
      world.listing.id,
      edit,
    );
    expect(updated).toMatchObject({
      quantityKg: 150_000,
      priceFenPerTonne: 2_000,
      description: "干净的混凝土块",
    });
    const event = db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "listing.edited"))
      .all()
      .at(-1);
    expect(event?.data).toMatchObject({ quantityKg: 150_000, priceFenPerTonne: 2_000 });
  });

  it("cannot drop below what is claimed, nor change the waste once claimed", async () => {
    await claimListing(world.people.recyclerManager.actor(), world.listing.id, {
      facilityId: world.plant.id,
      quantityKg: 60_000,
      note: "",
    });
    const contractor = world.people.contractorManager.actor();
    expect(
      (
        await domainError(
          async () =>
            await editListing(contractor, world.listing.id, { ...edit, quantityKg: 59_999 }),
        )
      ).fieldErrors,
    ).toEqual({
      quantityKg: "listing.belowClaimed",
    });
    expect(
      (
        await domainError(
          async () =>
            await editListing(contractor, world.listing.id, { ...edit, material: "brick_masonry" }),
        )
      ).fieldErrors,
    ).toEqual({ wasteClass: "listing.classFixedAfterClaim" });
    expect(row(world.listing.id)?.quantityKg).toBe(100_000);
  });

  it("is refused to anyone but the producer's manager", async () => {
    expect(
      (
        await domainError(
          async () =>
            await editListing(world.people.otherContractor.actor(), world.listing.id, edit),
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await domainError(
          async () => await editListing(world.people.siteAgent.actor(), world.listing.id, edit),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await domainError(
          async () =>
            await editListing(world.people.recyclerManager.actor(), world.listing.id, edit),
        )
      ).status,
    ).toBe(403);
  });
});

describe("withdrawing and closing a listing", () => {
  it("withdraws a listing nobody works on, but not one with live orders or moved waste", async () => {
    const contractor = world.people.contractorManager.actor();
    const { listing } = await listingWithTrip();
    expect((await domainError(async () => await cancelListing(contractor, listing.id))).code).toBe(
      "listing.hasLiveOrders",
    );
    expect((await cancelListing(contractor, world.listing.id)).status).toBe("cancelled");
    expect(
      (await domainError(async () => await cancelListing(contractor, world.listing.id))).status,
    ).toBe(409);
  });

  it("closes with a declaration that accounts for every unmoved kilogram", async () => {
    const contractor = world.people.contractorManager.actor();
    const { listing, order } = await listingWithTrip(100_000);
    const close = {
      disposedOffPlatformKg: 20_000,
      offPlatformDestination: "郫都区消纳场",
      closeNote: "",
    };
    expect(
      (await domainError(async () => await closeListing(contractor, listing.id, close))).code,
    ).toBe("listing.hasLiveOrders");
    await completeOrder(contractor, order.id);
    const tooMuch = await domainError(
      async () =>
        await closeListing(contractor, listing.id, { ...close, disposedOffPlatformKg: 70_001 }),
    );
    expect(tooMuch.code).toBe("listing.declaredTooMuch");
    expect(tooMuch.params.unmoved).toBe("70");

    const closed = await closeListing(contractor, listing.id, close);
    expect(closed).toMatchObject({
      status: "closed",
      disposedOffPlatformKg: 20_000,
      notGeneratedKg: 50_000,
    });
    const balance = await massBalance(listing.id);
    expect(balance).toMatchObject({
      listedKg: 100_000,
      recycledKg: 30_000,
      reservedKg: 0,
      openKg: 0,
      disposedOffPlatformKg: 20_000,
      notGeneratedKg: 50_000,
      differenceKg: 0,
    });
  });

  it("counts off-platform disposal as generated for the department, in the month it was declared", async () => {
    const month = shanghaiMonth(new Date());
    const period = { from: month, to: month };
    const before = (await utilization(world.people.chengduOfficer.actor(), period)).total;
    const mianyangBefore = (await utilization(world.people.mianyangOfficer.actor(), period)).total;
    await closeListing(world.people.contractorManager.actor(), world.listing.id, {
      disposedOffPlatformKg: 12_345,
      offPlatformDestination: "外地消纳场",
      closeNote: "",
    });
    const after = (await utilization(world.people.chengduOfficer.actor(), period)).total;
    expect(after.generatedKg - before.generatedKg).toBe(12_345);
    expect(after.offPlatformKg - before.offPlatformKg).toBe(12_345);
    expect(after.recycledKg).toBe(before.recycledKg);
    expect((await utilization(world.people.mianyangOfficer.actor(), period)).total).toEqual(
      mianyangBefore,
    );
  });
});

describe("mass balance", () => {
  it("adds up while orders are live: moved + reserved + open = listed", async () => {
    const { listing } = await listingWithTrip(100_000);
    const balance = await massBalance(listing.id);
    expect(balance).toMatchObject({
      recycledKg: 30_000,
      reservedKg: 10_000,
      openKg: 60_000,
      differenceKg: 0,
    });
  });

  it("shows a truck that weighed more than the order as a difference", async () => {
    const listing = insertListing(db, {
      projectId: world.project.id,
      orgId: world.orgs.contractorA.id,
      divisionCode: "510100",
      quantityKg: 50_000,
      allocatedKg: 20_000,
    });
    const order = insertOrder(db, {
      listingId: listing.id,
      recyclerOrgId: world.orgs.recyclerR.id,
      facilityId: world.plant.id,
      quantityKg: 20_000,
      receivedKg: 25_000,
      status: "completed",
    });
    insertTrip(world, {
      orderId: order.id,
      listingId: listing.id,
      estimatedKg: 25_000,
      ...weighedIn(new Date(), 25_000, `D-${order.id}`),
    });
    expect(await massBalance(listing.id)).toMatchObject({
      recycledKg: 25_000,
      openKg: 30_000,
      differenceKg: -5_000,
    });
  });
});

describe("expiry", () => {
  it("expires open listings past their window, once", async () => {
    const stale = insertListing(db, {
      projectId: world.project.id,
      orgId: world.orgs.contractorA.id,
      divisionCode: "510100",
      availableUntil: "2020-01-31",
    });
    expect(await expireDueListings()).toBeGreaterThanOrEqual(1);
    expect(row(stale.id)?.status).toBe("expired");
    expect(row(world.listing.id)?.status).toBe("open");
    expect(await expireDueListings()).toBe(0);
    // An expired listing is still closed out by its producer.
    expect(
      (
        await closeListing(world.people.contractorManager.actor(), stale.id, {
          disposedOffPlatformKg: 0,
          offPlatformDestination: "",
          closeNote: "",
        })
      ).status,
    ).toBe("closed");
  });
});

const PNG = Uint8Array.from(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
    "base64",
  ),
);

async function upload(
  client: Client,
  listingId: number,
  files: { name: string; type: string; bytes: Uint8Array<ArrayBuffer> }[],
) {
  const form = new FormData();
  form.set("intent", "photos");
  for (const file of files)
    form.append("photos", new Blob([file.bytes], { type: file.type }), file.name);
  return client.postMultipart(`/listings/${listingId}`, form);
}

describe("photos over HTTP", () => {
  it("stores real images, serves them to those who may see the listing, and refuses the rest", async () => {
    const contractor = await new Client(server.baseUrl).logIn(world.people.contractorManager.email);
    const ok = await upload(contractor, world.listing.id, [
      { name: "a.png", type: "image/png", bytes: PNG },
    ]);
    expect(ok.status).toBe(302);
    const [photo] = db
      .select()
      .from(listingPhotos)
      .where(eq(listingPhotos.listingId, world.listing.id))
      .all();
    expect(photo).toMatchObject({ contentType: "image/png", bytes: PNG.length });
    expect(existsSync(`${uploadsDir()}/${photo?.fileName}`)).toBe(true);

    const recycler = await new Client(server.baseUrl).logIn(world.people.recyclerManager.email);
    const served = await recycler.get(`/photos/${photo?.fileName}`);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect((await recycler.get(`/listings/${world.listing.id}`)).body).toContain(
      `/photos/${photo?.fileName}`,
    );

    const filesBefore = readdirSync(uploadsDir()).length;
    const fake = await upload(contractor, world.listing.id, [
      {
        name: "x.png",
        type: "image/png",
        bytes: new TextEncoder().encode("<script>alert(1)</script>"),
      },
    ]);
    expect(fake.status).toBe(422);
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(PNG);
    expect(
      (
        await upload(contractor, world.listing.id, [
          { name: "b.png", type: "image/png", bytes: big },
        ])
      ).status,
    ).toBe(422);
    const seven = Array.from({ length: 6 }, (_, i) => ({
      name: `${i}.png`,
      type: "image/png",
      bytes: PNG,
    }));
    expect((await upload(contractor, world.listing.id, seven)).status).toBe(422);
    expect(readdirSync(uploadsDir()).length).toBe(filesBefore);
    expect(
      db.select().from(listingPhotos).where(eq(listingPhotos.listingId, world.listing.id)).all(),
    ).toHaveLength(1);

    const stranger = await new Client(server.baseUrl).logIn(world.people.otherRecycler.email);
    expect(
      (await upload(stranger, world.listing.id, [{ name: "s.png", type: "image/png", bytes: PNG }]))
        .status,
    ).toBe(403);
    db.update(wasteListings)
      .set({ status: "draft" })
      .where(eq(wasteListings.id, world.listing.id))
      .run();
    expect((await stranger.get(`/photos/${photo?.fileName}`)).status).toBe(404);
    expect((await contractor.get("/photos/../../app.db")).status).toBe(404);
  });
});
