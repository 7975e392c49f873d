import { dispatchManifest, getManifest } from "~/domain/manifests/manifests.server";
import { operations } from "~/lib/api/operations";
import { manifestResource } from "~/lib/api/resources/manifests";
import { endpoint, handle } from "~/lib/api/serve.server";

const manifests = endpoint(
  handle(operations.dispatchManifest, async ({ actor, params, body }) => {
    const manifest = await dispatchManifest(actor, params.orderId, body);
    return manifestResource(await getManifest(actor, manifest.id));
  }),
);

export const loader = manifests;
export const action = manifests;
