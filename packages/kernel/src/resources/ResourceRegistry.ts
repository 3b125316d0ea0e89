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
 * Plugins contribute definitions on {@link kernelExtensionPoints}`.resources` into the kernel's registry (`kernel.resources`), which every transport serves.
 * A definition with a `watch` change feed (see {@link ResourceWatcher}) announces its own changes
 * through {@link ResourceRegistry.onUpdated} while it is registered.
 * @public
 */
export interface ResourceRegistry extends Disposable {
  /**
   * Adds a resource or template and starts its change feed (`watch`), if any; returns a function that removes it.
   * @throws {@link KernelError} `RESOURCE_DUPLICATE` when the URI (or template) is taken; whatever
   * the definition's `watch` throws (the registration is then undone).
   */
  register(definition: ResourceDefinition | ResourceTemplateDefinition): () => void;
  /** Removes a resource by URI or a template by its template string, stopping its change feed; true when it was registered. */
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
  complete(
    uriTemplate: string,
    variable: string,
    value: string,
    context?: { readonly arguments?: Readonly<Record<string, string>> },
  ): Promise<readonly string[]>;
  /** Listens for resources added or removed; returns a remover. */
  onChange(listener: () => void): () => void;
  /** Tells subscribers that the resource at `uri` changed (MCP `notifications/resources/updated`). */
  notifyUpdated(uri: string): void;
  /** Listens for {@link ResourceRegistry.notifyUpdated}; returns a remover. */
  onUpdated(listener: (uri: string) => void): () => void;
  /**
   * Stops every change feed, drops every listener and removes every resource and template
   * (without change notifications); idempotent. `using registry = createResourceRegistry()` calls it.
   */
  dispose(): void;
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
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: #12 (kernel seams §5) turns this closure factory into a class
export function createResourceRegistry(): ResourceRegistry {
  const fixed = new Map<string, ResourceDefinition>();
  const templates = new Map<string, RegisteredTemplate>();
  // Stops the change feed of a registration, keyed by its URI or template (as `fixed` and `templates`).
  const feeds = new Map<string, () => void>();
  const changeListeners = new Set<() => void>();
  const updateListeners = new Set<(uri: string) => void>();
  const changed = (): void => {
    for (const listener of changeListeners) listener();
  };
  const stopFeed = (key: string): void => {
    const stop = feeds.get(key);
    feeds.delete(key);
    stop?.();
  };

  /** Starts a definition's feed; a notified URI counts only while this very definition is registered and owns it. */
  function startFeed(definition: ResourceDefinition | ResourceTemplateDefinition, key: string, template: UriTemplate | undefined): void {
    const watch = definition.watch;
    if (watch === undefined) return;
    let active = true;
    const stop = watch((uri) => {
      if (!active || typeof uri !== 'string') return;
      const owns =
        template === undefined
          ? uri === key && fixed.get(key) === definition
          : template.match(uri) !== undefined && templates.get(key)?.definition === definition;
      if (owns) registry.notifyUpdated(uri);
    });
    feeds.set(key, () => {
      active = false;
      if (typeof stop === 'function') stop();
    });
  }

  const registry: ResourceRegistry = {
    register(definition) {
      let key: string;
      let template: UriTemplate | undefined;
      if (definition.kind === 'resource') {
        key = definition.uri;
        if (fixed.has(key)) throw duplicate(key);
        fixed.set(key, definition);
      } else {
        key = definition.uriTemplate;
        if (templates.has(key)) throw duplicate(key);
        template = parseUriTemplate(key);
        templates.set(key, { definition, template });
      }
      try {
        startFeed(definition, key, template);
      } catch (error) {
        // A feed that cannot start leaves no half-registered resource behind.
        if (definition.kind === 'resource') fixed.delete(key);
        else templates.delete(key);
        throw error;
      }
      changed();
      return () => {
        const current = definition.kind === 'resource' ? fixed.get(key) : templates.get(key)?.definition;
        if (current === definition) registry.unregister(key);
      };
    },
    unregister(key) {
      const removed = fixed.delete(key) || templates.delete(key);
      if (removed) {
        try {
          stopFeed(key);
        } finally {
          changed();
        }
      }
      return removed;
    },
    list: () =>
      [...fixed.values()]
        .sort((a, b) => a.uri.localeCompare(b.uri))
        .map(
          (r) =>
            strip({
              uri: r.uri,
              name: r.name,
              title: r.title,
              description: r.description,
              mimeType: r.mimeType,
              size: r.size,
            }) as ResourceDescriptor,
        ),
    listTemplates: () =>
      [...templates.values()]
        .map((t) => t.definition)
        .sort((a, b) => a.uriTemplate.localeCompare(b.uriTemplate))
        .map(
          (t) =>
            strip({
              uriTemplate: t.uriTemplate,
              name: t.name,
              title: t.title,
              description: t.description,
              mimeType: t.mimeType,
            }) as ResourceTemplateDescriptor,
        ),
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
    dispose() {
      changeListeners.clear();
      updateListeners.clear();
      fixed.clear();
      templates.clear();
      // Every feed gets stopped even when one of them throws; the failures surface together afterwards.
      const failures: unknown[] = [];
      for (const key of [...feeds.keys()]) {
        try {
          stopFeed(key);
        } catch (error) {
          failures.push(error);
        }
      }
      if (failures.length === 1) throw failures[0];
      if (failures.length > 1) throw new AggregateError(failures, `${failures.length} resource change feeds failed to stop`);
    },
    [Symbol.dispose]() {
      registry.dispose();
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
  if (list.length === 0)
    throw new KernelError('RESOURCE_READ_FAILED', `Reading resource "${uri}" returned no contents.`, { details: { uri } });
  return list.map((c) => (c.mimeType === undefined && mimeType !== undefined ? { ...c, mimeType } : c));
}

function duplicate(key: string): KernelError {
  return new KernelError(
    'RESOURCE_DUPLICATE',
    `A resource or template "${key}" is already registered; unregister it first or choose another URI.`,
    { details: { uri: key } },
  );
}

function strip(record: Record<string, unknown>): unknown {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}
