import { CortexError, toError } from '../errors/CortexError.js';
import { KernelError } from '../errors/KernelError.js';
import type { ResourceContents, ResourceDefinition, ResourceReadResult, ResourceTemplateDefinition } from './ResourceDefinition.js';
import type { ResourceDescriptor, ResourceTemplateDescriptor } from './ResourceDescriptor.js';
import { parseUriTemplate, type UriTemplate } from './UriTemplate.js';
import { createDisposer, type Disposer } from '../lifecycle/Disposer.js';

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
  register(definition: ResourceDefinition | ResourceTemplateDefinition): Disposer;
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
  /** Listens for resources added or removed; returns its {@link Disposer}. */
  onChange(listener: () => void): Disposer;
  /** Tells subscribers that the resource at `uri` changed (MCP `notifications/resources/updated`). */
  notifyUpdated(uri: string): void;
  /** Listens for {@link ResourceRegistry.notifyUpdated}; returns its {@link Disposer}. */
  onUpdated(listener: (uri: string) => void): Disposer;
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
export function createResourceRegistry(): ResourceRegistry {
  return new MapResourceRegistry();
}

class MapResourceRegistry implements ResourceRegistry {
  readonly #fixed = new Map<string, ResourceDefinition>();
  readonly #templates = new Map<string, RegisteredTemplate>();
  // Stops the change feed of a registration, keyed by its URI or template (as `#fixed` and `#templates`).
  readonly #feeds = new Map<string, () => void>();
  readonly #changeListeners = new Set<() => void>();
  readonly #updateListeners = new Set<(uri: string) => void>();

  register(definition: ResourceDefinition | ResourceTemplateDefinition): Disposer {
    const { key, template } = this.#add(definition);
    try {
      this.#startFeed(definition, key, template);
    } catch (error) {
      // A feed that cannot start leaves no half-registered resource behind.
      if (definition.kind === 'resource') this.#fixed.delete(key);
      else this.#templates.delete(key);
      throw error;
    }
    this.#changed();
    return createDisposer(() => {
      const current = definition.kind === 'resource' ? this.#fixed.get(key) : this.#templates.get(key)?.definition;
      if (current === definition) this.unregister(key);
    });
  }

  unregister(key: string): boolean {
    const removed = this.#fixed.delete(key) || this.#templates.delete(key);
    if (removed) {
      try {
        this.#stopFeed(key);
      } finally {
        this.#changed();
      }
    }
    return removed;
  }

  list(): readonly ResourceDescriptor[] {
    return [...this.#fixed.values()]
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
      );
  }

  listTemplates(): readonly ResourceTemplateDescriptor[] {
    return [...this.#templates.values()]
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
      );
  }

  has(uri: string): boolean {
    return this.#fixed.has(uri) || [...this.#templates.values()].some((t) => t.template.match(uri) !== undefined);
  }

  async read(uri: string, options: ResourceReadOptions = {}): Promise<readonly ResourceContents[]> {
    const signal = options.signal ?? new AbortController().signal;
    const resource = this.#fixed.get(uri);
    if (resource !== undefined) return run(resource.read, uri, {}, resource.mimeType, signal);
    for (const { definition, template } of this.#templates.values()) {
      const variables = template.match(uri);
      if (variables !== undefined) return run(definition.read, uri, variables, definition.mimeType, signal);
    }
    throw new KernelError('RESOURCE_NOT_FOUND', `No resource or resource template serves "${uri}".`, { details: { uri } });
  }

  async complete(
    uriTemplate: string,
    variable: string,
    value: string,
    context: { readonly arguments?: Readonly<Record<string, string>> } = {},
  ): Promise<readonly string[]> {
    const completer = this.#templates.get(uriTemplate)?.definition.complete?.[variable];
    if (completer === undefined) return [];
    return [...(await completer(value, { arguments: context.arguments ?? {} }))];
  }

  onChange(listener: () => void): Disposer {
    this.#changeListeners.add(listener);
    return createDisposer(() => this.#changeListeners.delete(listener));
  }

  notifyUpdated(uri: string): void {
    for (const listener of this.#updateListeners) listener(uri);
  }

  onUpdated(listener: (uri: string) => void): Disposer {
    this.#updateListeners.add(listener);
    return createDisposer(() => this.#updateListeners.delete(listener));
  }

  dispose(): void {
    this.#changeListeners.clear();
    this.#updateListeners.clear();
    this.#fixed.clear();
    this.#templates.clear();
    // Every feed gets stopped even when one of them throws; the failures surface together afterwards.
    const failures: unknown[] = [];
    for (const key of [...this.#feeds.keys()]) {
      try {
        this.#stopFeed(key);
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new AggregateError(failures, `${failures.length} resource change feeds failed to stop`);
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  /** Claims the URI or template of a definition; throws when it is taken. */
  #add(definition: ResourceDefinition | ResourceTemplateDefinition): { key: string; template: UriTemplate | undefined } {
    if (definition.kind === 'resource') {
      const key = definition.uri;
      if (this.#fixed.has(key)) throw duplicate(key);
      this.#fixed.set(key, definition);
      return { key, template: undefined };
    }
    const key = definition.uriTemplate;
    if (this.#templates.has(key)) throw duplicate(key);
    const template = parseUriTemplate(key);
    this.#templates.set(key, { definition, template });
    return { key, template };
  }

  #changed(): void {
    for (const listener of this.#changeListeners) listener();
  }

  #stopFeed(key: string): void {
    const stop = this.#feeds.get(key);
    this.#feeds.delete(key);
    stop?.();
  }

  /** Starts a definition's feed; a notified URI counts only while this very definition is registered and owns it. */
  #startFeed(definition: ResourceDefinition | ResourceTemplateDefinition, key: string, template: UriTemplate | undefined): void {
    const watch = definition.watch;
    if (watch === undefined) return;
    let active = true;
    const stop = watch((uri) => {
      if (!active || typeof uri !== 'string') return;
      const owns =
        template === undefined
          ? uri === key && this.#fixed.get(key) === definition
          : template.match(uri) !== undefined && this.#templates.get(key)?.definition === definition;
      if (owns) this.notifyUpdated(uri);
    });
    this.#feeds.set(key, () => {
      active = false;
      if (typeof stop === 'function') stop();
    });
  }
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
