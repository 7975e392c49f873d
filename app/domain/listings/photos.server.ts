import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { count, eq } from "drizzle-orm";
import { databasePath, db, writeTransaction } from "#db/client";
import { listingPhotos, wasteListings } from "#db/schema";
import { type Actor, authorize } from "../accounts/actor";
import { audit } from "../audit/audit.server";
import { now } from "../clock";
import { conflict, invalid, notFound } from "../errors";
import { getListing } from "./listings.server";

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
export const MAX_PHOTOS_PER_LISTING = 6;

/** Photos live beside the database (under data/ by default), never inside the build. */
export function uploadsDir(): string {
  return resolve(process.env.UPLOADS_DIR ?? join(dirname(databasePath), "uploads"));
}

const kinds = [
  {
    type: "image/jpeg",
    ext: "jpg",
    test: (b: Uint8Array) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  },
  {
    type: "image/png",
    ext: "png",
    test: (b: Uint8Array) =>
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v),
  },
  {
    type: "image/webp",
    ext: "webp",
    test: (b: Uint8Array) =>
      String.fromCharCode(...b.subarray(0, 4)) === "RIFF" &&
      String.fromCharCode(...b.subarray(8, 12)) === "WEBP",
  },
] as const;

/** What the bytes are, judged by their signature: the name and type the browser sent prove nothing. */
function sniff(bytes: Uint8Array) {
  return kinds.find((kind) => kind.test(bytes));
}

/**
 * Adds photos to one of the producer's listings. Files are checked and written first, then
 * recorded in one transaction; if recording fails, the written files are removed again.
 */
export async function addListingPhotos(actor: Actor, listingId: number, files: readonly File[]) {
  authorize(actor, "listing.manage");
  if (files.length === 0) throw invalid("form.fixErrors", { photos: "listing.noPhotoChosen" });
  if (files.length > MAX_PHOTOS_PER_LISTING)
    throw invalid("form.fixErrors", { photos: "listing.tooManyPhotos" });
  const prepared: { bytes: Uint8Array; type: string; fileName: string }[] = [];
  for (const file of files) {
    if (file.size > MAX_PHOTO_BYTES)
      throw invalid("form.fixErrors", { photos: "listing.photoTooLarge" });
    const bytes = new Uint8Array(await file.arrayBuffer());
    const kind = sniff(bytes);
    if (!kind) throw invalid("form.fixErrors", { photos: "listing.photoType" });
    prepared.push({ bytes, type: kind.type, fileName: `${randomUUID()}.${kind.ext}` });
  }
  const dir = uploadsDir();
  mkdirSync(dir, { recursive: true });
  for (const photo of prepared)
    writeFileSync(join(dir, photo.fileName), photo.bytes, { flag: "wx" });
  try {
    return writeTransaction((tx) => {
      const listing = tx.select().from(wasteListings).where(eq(wasteListings.id, listingId)).get();
      if (!listing || listing.orgId !== actor.orgId) throw notFound("listing.notFound");
      if (listing.status === "closed" || listing.status === "cancelled")
        throw conflict("listing.notEditable");
      const existing =
        tx
          .select({ n: count() })
          .from(listingPhotos)
          .where(eq(listingPhotos.listingId, listingId))
          .get()?.n ?? 0;
      if (existing + prepared.length > MAX_PHOTOS_PER_LISTING) {
        throw invalid("form.fixErrors", { photos: "listing.tooManyPhotos" });
      }
      const createdAt = now();
      for (const photo of prepared) {
        tx.insert(listingPhotos)
          .values({
            listingId,
            fileName: photo.fileName,
            contentType: photo.type,
            bytes: photo.bytes.length,
            createdAt,
          })
          .run();
      }
      audit(
        tx,
        actor,
        "listing.photos_added",
        { type: "listing", id: listingId },
        {
          files: prepared.map((p) => p.fileName),
        },
      );
      return prepared.length;
    });
  } catch (error) {
    for (const photo of prepared) rmSync(join(dir, photo.fileName), { force: true });
    throw error;
  }
}

export function listPhotos(listingId: number) {
  return db
    .select()
    .from(listingPhotos)
    .where(eq(listingPhotos.listingId, listingId))
    .orderBy(listingPhotos.id)
    .all();
}

/** A photo's file, for whoever may see its listing; anyone else gets "not found". */
export function getPhotoFile(actor: Actor, fileName: string) {
  const photo = db.select().from(listingPhotos).where(eq(listingPhotos.fileName, fileName)).get();
  if (!photo) throw notFound();
  getListing(actor, photo.listingId);
  return {
    path: join(uploadsDir(), photo.fileName),
    contentType: photo.contentType,
    bytes: photo.bytes,
  };
}
