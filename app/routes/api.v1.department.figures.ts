import { dashboard } from "~/domain/stats/dashboard.server";
import { resolvePeriod } from "~/domain/stats/utilization.server";
import { operations } from "~/lib/api/operations";
import { endpoint, handle } from "~/lib/api/serve.server";

/** The dashboard's own figures, from the function that draws the page. */
const figures = endpoint(
  handle(
    operations.getDepartmentFigures,
    async ({ actor, query }) => await dashboard(actor, resolvePeriod(query)),
  ),
);

export const loader = figures;
export const action = figures;
