import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { productPhotos, recycledProducts } from "#db/schema";
import { createProduct } from "~/domain/products/catalogue.server";
import { ProductInput } from "~/domain/products/schemas";
import { Client } from "../support/http";
import { type RunningServer, startServer } from "../support/server";
import { makeWorld, type World } from "../support/world";

let world: World;
let server: RunningServer;

beforeAll(async () => {
  world = await makeWorld();
  server = await startServer();
});
afterAll(() => server?.stop());

const PNG = Uint8Array.from(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
    "base64",
  ),
);

function upload(client: Client, productId: number, bytes: Uint8Array<ArrayBuffer>) {
  const form = new FormData();
  form.set("intent", "photos");
  form.append("photos", new Blob([bytes], { type: "image/png" }), "p.png");
  return client.postMultipart(`/products/${productId}`, form);
}

describe("product photos", () => {
  it("are added by the seller, shown to buyers, and refused when fake or foreign", async () => {
    const product = await createProduct(
      world.people.recyclerManager.actor(),
      ProductInput.parse({
        facilityId: String(world.plant.id),
        productType: "recycled_solid_brick",
        name: "再生骨料实心砖 MU10",
        standard: "JG/T 505-2016",
        grade: "MU10",
        unit: "piece",
        massPerUnitG: "2.4",
        priceFenPerUnit: "0.45",
        minOrder: "1000",
        recycledContentPct: "70",
      }),
    );
    const seller = await new Client(server.baseUrl).logIn(world.people.recyclerSales.email);
    expect((await upload(seller, product.id, PNG)).status).toBe(302);
    const photos = db
      .select()
      .from(productPhotos)
      .where(eq(productPhotos.productId, product.id))
      .all();
    expect(photos).toHaveLength(1);

    const buyer = await new Client(server.baseUrl).logIn(world.people.contractorManager.email);
    const page = await buyer.get(`/products/${product.id}`);
    expect(page.body).toContain(`/photos/${photos[0]?.fileName}`);
    const served = await buyer.get(`/photos/${photos[0]?.fileName}`);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");

    const fake = new TextEncoder().encode("GIF89a not really");
    expect((await upload(seller, product.id, fake)).status).toBe(422);
    const other = await new Client(server.baseUrl).logIn(world.people.otherRecycler.email);
    expect((await upload(other, product.id, PNG)).status).toBe(404);
    expect((await upload(buyer, product.id, PNG)).status).toBe(403);
    expect(
      db.select().from(productPhotos).where(eq(productPhotos.productId, product.id)).all(),
    ).toHaveLength(1);

    db.update(recycledProducts)
      .set({ status: "archived" })
      .where(eq(recycledProducts.id, product.id))
      .run();
    expect((await buyer.get(`/photos/${photos[0]?.fileName}`)).status).toBe(404);
  });
});
