import { z } from "zod";
import { type Permission, permissions } from "~/domain/access/permissions";
import { recordId } from "~/domain/fields";
import {
  type Operation,
  operations,
  operationTags,
  type ProblemStatus,
  problemsOf,
  requestSchemas,
  responseSchemas,
} from "./operations";

/** Reusable problem responses, named as OpenAPI tools expect components to be. */
const problemResponses: Record<
  ProblemStatus,
  { name: string; description: string; header?: [string, string] }
> = {
  400: { name: "BadRequest", description: "The body is not a JSON object." },
  401: {
    name: "Unauthorized",
    description: "No API token was sent, or it is unknown or revoked.",
    header: ["WWW-Authenticate", "Bearer challenge."],
  },
  403: { name: "Forbidden", description: "The token's role does not allow this." },
  404: {
    name: "NotFound",
    description: "No such record, or it belongs to another organisation.",
  },
  405: {
    name: "MethodNotAllowed",
    description: "The path has no such method.",
    header: ["Allow", "The methods the path has."],
  },
  409: { name: "Conflict", description: "The record is not in a state that allows this." },
  413: { name: "ContentTooLarge", description: "The body is larger than 64 KB." },
  422: {
    name: "UnprocessableContent",
    description: "Fields are missing or invalid; `errors` names each field with its message.",
  },
  429: {
    name: "TooManyRequests",
    description: "The token's rate limit is exhausted.",
    header: ["Retry-After", "Seconds until the next request is accepted."],
  },
  500: { name: "InternalServerError", description: "A fault on the server; nothing was changed." },
};

function jsonSchema(schema: z.ZodType, io: "input" | "output") {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" });
  return rest;
}

const ref = (kind: "schemas" | "responses", name: string) => ({
  $ref: `#/components/${kind}/${name}`,
});

/** "`order.read` (contractor: manager, site_agent; …)", from the permission table itself. */
function permissionText(names: readonly Permission[]): string {
  return names
    .map((name) => {
      const holders = Object.entries(permissions[name])
        .map(([kind, roles]) => `${kind}: ${roles.join(", ")}`)
        .join("; ");
      return `\`${name}\` (${holders})`;
    })
    .join(", ");
}

function pathItem(operation: Operation) {
  const parameters = [
    ...(operation.pathParams ?? []).map((name) => ({
      name,
      in: "path",
      required: true,
      schema: jsonSchema(recordId, "input"),
    })),
    ...Object.entries(operation.query?.shape ?? {}).map(([name, field]) => {
      const { description, ...schema } = jsonSchema(field, "input");
      return {
        name,
        in: "query",
        required: !field.safeParse(undefined).success,
        ...(typeof description === "string" ? { description } : {}),
        schema,
      };
    }),
  ];
  const { status, schema, description } = operation.response;
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    description: `${operation.description}\n\nChecked permissions: ${permissionText(operation.permissions)}.`,
    tags: [operation.tag],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(operation.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: ref("schemas", operation.body) } },
          },
        }
      : {}),
    responses: {
      [status]: {
        description,
        ...(operation.location
          ? {
              headers: {
                Location: {
                  description: "Where the new record can be read.",
                  schema: { type: "string" },
                },
              },
            }
          : {}),
        content: { "application/json": { schema: ref("schemas", schema) } },
      },
      ...Object.fromEntries(
        problemsOf(operation).map((s) => [s, ref("responses", problemResponses[s].name)]),
      ),
    },
  };
}

function build() {
  const all: Operation[] = Object.values(operations);
  const paths: Record<string, Record<string, Awaited<ReturnType<typeof pathItem>>>> = {};
  for (const operation of all) {
    const item = paths[operation.path] ?? {};
    item[operation.method.toLowerCase()] = pathItem(operation);
    paths[operation.path] = item;
  }
  const used = new Set([405 as const, ...all.flatMap(problemsOf)]);
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "Rebuild Exchange API",
      version: "1.0.0",
      description: [
        "Waste listings, claims and electronic manifests of the Sichuan construction-waste market, and the recycled products made from the waste — batches, orders, deliveries traced back to truck trips, and projects' recycled-product usage — for an organisation's own software (weighbridges, ERP).",
        "Authenticate with an organisation API token (Settings → API tokens): `Authorization: Bearer rx_…`. A token acts with the role chosen when it was created, and sees only what its organisation may see; another organisation's records read as 404.",
        "Quantities of waste and material are whole kilograms; quantities of a recycled product are whole thousandths of the product's unit (`…Milli`: 12.5 t = 12500, 2000 pieces = 2000000) with `massPerUnitG` to convert them to mass. Money is whole fen (¥1 = 100 fen), times ISO 8601 in UTC.",
        "Errors are RFC 9457 `application/problem+json`, in the language of `Accept-Language` (zh or en). Each token has its own rate limit; a 429 says when to retry in `Retry-After`.",
      ].join("\n\n"),
    },
    servers: [{ url: "/api/v1" }],
    security: [{ bearerAuth: [] }],
    tags: operationTags.map((tag) => ({ ...tag })),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "An organisation API token." },
      },
      schemas: {
        ...Object.fromEntries(
          Object.entries(requestSchemas).map(([name, s]) => [name, jsonSchema(s, "input")]),
        ),
        ...Object.fromEntries(
          Object.entries(responseSchemas).map(([name, s]) => [name, jsonSchema(s, "output")]),
        ),
      },
      responses: Object.fromEntries(
        [...used]
          .sort((a, b) => a - b)
          .map((s) => {
            const { name, description, header } = problemResponses[s];
            return [
              name,
              {
                description,
                ...(header
                  ? {
                      headers: {
                        [header[0]]: { description: header[1], schema: { type: "string" } },
                      },
                    }
                  : {}),
                content: { "application/problem+json": { schema: ref("schemas", "Problem") } },
              },
            ];
          }),
      ),
    },
  };
}

let built: Awaited<ReturnType<typeof build>> | undefined;

/** The OpenAPI 3.1 document of /api/v1, generated once from the operations and their schemas. */
export function openApiDocument() {
  built ??= build();
  return built;
}
