import { getManifest } from "~/domain/manifests/manifests.server";
import { operations } from "~/lib/api/operations";
import { manifestResource } from "~/lib/api/resources/manifests";
import { endpoint, handle } from "~/lib/api/serve.server";

const manifest = endpoint(
  handle(operations.getManifest, async ({ actor, params }) =>
    manifestResource(await getManifest(actor, params.manifestId)),
  ),
);

export const loader = manifest;
export const action = manifest;
