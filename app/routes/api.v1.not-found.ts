import { problem } from "~/lib/api/problem.server";

/** Anything under /api/v1 that no endpoint claims is a problem+json 404, never an HTML page. */
const unknownPath = ({ request }: { request: Request }) => problem(request, 404, "api.unknownPath");

export const loader = unknownPath;
export const action = unknownPath;
