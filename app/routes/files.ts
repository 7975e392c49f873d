import { createReadStream, statSync } from "node:fs";
import { Readable } from "node:stream";
import { requireActor } from "~/domain/accounts/session.server";
import { getDocument } from "~/domain/documents.server";
import { STORED_NAME } from "~/domain/uploads.server";
import { orRespond } from "~/lib/http.server";
import type { Route } from "./+types/files";

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  if (!STORED_NAME.test(params.fileName)) throw new Response("Not found", { status: 404 });
  const document = await orRespond(async () => await getDocument(actor, params.fileName));
  return new Response(Readable.toWeb(createReadStream(document.path)) as ReadableStream, {
    headers: {
      "Content-Type": document.contentType,
      "Content-Length": String(statSync(document.path).size),
      "Content-Disposition": "inline",
      "Cache-Control": "private, max-age=3600",
    },
  });
}
