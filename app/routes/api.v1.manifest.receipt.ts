import { getManifest, receiveManifest } from "~/domain/manifests/manifests.server";
import { operations } from "~/lib/api/operations";
import { manifestResource } from "~/lib/api/resources/manifests";
import { endpoint, handle } from "~/lib/api/serve.server";

const receipt = endpoint(
  handle(operations.receiveManifest, async ({ actor, params, body }) => {
    await receiveManifest(actor, params.manifestId, body);
    return manifestResource(await getManifest(actor, params.manifestId));
  }),
);

export const loader = receipt;
export const action = receipt;
