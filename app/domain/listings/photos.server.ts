import { count, eq } from "drizzle-orm";
import { listingPhotos, wasteListings } from "#db/schema";
import { read, write } from "#db/store";
import { type Actor, authorize } from "../access";
import { audit } from "../audit";
import { now } from "../clock";
import { conflict, invalid, notFound } from "../errors";
import { IMAGE_TYPES, MAX_UPLOAD_BYTES, prepareUploads, storeUploads } from "../uploads.server";

export const MAX_PHOTO_BYTES = MAX_UPLOAD_BYTES;
export const MAX_PHOTOS_PER_LISTING = 6;

/**
 * Adds photos to one of the producer's listings. Files are checked and written first, then
 * recorded in one transaction; if recording fails, the written files are removed again.
 */
export async function addListingPhotos(actor: Actor, listingId: number, files: readonly File[]) {
  authorize(actor, "listing.manage");
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
      const listing = (
        await tx.select().from(wasteListings).where(eq(wasteListings.id, listingId)).limit(1)
      )[0];
      if (!listing || listing.orgId !== actor.orgId) throw notFound("listing.notFound");
      if (listing.status === "closed" || listing.status === "cancelled")
        throw conflict("listing.notEditable");
      const existing =
        (
          await tx
            .select({ n: count() })
            .from(listingPhotos)
            .where(eq(listingPhotos.listingId, listingId))
            .limit(1)
        )[0]?.n ?? 0;
      if (existing + prepared.length > MAX_PHOTOS_PER_LISTING) {
        throw invalid("form.fixErrors", { photos: "listing.tooManyPhotos" });
      }
      const createdAt = now();
      for (const photo of prepared) {
        await tx.insert(listingPhotos).values({
          listingId,
          fileName: photo.fileName,
          contentType: photo.type,
          bytes: photo.bytes.length,
          createdAt,
        });
      }
      await audit(
        tx,
        actor,
        "listing.photos_added",
        { type: "listing", id: listingId },
        {
          files: prepared.map((p) => p.fileName),
        },
      );
      return prepared.length;
    }),
  );
}

export async function listPhotos(listingId: number) {
  return read(async (db) => {
    return await db
      .select()
      .from(listingPhotos)
      .where(eq(listingPhotos.listingId, listingId))
      .orderBy(listingPhotos.id);
  });
}
