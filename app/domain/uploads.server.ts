import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { settings } from "#config/settings";
import type { ErrorCode } from "./error-codes";
import { invalid } from "./errors";

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

/** Uploaded files live beside the database (under data/ by default), never inside the build. */
export function uploadsDir(): string {
  const config = settings();
  return resolve(config.UPLOADS_DIR ?? join(dirname(config.DATABASE_PATH), "uploads"));
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
  {
    type: "application/pdf",
    ext: "pdf",
    test: (b: Uint8Array) => String.fromCharCode(...b.subarray(0, 5)) === "%PDF-",
  },
] as const;
export type UploadType = (typeof kinds)[number]["type"];

export const IMAGE_TYPES: readonly UploadType[] = ["image/jpeg", "image/png", "image/webp"];
export const DOCUMENT_TYPES: readonly UploadType[] = [...IMAGE_TYPES, "application/pdf"];

/** Names the store gives files: a UUID and an extension, nothing a client chose. */
export const STORED_NAME = /^[0-9a-f-]{36}\.(jpg|png|webp|pdf)$/;

export type PreparedUpload = { bytes: Uint8Array; type: UploadType; fileName: string };

/**
 * Checks uploaded files by their signature (the name and type a browser sends prove nothing) and
 * size, before anything is written. `field` names the form field the messages belong to.
 */
export async function prepareUploads(
  files: readonly File[],
  allowed: readonly UploadType[],
  field: string,
  typeMessage: ErrorCode,
  sizeMessage: ErrorCode,
): Promise<PreparedUpload[]> {
  const prepared: PreparedUpload[] = [];
  for (const file of files) {
    if (file.size > MAX_UPLOAD_BYTES) throw invalid("form.fixErrors", { [field]: sizeMessage });
    const bytes = new Uint8Array(await file.arrayBuffer());
    const kind = kinds.find((k) => k.test(bytes));
    if (!kind || !allowed.includes(kind.type))
      throw invalid("form.fixErrors", { [field]: typeMessage });
    prepared.push({ bytes, type: kind.type, fileName: `${randomUUID()}.${kind.ext}` });
  }
  return prepared;
}

/**
 * Writes prepared files, then runs `record` (the database transaction that refers to them); if
 * recording fails, the files are removed again so no orphan is left behind.
 */
export async function storeUploads<T>(
  prepared: readonly PreparedUpload[],
  record: () => Promise<T>,
): Promise<T> {
  const dir = uploadsDir();
  mkdirSync(dir, { recursive: true });
  for (const upload of prepared)
    writeFileSync(join(dir, upload.fileName), upload.bytes, { flag: "wx" });
  try {
    return await record();
  } catch (error) {
    for (const upload of prepared) rmSync(join(dir, upload.fileName), { force: true });
    throw error;
  }
}

export function uploadPath(fileName: string): string {
  return join(uploadsDir(), fileName);
}
