import { reportMaterialUse } from "~/domain/usage/usage.server";
import { operations } from "~/lib/api/operations";
import { materialUseReport } from "~/lib/api/resources/usage";
import { endpoint, handle } from "~/lib/api/serve.server";

/** No evidence file here: evidence is uploaded on the project's web page. */
const materialUse = endpoint(
  handle(operations.reportMaterialUse, async ({ actor, params, body }) =>
    materialUseReport(await reportMaterialUse(actor, { ...body, projectId: params.projectId })),
  ),
);

export const loader = materialUse;
export const action = materialUse;
