import { CortexError, toError } from '../errors/CortexError.js';
import { KernelError } from '../errors/KernelError.js';
import type { ResourceContents, ResourceDefinition, ResourceReadResult, ResourceTemplateDefinition } from './ResourceDefinition.js';
import type { ResourceDescriptor, ResourceTemplateDescriptor } from './ResourceDescriptor.js';
import { parseUriTemplate, type UriTemplate } from './UriTemplate.js';

/**
 * Options of {@link ResourceRegistry.read}.
 * @public
 */
export interface ResourceReadOptions {
  /** Cancels the read; passed to the reader. */
  readonly signal?: AbortSignal;
}

/**
 * URI-addressed, read-only resources and resource templates, which MCP (and any other transport) serves.
 *
 * @remarks
 * Plugins contribute definitions on {@link resourceToken}; a transport collects them into its registry.
 * @public
 */
export interface ResourceRegistry {
  /**
   * Adds a resource or template; returns a function that removes it.
   * @throws {@link KernelError} `RESOURCE_DUPLICATE` when the URI (or template) is taken.
   */
  register(definition: ResourceDefinition | ResourceTemplateDefinition): () => void;
  /** Removes a resource by URI or a template by its template string; true when it was registered. */
  unregister(uriOrTemplate: string): boolean;
  /** Fixed resources, sorted by URI. */
  list(): readonly ResourceDescriptor[];
  /** Templates, sorted by template. */
  listTemplates(): readonly ResourceTemplateDescriptor[];
  /** True when a fixed resource or a template serves the URI. */
  has(uri: string): boolean;
  /**
   * Reads a resource: a fixed one by exact URI, else the first template (in registration order) that matches.
   * @throws {@link KernelError} `RESOURCE_NOT_FOUND` or `RESOURCE_READ_FAILED`.
   */
  read(uri: string, options?: ResourceReadOptions): Promise<readonly ResourceContents[]>;
  /** Completes a template variable; empty when the template or variable has no completer. */
  complete(uriTemplate: string, variable: string, value: string, context?: { readonly arguments?: Readonly<Record<string, string>> }): Promise<readonly string[]>;
  /** Listens for resources added or removed; returns a remover. */
  onChange(listener: () => void): () => void;
  /** Tells subscribers that the resource at `uri` changed (MCP `notifications/resources/updated`). */
  notifyUpdated(uri: string): void;
  /** Listens for {@link ResourceRegistry.notifyUpdated}; returns a remover. */
  onUpdated(listener: (uri: string) => void): () => void;
}

interface RegisteredTemplate {
  readonly definition: ResourceTemplateDefinition;
  readonly template: UriTemplate;
}

/**
 * Creates an empty {@link ResourceRegistry}.
 * @example
 * ```ts
 * const resources = createResourceRegistry();
 * resources.register(defineResource({ uri: 'docs://readme', name: 'readme', mimeType: 'text/markdown', read: () => '# Hi' }));
 * await resources.read('docs://readme'); // [{ uri: 'docs://readme', mimeType: 'text/markdown', text: '# Hi' }]
 * ```
 * @public
 */
export function createResourceRegistry(): ResourceRegistry {
  const fixed = new Map<string, ResourceDefinition>();
  const templates = new Map<string, RegisteredTemplate>();
  const changeListeners = new Set<() => void>();
  const updateListeners = new Set<(uri: string) => void>();
  const changed = (): void => {
    for (const listener of changeListeners) listener();
  };

  const registry: ResourceRegistry = {
    register(definition) {
      if (definition.kind === 'resource') {
        if (fixed.has(definition.uri)) throw duplicate(definition.uri);
        fixed.set(definition.uri, definition);
      } else {
        if (templates.has(definition.uriTemplate)) throw duplicate(definition.uriTemplate);
        templates.set(definition.uriTemplate, { definition, template: parseUriTemplate(definition.uriTemplate) });
      }
      changed();
      const key = definition.kind === 'resource' ? definition.uri : definition.uriTemplate;
      return () => {
        const current = definition.kind === 'resource' ? fixed.get(key) : templates.get(key)?.definition;
        if (current === definition) registry.unregister(key);
      };
    },
    unregister(key) {
      const removed = fixed.delete(key) || templates.delete(key);
      if (removed) changed();
      return removed;
    },
    list: () =>
      [...fixed.values()]
        .sort((a, b) => a.uri.localeCompare(b.uri))
        .map((r) => strip({ uri: r.uri, name: r.name, title: r.title, description: r.description, mimeType: r.mimeType, size: r.size }) as ResourceDescriptor),
    listTemplates: () =>
      [...templates.values()]
        .map((t) => t.definition)
        .sort((a, b) => a.uriTemplate.localeCompare(b.uriTemplate))
        .map((t) => strip({ uriTemplate: t.uriTemplate, name: t.name, title: t.title, description: t.description, mimeType: t.mimeType }) as ResourceTemplateDescriptor),
    has: (uri) => fixed.has(uri) || [...templates.values()].some((t) => t.template.match(uri) !== undefined),
    async read(uri, options = {}) {
      const signal = options.signal ?? new AbortController().signal;
      const resource = fixed.get(uri);
      if (resource !== undefined) return run(resource.read, uri, {}, resource.mimeType, signal);
      for (const { definition, template } of templates.values()) {
        const variables = template.match(uri);
        if (variables !== undefined) return run(definition.read, uri, variables, definition.mimeType, signal);
      }
      throw new KernelError('RESOURCE_NOT_FOUND', `No resource or resource template serves "${uri}".`, { details: { uri } });
    },
    async complete(uriTemplate, variable, value, context = {}) {
      const completer = templates.get(uriTemplate)?.definition.complete?.[variable];
      if (completer === undefined) return [];
      return [...(await completer(value, { arguments: context.arguments ?? {} }))];
    },
    onChange(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    notifyUpdated(uri) {
      for (const listener of updateListeners) listener(uri);
    },
    onUpdated(listener) {
      updateListeners.add(listener);
      return () => updateListeners.delete(listener);
    },
  };
  return registry;
}

async function run(
  read: ResourceDefinition['read'],
  uri: string,
  variables: Readonly<Record<string, string>>,
  mimeType: string | undefined,
  signal: AbortSignal,
): Promise<readonly ResourceContents[]> {
  let result: ResourceReadResult;
  try {
    result = await read({ uri, variables, signal });
  } catch (thrown) {
    // A reader may say "nothing here" itself (a template whose concrete URI names no item).
    if (CortexError.is(thrown) && thrown.code.startsWith('RESOURCE_')) throw thrown;
    const error = toError(thrown);
    throw new KernelError('RESOURCE_READ_FAILED', `Reading resource "${uri}" failed: ${error.message}`, { details: { uri }, cause: error });
  }
  if (typeof result === 'string') return [{ uri, ...(mimeType === undefined ? {} : { mimeType }), text: result }];
  const list = Array.isArray(result) ? (result as readonly ResourceContents[]) : [result as ResourceContents];
  if (list.length === 0) throw new KernelError('RESOURCE_READ_FAILED', `Reading resource "${uri}" returned no contents.`, { details: { uri } });
  return list.map((c) => (c.mimeType === undefined && mimeType !== undefined ? { ...c, mimeType } : c));
}

function duplicate(key: string): KernelError {
  return new KernelError('RESOURCE_DUPLICATE', `A resource or template "${key}" is already registered; unregister it first or choose another URI.`, { details: { uri: key } });
}

function strip(record: Record<string, unknown>): unknown {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}
