import type { z } from "zod";
import type { Actor } from "~/domain/access/actor";
import { type ApiActor, authenticateApiToken } from "~/domain/api-tokens/api-tokens.server";
import { DomainError } from "~/domain/errors";
import { id } from "~/domain/fields";
import { fieldErrorsOf } from "../forms";
import { type Operation, requestSchemas, responseSchemas } from "./operations";
import { problem } from "./problem.server";
import { apiRateLimiter } from "./rate-limit.server";

/** Far above any real body here, and small enough that nobody can make the server buffer much. */
const MAX_BODY_BYTES = 64 * 1024;

type Args = { request: Request; params: Record<string, string | undefined> };
type Bound = { operation: Operation; serve: (args: Args) => Promise<Response> };

type OperationInput<O extends Operation> = {
  actor: Actor;
  params: Record<NonNullable<O["pathParams"]>[number], number>;
  query: O["query"] extends z.ZodObject ? z.output<O["query"]> : undefined;
  body: O["body"] extends keyof typeof requestSchemas
    ? z.output<(typeof requestSchemas)[O["body"]]>
    : undefined;
};
type OperationOutput<O extends Operation> = z.input<
  (typeof responseSchemas)[O["response"]["schema"]]
>;
type OperationResult<O extends Operation> = OperationOutput<O> | Promise<OperationOutput<O>>;

/**
 * One path of the API, as a loader and an action: dispatches on the method to the operation
 * declared for it, or answers 405 with the methods it has.
 */
export function endpoint(...bound: Bound[]) {
  const allowed = bound.map((b) => b.operation.method).join(", ");
  return ({ request, params }: Args): Promise<Response> | Response => {
    const method = request.method === "HEAD" ? "GET" : request.method;
    const match = bound.find((b) => b.operation.method === method);
    if (match) return match.serve({ request, params });
    return problem(request, 405, "api.methodNotAllowed", {
      params: { method: request.method, allowed },
      headers: { Allow: allowed },
    });
  };
}

/**
 * Binds an operation to the domain call that serves it. Every request goes through the same
 * gates, in order: a live token (401), its rate limit (429), record ids in the path (404), a
 * JSON body that the operation's schema accepts (400, 413, 422); then the domain call, whose
 * refusals become problems, and the response schema, which is also the serialiser.
 */
export function handle<const O extends Operation>(
  operation: O,
  run: (input: OperationInput<O>) => OperationResult<O>,
): Bound {
  const serve = async ({ request, params }: Args): Promise<Response> => {
    const actor = await authenticate(request);
    if (actor instanceof Response) return actor;
    const verdict = apiRateLimiter.take(actor.apiTokenId);
    if (!verdict.allowed) {
      const seconds = verdict.retryAfterSeconds;
      return problem(request, 429, "api.rateLimited", {
        params: { seconds },
        headers: { "Retry-After": String(seconds) },
      });
    }
    const ids: Record<string, number> = {};
    for (const name of operation.pathParams ?? []) {
      const parsed = id.safeParse(params[name]);
      if (!parsed.success) return problem(request, 404, "error.notFound");
      ids[name] = parsed.data;
    }
    let query: unknown;
    if (operation.query) {
      const parsed = operation.query.safeParse(
        Object.fromEntries(new URL(request.url).searchParams),
      );
      if (!parsed.success) return invalidInput(request, parsed.error);
      query = parsed.data;
    }
    let body: unknown;
    if (operation.body) {
      const read = await readJson(request);
      if (!read.ok) return read.response;
      const parsed = requestSchemas[operation.body].safeParse(read.json);
      if (!parsed.success) return invalidInput(request, parsed.error);
      body = parsed.data;
    }
    try {
      const input = { actor, params: ids, query, body } as OperationInput<O>;
      const value = responseSchemas[operation.response.schema].parse(await run(input));
      const headers: Record<string, string> = { "Cache-Control": "no-store" };
      if (operation.location && typeof value === "object") {
        const fields: Record<string, unknown> = value;
        headers.Location = `/api/v1${operation.location.replace(/\{(\w+)\}/g, (_, name: string) => String(fields[name]))}`;
      }
      return Response.json(value, { status: operation.response.status, headers });
    } catch (error) {
      if (error instanceof DomainError) {
        return problem(request, error.status, error.code, {
          params: error.params,
          fieldErrors: error.fieldErrors,
        });
      }
      // A bug, not the caller's fault: logged here, since the problem response ends the request.
      console.error(error);
      return problem(request, 500, "error.unexpected");
    }
  };
  return { operation, serve };
}

function invalidInput(request: Request, error: z.ZodError): Response {
  return problem(request, 422, "form.fixErrors", { fieldErrors: fieldErrorsOf(error) });
}

async function authenticate(request: Request): Promise<ApiActor | Response> {
  const header = request.headers.get("Authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) {
    return problem(request, 401, "api.tokenMissing", {
      headers: { "WWW-Authenticate": 'Bearer realm="api"' },
    });
  }
  return (
    (await authenticateApiToken(match[1])) ??
    problem(request, 401, "api.tokenInvalid", {
      headers: { "WWW-Authenticate": 'Bearer realm="api", error="invalid_token"' },
    })
  );
}

async function readJson(
  request: Request,
): Promise<{ ok: true; json: unknown } | { ok: false; response: Response }> {
  const text = await readText(request);
  if (text === null) {
    const response = problem(request, 413, "api.bodyTooLarge", {
      params: { limit: MAX_BODY_BYTES / 1024 },
    });
    return { ok: false, response };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, response: problem(request, 400, "api.malformedJson") };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return { ok: false, response: problem(request, 400, "api.bodyNotObject") };
  }
  return { ok: true, json };
}

/**
 * How much of a body over the limit is still read and dropped before the 413 is sent: a client
 * still sending when the server answers sees its connection reset instead of the answer. Past
 * this, the rest is not worth reading and the connection is cut.
 */
const DRAIN_BYTES = 8 * 1024 * 1024;

/** The body as UTF-8 text, or null when it is larger than the limit. */
async function readText(request: Request): Promise<string | null> {
  if (!request.body) return "";
  let tooLarge = Number(request.headers.get("Content-Length") ?? 0) > MAX_BODY_BYTES;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    tooLarge ||= size > MAX_BODY_BYTES;
    if (!tooLarge) chunks.push(value);
    else if (size > DRAIN_BYTES) {
      await reader.cancel();
      break;
    }
  }
  return tooLarge ? null : Buffer.concat(chunks).toString("utf8");
}
