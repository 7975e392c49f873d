import { openApiDocument } from "~/lib/api/openapi";
import { problem } from "~/lib/api/problem.server";
import type { Route } from "./+types/api.v1.openapi";

/** Public: the document describes the API and holds nothing about any organisation. */
export function loader() {
  return Response.json(openApiDocument(), {
    headers: { "Cache-Control": "public, max-age=300" },
  });
}

export function action({ request }: Route.ActionArgs) {
  return problem(request, 405, "api.methodNotAllowed", {
    params: { method: request.method, allowed: "GET" },
    headers: { Allow: "GET" },
  });
}
