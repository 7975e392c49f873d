import { eq } from "drizzle-orm";
import { listingPhotos, materialUseReports, productBatches, productPhotos } from "#db/schema";
import { read } from "#db/store";
import type { Actor } from "./access";
import { rectificationDocument } from "./department";
import { notFound } from "./errors";
import { getListing } from "./listings";
import { getProduct } from "./products";
import { getMyProject } from "./projects";
import { uploadPath } from "./uploads.server";

/**
 * A stored document for whoever may see the record it belongs to: a batch's test report for
 * anyone who may see the product; a usage report's evidence for the project's own contractor;
 * a rectification response's evidence for whoever may see the item.
 */
export async function getDocument(actor: Actor, fileName: string) {
  return read(async (db) => {
    const batch = (
      await db
        .select()
        .from(productBatches)
        .where(eq(productBatches.testReportFile, fileName))
        .limit(1)
    )[0];
    if (batch?.testReportType) {
      await getProduct(actor, batch.productId);
      return { path: uploadPath(fileName), contentType: batch.testReportType };
    }
    const report = (
      await db
        .select()
        .from(materialUseReports)
        .where(eq(materialUseReports.evidenceFile, fileName))
        .limit(1)
    )[0];
    if (report?.evidenceType) {
      await getMyProject(actor, report.projectId);
      return { path: uploadPath(fileName), contentType: report.evidenceType };
    }
    const rectification = await rectificationDocument(actor, fileName);
    if (rectification) return rectification;
    throw notFound();
  });
}

/** A photo of a listing or a product, for whoever may see that listing or product. */
export async function getPhoto(actor: Actor, fileName: string) {
  return read(async (db) => {
    const listingPhoto = (
      await db.select().from(listingPhotos).where(eq(listingPhotos.fileName, fileName)).limit(1)
    )[0];
    if (listingPhoto) {
      await getListing(actor, listingPhoto.listingId);
      return {
        path: uploadPath(fileName),
        contentType: listingPhoto.contentType,
        bytes: listingPhoto.bytes,
      };
    }
    const productPhoto = (
      await db.select().from(productPhotos).where(eq(productPhotos.fileName, fileName)).limit(1)
    )[0];
    if (productPhoto) {
      await getProduct(actor, productPhoto.productId);
      return {
        path: uploadPath(fileName),
        contentType: productPhoto.contentType,
        bytes: productPhoto.bytes,
      };
    }
    throw notFound();
  });
}
