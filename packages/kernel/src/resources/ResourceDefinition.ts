import { KernelError } from '../errors/KernelError.js';
import { parseUriTemplate } from './UriTemplate.js';
import type { ResourceDescriptor, ResourceTemplateDescriptor } from './ResourceDescriptor.js';

/**
 * The contents of a resource: text, or base64 binary (`blob`).
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
  /** Template variables, percent-decoded; empty for fixed resources. */
  readonly variables: Readonly<Record<string, string>>;
  /** Aborts when the caller cancels the read. */
  readonly signal: AbortSignal;
}

/**
 * What a reader returns: one content, several, or a string (text with the resource's media type).
 * @public
 */
export type ResourceReadResult = string | ResourceContents | readonly ResourceContents[];

/**
 * Reads a resource. Throw `new KernelError('RESOURCE_NOT_FOUND', …)` when a template's concrete
 * URI names nothing; anything else thrown becomes `RESOURCE_READ_FAILED`.
 * @public
 */
export type ResourceReader = (context: ResourceReadContext) => ResourceReadResult | Promise<ResourceReadResult>;

/**
 * Completes one template variable: candidates for the prefix `value`, with the other variables given so far.
 * @public
 */
export type ResourceVariableCompleter = (
  value: string,
  context: { readonly arguments: Readonly<Record<string, string>> },
) => readonly string[] | Promise<readonly string[]>;

/**
 * What a {@link ResourceWatcher} calls when a resource it watches changed: the concrete URI
 * (for a template, e.g. `notes://7`).
 * @public
 */
export type ResourceChangeNotifier = (uri: string) => void;

/**
 * A resource's change feed: starts watching whatever backs the resource, calls `notify(uri)` on
 * each change, and returns a function that stops watching.
 *
 * @remarks
 * A {@link ResourceRegistry} calls it once per registration (so the definition needs no
 * reference to the registry, and a plugin contributing on {@link kernelExtensionPoints} need not know
 * which transport serves it) and calls the returned function on unregister or dispose. The
 * registry forwards a notified URI to {@link ResourceRegistry.notifyUpdated} only when it
 * belongs to the watching definition — its own URI, or a URI its template matches — and only
 * while the definition is registered; anything else is ignored. MCP turns each forwarded URI into
 * `notifications/resources/updated` for clients subscribed to it.
 * @example
 * ```ts
 * const note = defineResourceTemplate({
 *   uriTemplate: 'notes://{id}',
 *   name: 'note',
 *   read: ({ variables }) => notes.get(variables['id'] ?? '') ?? '',
 *   watch: (notify) => notes.onChange((id) => notify(`notes://${encodeURIComponent(id)}`)),
 * });
 * ```
 * @public
 */
export type ResourceWatcher = (notify: ResourceChangeNotifier) => () => void;

/**
 * A read-only resource at a fixed URI.
 * @public
 */
export interface ResourceDefinition extends ResourceDescriptor {
  /** Discriminates fixed resources from templates. */
  readonly kind: 'resource';
  /** Produces the contents. */
  readonly read: ResourceReader;
  /** Announces changes of the contents (see {@link ResourceWatcher}); without it, nothing does. */
  readonly watch?: ResourceWatcher;
}

/**
 * A family of read-only resources addressed by a URI template such as `notes://{id}`.
 * @public
 */
export interface ResourceTemplateDefinition extends ResourceTemplateDescriptor {
  /** Discriminates templates from fixed resources. */
  readonly kind: 'template';
  /** Produces the contents of one concrete URI. */
  readonly read: ResourceReader;
  /** Completion of template variables: variable name → candidates for a prefix. */
  readonly complete?: Readonly<Record<string, ResourceVariableCompleter>>;
  /** Announces changes of concrete URIs the template matches (see {@link ResourceWatcher}). */
  readonly watch?: ResourceWatcher;
}

const URI_PATTERN = /^[A-Za-z][A-Za-z0-9+.-]*:\S*$/;

/**
 * Defines a read-only resource at a fixed URI, checking its URI, name and reader.
 * @throws {@link KernelError} `RESOURCE_DEFINITION_INVALID` naming what is wrong.
 * @example
 * ```ts
 * const readme = defineResource({ uri: 'docs://readme', name: 'readme', mimeType: 'text/markdown', read: () => '# Hello' });
 * ```
 * @public
 */
export function defineResource(definition: Omit<ResourceDefinition, 'kind'>): ResourceDefinition {
  if (typeof definition.uri !== 'string' || !URI_PATTERN.test(definition.uri)) {
    throw new KernelError('RESOURCE_DEFINITION_INVALID', `Resource URI "${String(definition.uri)}" is not an absolute URI (scheme:…).`, {
      details: { uri: definition.uri },
    });
  }
  checkCommon(definition.name, definition.read, definition.watch, definition.uri);
  return Object.freeze({ ...definition, kind: 'resource' as const });
}

/**
 * Defines a family of read-only resources addressed by a URI template, checking the template,
 * its completers, name and reader.
 * @throws {@link KernelError} `RESOURCE_DEFINITION_INVALID` naming what is wrong.
 * @example
 * ```ts
 * const note = defineResourceTemplate({ uriTemplate: 'notes://{id}', name: 'note', mimeType: 'text/plain', read: ({ variables }) => notes.get(variables['id'] ?? '') ?? '' });
 * ```
 * @public
 */
export function defineResourceTemplate(definition: Omit<ResourceTemplateDefinition, 'kind'>): ResourceTemplateDefinition {
  const parsed = parseUriTemplate(definition.uriTemplate);
  if (parsed.variables.length === 0 || !URI_PATTERN.test(definition.uriTemplate.replace(/\{[^}]*\}/g, 'x'))) {
    throw new KernelError(
      'RESOURCE_DEFINITION_INVALID',
      `URI template "${definition.uriTemplate}" needs a scheme and at least one {variable}.`,
      {
        details: { uriTemplate: definition.uriTemplate },
      },
    );
  }
  for (const name of Object.keys(definition.complete ?? {})) {
    if (!parsed.variables.includes(name)) {
      throw new KernelError(
        'RESOURCE_DEFINITION_INVALID',
        `URI template "${definition.uriTemplate}" completes "${name}", which is not one of its variables (${parsed.variables.join(', ')}).`,
        {
          details: { uriTemplate: definition.uriTemplate },
        },
      );
    }
  }
  checkCommon(definition.name, definition.read, definition.watch, definition.uriTemplate);
  return Object.freeze({ ...definition, kind: 'template' as const });
}

function checkCommon(name: string, read: unknown, watch: unknown, where: string): void {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new KernelError('RESOURCE_DEFINITION_INVALID', `Resource "${where}" needs a name.`, { details: { uri: where } });
  }
  if (typeof read !== 'function') {
    throw new KernelError('RESOURCE_DEFINITION_INVALID', `Resource "${where}" needs a read function.`, { details: { uri: where } });
  }
  if (watch !== undefined && typeof watch !== 'function') {
    throw new KernelError('RESOURCE_DEFINITION_INVALID', `Resource "${where}" has a watch that is not a function.`, {
      details: { uri: where },
    });
  }
}
