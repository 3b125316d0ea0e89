import type { HttpAuthPolicy, HttpRawMount, HttpRouteDefinition } from '@cortex-os/http-api';
import { z } from 'zod';

/**
 * An OpenAPI 3.1 document (the fields this server writes; see the OpenAPI specification).
 * @public
 */
export interface OpenApiDocument {
  readonly openapi: '3.1.0';
  readonly info: { readonly title: string; readonly version: string; readonly description?: string };
  readonly paths: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly components: Readonly<Record<string, unknown>>;
}

/**
 * The title and version of the document's `info`.
 * @public
 */
export interface OpenApiInfo {
  /** Default `Cortex-OS runtime`. */
  readonly title?: string;
  /** The API's version; default `0.0.0`. */
  readonly version?: string;
}

type JsonSchema = Record<string, unknown>;

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };

/** The problem+json body every route may answer with (RFC 9457, with the runtime's `code` and `requestId`). */
const PROBLEM_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string' },
    requestId: { type: 'string' },
  },
};

/**
 * Builds the OpenAPI 3.1 document of the routes and raw mounts a server has (internal): path,
 * query, body and response schemas from each JSON route's zod schemas (zod's `toJSONSchema`,
 * JSON Schema 2020-12 as OpenAPI 3.1 uses), problem+json as every route's error answer, bearer
 * security per the route's auth policy. Raw mounts (MCP) appear with their methods only.
 */
export function buildOpenApiDocument(
  routes: readonly HttpRouteDefinition[],
  mounts: readonly HttpRawMount[],
  info: OpenApiInfo = {},
): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {};
  const at = (path: string): Record<string, unknown> => {
    const key = openApiPath(path);
    paths[key] ??= {};
    return paths[key];
  };
  for (const route of routes) at(route.path)[route.method.toLowerCase()] = routeOperation(route);
  for (const mount of mounts) {
    for (const method of mount.methods) {
      at(mount.path)[method.toLowerCase()] = {
        ...(mount.description === undefined ? {} : { summary: mount.description }),
        ...pathParameters(mount.path, undefined),
        ...security(mount.auth ?? 'default'),
        responses: { default: { description: 'Answered by the mounted handler (its own protocol).' } },
      };
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: info.title ?? 'Cortex-OS runtime', version: info.version ?? '0.0.0' },
    paths,
    components: {
      schemas: { Problem: PROBLEM_SCHEMA },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
  };
}

function routeOperation(route: HttpRouteDefinition): Record<string, unknown> {
  const query = objectParameters(route.query, 'query');
  const path = pathParameters(route.path, route.params);
  const parameters = [...((path.parameters as unknown[] | undefined) ?? []), ...query];
  const body = route.body === undefined ? undefined : schemaOf(route.body, 'input');
  const response = route.response === undefined ? undefined : schemaOf(route.response, 'output');
  const success =
    response === undefined
      ? { description: 'Success.' }
      : { description: 'Success.', content: { 'application/json': { schema: response } } };
  return {
    ...(route.description === undefined ? {} : { summary: route.description }),
    ...(parameters.length === 0 ? {} : { parameters }),
    ...(body === undefined ? {} : { requestBody: { required: true, content: { 'application/json': { schema: body } } } }),
    ...security(route.auth ?? 'default'),
    responses: {
      [response === undefined ? '2XX' : '200']: success,
      default: { description: 'A problem (RFC 9457).', content: { 'application/problem+json': { schema: PROBLEM_REF } } },
    },
  };
}

/** `/memories/:id` → `/memories/{id}`; a wildcard `*` → `{wildcard}`. */
function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{wildcard}');
}

function pathParameters(path: string, schema: z.ZodType | undefined): { parameters?: unknown[] } {
  const names = [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] as string);
  if (path.endsWith('*')) names.push('wildcard');
  if (names.length === 0) return {};
  const properties =
    schema === undefined ? {} : (((schemaOf(schema, 'input') as JsonSchema).properties ?? {}) as Record<string, JsonSchema>);
  return { parameters: names.map((name) => ({ name, in: 'path', required: true, schema: properties[name] ?? { type: 'string' } })) };
}

function objectParameters(schema: z.ZodType | undefined, where: 'query'): unknown[] {
  if (schema === undefined) return [];
  const json = schemaOf(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: required.has(name),
    schema: property,
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
  }));
}

function security(auth: HttpAuthPolicy): { security: unknown[] } {
  if (auth === 'none') return { security: [] };
  if (auth === 'optional') return { security: [{}, { bearer: [] }] };
  // `default` needs a token when the server has any configured; the document says it may.
  return { security: [{ bearer: [] }] };
}

/**
 * A zod schema as JSON Schema 2020-12; what JSON Schema cannot say (transforms, dates) becomes
 * `{}`, and so does a recursive schema (its `$defs` references would not resolve inside the document).
 */
function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  try {
    const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
      io,
      unrepresentable: 'any',
      cycles: 'throw',
      target: 'draft-2020-12',
    }) as JsonSchema;
    return json;
  } catch {
    return {};
  }
}
