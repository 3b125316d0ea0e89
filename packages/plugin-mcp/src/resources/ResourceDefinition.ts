import { McpError } from '../errors/McpError.js';
import { parseUriTemplate } from './UriTemplate.js';

/**
 * The contents of a resource: text, or base64 binary.
 * @public
 */
export type ResourceContents =
  | { readonly uri: string; readonly mimeType?: string; readonly text: string }
  | { readonly uri: string; readonly mimeType?: string; readonly blob: string };

/**
 * What a resource reader receives.
 * @public
 */
export interface ResourceReadContext {
  /** The URI being read (for a template, the concrete URI). */
  readonly uri: string;
  /** Template variables; empty for fixed resources. */
  readonly variables: Readonly<Record<string, string>>;
  readonly signal: AbortSignal;
}

/**
 * What a reader returns: one content, several, or a string (text with the resource's media type).
 * @public
 */
export type ResourceReadResult = string | ResourceContents | readonly ResourceContents[];

/**
 * A read-only resource at a fixed URI.
 * @public
 */
export interface ResourceDefinition {
  readonly kind: 'resource';
  readonly uri: string;
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  readonly mimeType?: string;
  /** Size in bytes, when known. */
  readonly size?: number;
  readonly read: (context: ResourceReadContext) => ResourceReadResult | Promise<ResourceReadResult>;
}

/**
 * A family of read-only resources addressed by a URI template such as `notes://{id}`.
 * @public
 */
export interface ResourceTemplateDefinition {
  readonly kind: 'template';
  readonly uriTemplate: string;
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  readonly mimeType?: string;
  readonly read: (context: ResourceReadContext) => ResourceReadResult | Promise<ResourceReadResult>;
  /** Completion of template variables: variable name → candidates for a prefix. */
  readonly complete?: Readonly<Record<string, (value: string, context: { readonly arguments: Readonly<Record<string, string>> }) => readonly string[] | Promise<readonly string[]>>>;
}

const URI_PATTERN = /^[A-Za-z][A-Za-z0-9+.-]*:\S*$/;

/**
 * Defines a resource at a fixed URI, checking its URI and name.
 * @throws {@link McpError} `MCP_RESOURCE_DEFINITION_INVALID` naming what is wrong.
 * @example
 * ```ts
 * const readme = defineResource({ uri: 'docs://readme', name: 'readme', mimeType: 'text/markdown', read: () => '# Hello' });
 * ```
 * @public
 */
export function defineResource(definition: Omit<ResourceDefinition, 'kind'>): ResourceDefinition {
  if (!URI_PATTERN.test(definition.uri)) {
    throw new McpError('MCP_RESOURCE_DEFINITION_INVALID', `Resource URI "${definition.uri}" is not an absolute URI (scheme:…).`, { details: { uri: definition.uri } });
  }
  checkCommon(definition.name, definition.read, definition.uri);
  return Object.freeze({ ...definition, kind: 'resource' as const });
}

/**
 * Defines a resource template, checking its template and name.
 * @throws {@link McpError} `MCP_RESOURCE_DEFINITION_INVALID` naming what is wrong.
 * @example
 * ```ts
 * const note = defineResourceTemplate({ uriTemplate: 'notes://{id}', name: 'note', read: ({ variables }) => notes.get(variables.id) ?? '' });
 * ```
 * @public
 */
export function defineResourceTemplate(definition: Omit<ResourceTemplateDefinition, 'kind'>): ResourceTemplateDefinition {
  const parsed = parseUriTemplate(definition.uriTemplate);
  if (parsed.variables.length === 0 || !URI_PATTERN.test(definition.uriTemplate.replace(/\{[^}]*\}/g, 'x'))) {
    throw new McpError('MCP_RESOURCE_DEFINITION_INVALID', `URI template "${definition.uriTemplate}" needs a scheme and at least one {variable}.`, {
      details: { uriTemplate: definition.uriTemplate },
    });
  }
  for (const name of Object.keys(definition.complete ?? {})) {
    if (!parsed.variables.includes(name)) {
      throw new McpError('MCP_RESOURCE_DEFINITION_INVALID', `URI template "${definition.uriTemplate}" completes "${name}", which is not one of its variables (${parsed.variables.join(', ')}).`, {
        details: { uriTemplate: definition.uriTemplate },
      });
    }
  }
  checkCommon(definition.name, definition.read, definition.uriTemplate);
  return Object.freeze({ ...definition, kind: 'template' as const });
}

function checkCommon(name: string, read: unknown, where: string): void {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new McpError('MCP_RESOURCE_DEFINITION_INVALID', `Resource "${where}" needs a name.`, { details: { uri: where } });
  }
  if (typeof read !== 'function') {
    throw new McpError('MCP_RESOURCE_DEFINITION_INVALID', `Resource "${where}" needs a read function.`, { details: { uri: where } });
  }
}
