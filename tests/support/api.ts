import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import { expect } from "vitest";

export type ApiResponse = {
  status: number;
  headers: Headers;
  contentType: string;
  // Whatever JSON the server sent; tests read fields after validating it against the document.
  // biome-ignore lint/suspicious/noExplicitAny: a JSON body of any shape
  body: any;
};

/** One request to the JSON API, as weighbridge software would send it. */
export async function apiRequest(
  baseUrl: string,
  request: {
    method?: string;
    path: string;
    token?: string;
    json?: unknown;
    /** A body sent as is, for malformed input. */
    raw?: string;
    language?: string;
  },
): Promise<ApiResponse> {
  const headers: Record<string, string> = { "Accept-Language": request.language ?? "en" };
  if (request.token) headers.Authorization = `Bearer ${request.token}`;
  let body: string | undefined = request.raw;
  if (request.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(request.json);
  }
  const response = await fetch(`${baseUrl}/api/v1${request.path}`, {
    method: request.method ?? "GET",
    headers,
    body,
    redirect: "manual",
  });
  const text = await response.text();
  const contentType = (response.headers.get("Content-Type") ?? "").split(";")[0] ?? "";
  return {
    status: response.status,
    headers: response.headers,
    contentType,
    body: contentType.endsWith("json") ? JSON.parse(text) : text,
  };
}

type Json = Record<string, unknown>;

/**
 * The server's own /api/v1/openapi.json, used to check real responses: each one must carry the
 * status, media type and body that the document declares for its path and method.
 */
export class OpenApiDocument {
  private readonly ajv = new Ajv2020({ allErrors: true, validateFormats: false });
  private readonly compiled = new Map<unknown, ValidateFunction>();

  private constructor(readonly document: Json) {}

  static async load(baseUrl: string): Promise<OpenApiDocument> {
    const response = await fetch(`${baseUrl}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    return new OpenApiDocument((await response.json()) as Json);
  }

  /** Follows a local "$ref" ("#/components/…") to what it points at. */
  resolve(node: unknown): Json {
    let current = node as Json;
    while (typeof current.$ref === "string") {
      const pointer = current.$ref.replace(/^#\//, "").split("/");
      current = pointer.reduce<Json>((at, key) => at[key] as Json, this.document);
      expect(current, `unresolved ${String(node)}`).toBeDefined();
    }
    return current;
  }

  operation(method: string, template: string): Json {
    const paths = this.document.paths as Record<string, Record<string, Json>>;
    const operation = paths[template]?.[method.toLowerCase()];
    expect(operation, `${method} ${template} is documented`).toBeDefined();
    return operation as Json;
  }

  /** Validates a body against a schema of the document (by value or by "$ref"). */
  validate(schemaNode: unknown, body: unknown, context: string) {
    const schema = this.resolve(schemaNode);
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(schema, validate);
    }
    const valid = validate(body);
    expect(validate.errors ?? [], `${context}: ${JSON.stringify(body).slice(0, 300)}`).toEqual([]);
    expect(valid).toBe(true);
  }

  /** The response is one the document declares for this operation, and its body fits the schema. */
  expectDocumented(method: string, template: string, response: ApiResponse) {
    const context = `${method} ${template} → ${response.status}`;
    const responses = this.operation(method, template).responses as Record<string, unknown>;
    const declared = responses[String(response.status)];
    expect(declared, `${context} is a documented response`).toBeDefined();
    const content = this.resolve(declared).content as Record<string, { schema: unknown }>;
    const media = content[response.contentType];
    expect(media, `${context} is sent as ${Object.keys(content).join(" or ")}`).toBeDefined();
    this.validate(media?.schema, response.body, context);
  }

  /** For answers outside any documented operation (unknown paths, wrong methods). */
  expectProblem(response: ApiResponse, status: number) {
    expect(response.status).toBe(status);
    expect(response.contentType).toBe("application/problem+json");
    this.validate({ $ref: "#/components/schemas/Problem" }, response.body, `problem ${status}`);
  }
}
