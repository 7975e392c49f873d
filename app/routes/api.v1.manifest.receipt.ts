import { getManifest, receiveManifest } from "~/domain/manifests/manifests.server";
import { manifestResource } from "~/domain/manifests/schemas";
import { operations } from "~/lib/api/operations";
import { endpoint, handle } from "~/lib/api/serve.server";

const receipt = endpoint(
  handle(operations.receiveManifest, ({ actor, params, body }) => {
    receiveManifest(actor, params.manifestId, body);
    return manifestResource(getManifest(actor, params.manifestId));
  }),
);

export const loader = receipt;
export const action = receipt;
