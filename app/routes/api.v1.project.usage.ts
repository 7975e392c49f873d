import { projectUsage } from "~/domain/usage/usage.server";
import { operations } from "~/lib/api/operations";
import { projectUsageResource } from "~/lib/api/resources/usage";
import { endpoint, handle } from "~/lib/api/serve.server";

const usage = endpoint(
  handle(operations.getProjectUsage, async ({ actor, params }) =>
    projectUsageResource(await projectUsage(actor, params.projectId)),
  ),
);

export const loader = usage;
export const action = usage;
