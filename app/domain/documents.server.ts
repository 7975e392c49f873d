import { eq } from "drizzle-orm";
import { db } from "#db/client";
import { listingPhotos, materialUseReports, productBatches, productPhotos } from "#db/schema";
import type { Actor } from "./accounts/actor";
import { rectificationDocument } from "./department/rectification.server";
import { notFound } from "./errors";
import { getListing } from "./listings/listings.server";
import { getProduct } from "./products/catalogue.server";
import { getMyProject } from "./projects/projects.server";
import { uploadPath } from "./uploads.server";

/**
 * A stored document for whoever may see the record it belongs to: a batch's test report for
 * anyone who may see the product; a usage report's evidence for the project's own contractor;
 * a rectification response's evidence for whoever may see the item.
 */
export function getDocument(actor: Actor, fileName: string) {
  const batch = db
    .select()
    .from(productBatches)
    .where(eq(productBatches.testReportFile, fileName))
    .get();
  if (batch?.testReportType) {
    getProduct(actor, batch.productId);
    return { path: uploadPath(fileName), contentType: batch.testReportType };
  }
  const report = db
    .select()
    .from(materialUseReports)
    .where(eq(materialUseReports.evidenceFile, fileName))
    .get();
  if (report?.evidenceType) {
    getMyProject(actor, report.projectId);
    return { path: uploadPath(fileName), contentType: report.evidenceType };
  }
  const rectification = rectificationDocument(actor, fileName);
  if (rectification) return rectification;
  throw notFound();
}

/** A photo of a listing or a product, for whoever may see that listing or product. */
export function getPhoto(actor: Actor, fileName: string) {
  const listingPhoto = db
    .select()
    .from(listingPhotos)
    .where(eq(listingPhotos.fileName, fileName))
    .get();
  if (listingPhoto) {
    getListing(actor, listingPhoto.listingId);
    return {
      path: uploadPath(fileName),
      contentType: listingPhoto.contentType,
      bytes: listingPhoto.bytes,
    };
  }
  const productPhoto = db
    .select()
    .from(productPhotos)
    .where(eq(productPhotos.fileName, fileName))
    .get();
  if (productPhoto) {
    getProduct(actor, productPhoto.productId);
    return {
      path: uploadPath(fileName),
      contentType: productPhoto.contentType,
      bytes: productPhoto.bytes,
    };
  }
  throw notFound();
}
