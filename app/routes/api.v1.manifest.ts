import { getManifest } from "~/domain/manifests/manifests.server";
import { manifestResource } from "~/domain/manifests/schemas";
import { operations } from "~/lib/api/operations";
import { endpoint, handle } from "~/lib/api/serve.server";

const manifest = endpoint(
  handle(operations.getManifest, ({ actor, params }) =>
    manifestResource(getManifest(actor, params.manifestId)),
  ),
);

export const loader = manifest;
export const action = manifest;
