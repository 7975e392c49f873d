import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { requireActor } from "~/domain/accounts/session.server";
import { getPhoto } from "~/domain/documents.server";
import { STORED_NAME } from "~/domain/uploads.server";
import { orRespond } from "~/lib/http.server";
import type { Route } from "./+types/photos";

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  // Stored names are a UUID and an extension; anything else cannot name a file of ours.
  if (!STORED_NAME.test(params.fileName)) {
    throw new Response("Not found", { status: 404 });
  }
  const photo = await orRespond(async () => await getPhoto(actor, params.fileName));
  return new Response(Readable.toWeb(createReadStream(photo.path)) as ReadableStream, {
    headers: {
      "Content-Type": photo.contentType,
      "Content-Length": String(photo.bytes),
      "Cache-Control": "private, max-age=86400, immutable",
    },
  });
}
