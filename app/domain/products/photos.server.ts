import { and, count, eq } from "drizzle-orm";
import { productPhotos, recycledProducts } from "#db/schema";
import { read, write } from "#db/store";
import { type Actor, authorize } from "../access";
import { audit } from "../audit";
import { now } from "../clock";
import { invalid, notFound } from "../errors";
import { MAX_PHOTOS_PER_LISTING } from "../listings";
import { IMAGE_TYPES, prepareUploads, storeUploads } from "../uploads.server";

/** Photos of a product, with the same checks and limits as a listing's. */
export async function addProductPhotos(actor: Actor, productId: number, files: readonly File[]) {
  authorize(actor, "product.manage");
  if (files.length === 0) throw invalid("form.fixErrors", { photos: "listing.noPhotoChosen" });
  if (files.length > MAX_PHOTOS_PER_LISTING)
    throw invalid("form.fixErrors", { photos: "listing.tooManyPhotos" });
  const prepared = await prepareUploads(
    files,
    IMAGE_TYPES,
    "photos",
    "listing.photoType",
    "listing.photoTooLarge",
  );
  return await storeUploads(prepared, () =>
    write(async (tx) => {
      const product = (
        await tx
          .select({ id: recycledProducts.id })
          .from(recycledProducts)
          .where(and(eq(recycledProducts.id, productId), eq(recycledProducts.orgId, actor.orgId)))
          .limit(1)
      )[0];
      if (!product) throw notFound("product.notFound");
      const existing =
        (
          await tx
            .select({ n: count() })
            .from(productPhotos)
            .where(eq(productPhotos.productId, productId))
            .limit(1)
        )[0]?.n ?? 0;
      if (existing + prepared.length > MAX_PHOTOS_PER_LISTING) {
        throw invalid("form.fixErrors", { photos: "listing.tooManyPhotos" });
      }
      const createdAt = now();
      for (const photo of prepared) {
        await tx.insert(productPhotos).values({
          productId,
          fileName: photo.fileName,
          contentType: photo.type,
          bytes: photo.bytes.length,
          createdAt,
        });
      }
      await audit(
        tx,
        actor,
        "product.photos_added",
        { type: "product", id: productId },
        {
          files: prepared.map((p) => p.fileName),
        },
      );
      return prepared.length;
    }),
  );
}

export async function listProductPhotos(productId: number): Promise<string[]> {
  return read(async (db) => {
    return (
      await db
        .select({ fileName: productPhotos.fileName })
        .from(productPhotos)
        .where(eq(productPhotos.productId, productId))
        .orderBy(productPhotos.id)
    ).map((p) => p.fileName);
  });
}
