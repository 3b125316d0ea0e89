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
 * security per the route's auth policy as the server enforces it (`authConfigured`: whether tokens
 * or verifiers are set, which `default` routes then require). Raw mounts (MCP) appear with their methods only.
 */
export function buildOpenApiDocument(
  routes: readonly HttpRouteDefinition[],
  mounts: readonly HttpRawMount[],
  info: OpenApiInfo = {},
  authConfigured = true,
): OpenApiDocument {
  const security = (auth: HttpAuthPolicy | undefined) => securityOf(auth ?? 'default', authConfigured);
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, JsonSchema> = { Problem: PROBLEM_SCHEMA };
  const at = (path: string): Record<string, unknown> => {
    const key = openApiPath(path);
    paths[key] ??= {};
    return paths[key];
  };
  for (const route of routes) at(route.path)[route.method.toLowerCase()] = { ...routeOperation(route, schemas), ...security(route.auth) };
  for (const mount of mounts) {
    for (const method of mount.methods) {
      at(mount.path)[method.toLowerCase()] = {
        ...(mount.description === undefined ? {} : { summary: mount.description }),
        ...pathParameters(mount.path, undefined, schemas, ''),
        ...security(mount.auth),
        responses: { default: { description: 'Answered by the mounted handler (its own protocol).' } },
      };
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: info.title ?? 'Cortex-OS runtime', version: info.version ?? '0.0.0' },
    paths,
    components: {
      schemas,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
  };
}

function routeOperation(route: HttpRouteDefinition, schemas: Record<string, JsonSchema>): Record<string, unknown> {
  // Component names for schemas a route's own schemas refer to (recursive ones): `POST_api_v1_trees.body`.
  const name = `${route.method}${route.path}`.replace(/[^A-Za-z0-9._-]/g, '_');
  const query = objectParameters(route.query, schemas, `${name}.query`);
  const path = pathParameters(route.path, route.params, schemas, `${name}.params`);
  const parameters = [...((path.parameters as unknown[] | undefined) ?? []), ...query];
  const body = route.body === undefined ? undefined : schemaOf(route.body, 'input', schemas, `${name}.body`);
  const response = route.response === undefined ? undefined : schemaOf(route.response, 'output', schemas, `${name}.response`);
  const success =
    response === undefined
      ? { description: 'Success.' }
      : { description: 'Success.', content: { 'application/json': { schema: response } } };
  return {
    ...(route.description === undefined ? {} : { summary: route.description }),
    ...(parameters.length === 0 ? {} : { parameters }),
    ...(body === undefined ? {} : { requestBody: { required: true, content: { 'application/json': { schema: body } } } }),
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

function pathParameters(
  path: string,
  schema: z.ZodType | undefined,
  schemas: Record<string, JsonSchema>,
  name: string,
): { parameters?: unknown[] } {
  const names = [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] as string);
  if (path.endsWith('*')) names.push('wildcard');
  if (names.length === 0) return {};
  const properties =
    schema === undefined ? {} : ((schemaOf(schema, 'input', schemas, name).properties ?? {}) as Record<string, JsonSchema>);
  return {
    parameters: names.map((param) => ({ name: param, in: 'path', required: true, schema: properties[param] ?? { type: 'string' } })),
  };
}

function objectParameters(schema: z.ZodType | undefined, schemas: Record<string, JsonSchema>, name: string): unknown[] {
  if (schema === undefined) return [];
  const json = schemaOf(schema, 'input', schemas, name);
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: required.has(name),
    schema: property,
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
  }));
}

/** What a route's auth policy asks of a caller, as the server enforces it: `default` requires a token only when tokens or verifiers are configured. */
function securityOf(auth: HttpAuthPolicy, authConfigured: boolean): { security: unknown[] } {
  if (auth === 'none' || (auth === 'default' && !authConfigured)) return { security: [] };
  if (auth === 'optional') return { security: [{}, { bearer: [] }] };
  return { security: [{ bearer: [] }] };
}

/**
 * A zod schema as JSON Schema 2020-12; what JSON Schema cannot say (transforms, dates) becomes
 * `{}`. A recursive schema's definitions (`$defs`, and the root itself when it refers to itself
 * as `#`) move to the document's `components.schemas` under `name`, since `#` inside an OpenAPI
 * document means the document.
 */
function schemaOf(schema: z.ZodType, io: 'input' | 'output', schemas: Record<string, JsonSchema>, name: string): JsonSchema {
  let json: JsonSchema;
  try {
    json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  } catch {
    return {};
  }
  const { $schema: _dialect, $defs, ...root } = json;
  const defs = ($defs ?? {}) as Record<string, JsonSchema>;
  const rewrite = (text: string): string => {
    let out = text;
    for (const def of Object.keys(defs)) out = out.split(`"#/$defs/${def}"`).join(`"#/components/schemas/${name}.${def}"`);
    return out.split('"$ref":"#"').join(`"$ref":"#/components/schemas/${name}"`);
  };
  const rootText = JSON.stringify(root);
  let selfReferent = rootText.includes('"$ref":"#"');
  for (const [def, definition] of Object.entries(defs)) {
    const text = JSON.stringify(definition);
    selfReferent ||= text.includes('"$ref":"#"');
    schemas[`${name}.${def}`] = JSON.parse(rewrite(text)) as JsonSchema;
  }
  const rewritten = JSON.parse(rewrite(rootText)) as JsonSchema;
  if (!selfReferent) return rewritten;
  schemas[name] = rewritten;
  return { $ref: `#/components/schemas/${name}` };
}
