import {
  KernelError,
  defineResource,
  defineResourceTemplate,
  type EventBus,
  type ResourceContents,
  type ResourceDefinition,
  type ResourceTemplateDefinition,
  type ResourceWatcher,
} from '@cortex-os/kernel';
import { MemoryError } from '../errors/MemoryError.js';
import type { Memory } from '../schema/memorySchemas.js';
import { memoryDeletedEvent, memoryStoredEvent, memoryUpdatedEvent } from '../service/memoryEvents.js';
import type { MemoryService } from '../service/MemoryService.js';
import { toWireMemory } from '../wire/memoryWireSchemas.js';

/**
 * The URIs memory serves as resources: the list of recent memories, and one memory by id.
 * @public
 */
export const memoryResourceUris: { readonly recent: 'memory://memories'; readonly memory: 'memory://memories/{id}' } = Object.freeze({
  recent: 'memory://memories',
  memory: 'memory://memories/{id}',
});

/**
 * Options of {@link createMemoryResources}.
 * @public
 */
export interface CreateMemoryResourcesOptions {
  /** How many memories the recent list holds, newest first (1–1000; default 50). */
  readonly recentLimit?: number;
  /** Characters of each memory's text shown in the recent list (default 200). */
  readonly previewLength?: number;
  /**
   * The bus the service publishes `memory.stored`, `memory.updated` and `memory.deleted` on (the
   * service's `events` option). With it, the resources announce their changes through their
   * `watch` feeds (see the kernel's `ResourceWatcher`); without it, they announce nothing.
   */
  readonly events?: EventBus;
}

/**
 * One entry of the recent-memories resource: enough to choose a memory, and the URI to read it.
 * @public
 */
export interface MemoryResourceSummary {
  /** `memory://memories/<id>`. */
  readonly uri: string;
  /** The memory's id. */
  readonly id: string;
  /** Its kind, e.g. `fact`. */
  readonly kind: string;
  /** `text`, `image`, `audio` or `video`. */
  readonly modality: Memory['modality'];
  /** The media type of its bytes (non-text memories). */
  readonly mediaType?: string;
  /** `stm` or `ltm`. */
  readonly tier: Memory['tier'];
  /** Its tags. */
  readonly tags: readonly string[];
  /** The start of its text (caption or transcript for non-text memories), `…` when cut. */
  readonly preview: string;
  /** Creation time, epoch ms. */
  readonly createdAt: number;
  /** Last change, epoch ms. */
  readonly updatedAt: number;
}

/**
 * Read-only resources over the memory service: the template `memory://memories/{id}` (one memory
 * as `application/json`, the same JSON as the `memory.get` tool without the bytes; a non-text
 * memory's bytes follow as a second content, a base64 `blob` with the stored media type), and
 * `memory://memories` (the most recent memories, newest first, as JSON). Ids complete from the
 * most recent memories. The memory plugin contributes them on the kernel's `resourceToken`.
 *
 * @remarks
 * Reading a short-term memory counts as an access, as `memory.get` does (it may be promoted).
 *
 * Given the bus the service publishes on (`options.events`), the resources announce changes
 * while a registry holds them: storing announces `memory://memories` (once per batch);
 * updating or deleting announces `memory://memories/<id>` and then `memory://memories`. MCP
 * sends these as `notifications/resources/updated` to clients subscribed to the URI. Short-term
 * expiry and promotion publish no event, so they are not announced.
 * @throws {@link MemoryError} `MEMORY_INPUT_INVALID` for a bad option. Reading an id that names no
 * memory fails with the kernel's `RESOURCE_NOT_FOUND`.
 * @example
 * ```ts
 * const resources = createResourceRegistry();
 * for (const r of createMemoryResources(kernel.get(memoryServiceToken), { events: kernel.events })) resources.register(r);
 * resources.onUpdated((uri) => console.log('changed:', uri));
 * const [json] = await resources.read(`memory://memories/${id}`);
 * ```
 * @public
 */
export function createMemoryResources(
  service: MemoryService,
  options: CreateMemoryResourcesOptions = {},
): readonly [ResourceTemplateDefinition, ResourceDefinition] {
  const recentLimit = options.recentLimit ?? 50;
  const previewLength = options.previewLength ?? 200;
  if (!Number.isInteger(recentLimit) || recentLimit < 1 || recentLimit > 1000) {
    throw new MemoryError('MEMORY_INPUT_INVALID', `recentLimit must be an integer from 1 to 1000, got ${recentLimit}.`, {
      details: { field: 'recentLimit' },
    });
  }
  if (!Number.isInteger(previewLength) || previewLength < 0) {
    throw new MemoryError('MEMORY_INPUT_INVALID', `previewLength must be a non-negative integer, got ${previewLength}.`, {
      details: { field: 'previewLength' },
    });
  }
  const uriOf = (id: string): string => `memory://memories/${encodeURIComponent(id)}`;
  const { events } = options;

  const memory = defineResourceTemplate({
    uriTemplate: memoryResourceUris.memory,
    name: 'memory',
    title: 'Memory',
    description:
      'One memory by id, as JSON (the memory.get shape without bytes); image, audio and video memories add their bytes as a blob with the stored media type.',
    mimeType: 'application/json',
    async read({ uri, variables }) {
      const id = variables['id'] ?? '';
      const found = await service.get(id);
      if (found === undefined) {
        throw new KernelError(
          'RESOURCE_NOT_FOUND',
          `No memory has the id "${id}" (it may have been deleted or have expired); read ${memoryResourceUris.recent} for current ids.`,
          { details: { uri, id } },
        );
      }
      const json: ResourceContents = { uri, mimeType: 'application/json', text: JSON.stringify(toWireMemory(found)) };
      if (found.content === undefined) return json;
      const blob = Buffer.from(found.content.buffer, found.content.byteOffset, found.content.byteLength).toString('base64');
      return [json, { uri, mimeType: found.mediaType ?? 'application/octet-stream', blob }];
    },
    complete: {
      id: async (prefix) => (await service.list({ limit: 100 })).items.map((m) => m.id).filter((id) => id.startsWith(prefix)),
    },
    ...(events === undefined ? {} : { watch: watchMemories(events, uriOf) }),
  });

  const recent = defineResource({
    uri: memoryResourceUris.recent,
    name: 'recent-memories',
    title: 'Recent memories',
    description: `The ${recentLimit} most recent memories, newest first, each with its URI, kind, tags and the start of its text.`,
    mimeType: 'application/json',
    async read() {
      const page = await service.list({ limit: recentLimit });
      const items = page.items.map(
        (m): MemoryResourceSummary => ({
          uri: uriOf(m.id),
          id: m.id,
          kind: m.kind,
          modality: m.modality,
          ...(m.mediaType === undefined ? {} : { mediaType: m.mediaType }),
          tier: m.tier,
          tags: m.tags,
          preview: m.text.length > previewLength ? `${m.text.slice(0, previewLength)}…` : m.text,
          createdAt: m.createdAt,
          updatedAt: m.updatedAt,
        }),
      );
      return JSON.stringify({ items, more: page.nextCursor !== undefined });
    },
    ...(events === undefined ? {} : { watch: watchRecent(events) }),
  });

  return [memory, recent];
}

/** Announces `memory://memories/<id>` when that memory is updated or deleted. */
function watchMemories(events: EventBus, uriOf: (id: string) => string): ResourceWatcher {
  return (notify) => {
    const subscriptions = [
      events.subscribe(memoryUpdatedEvent, (event) => notify(uriOf(event.data.id))),
      events.subscribe(memoryDeletedEvent, (event) => notify(uriOf(event.data.id))),
    ];
    return () => {
      for (const subscription of subscriptions) subscription.unsubscribe();
    };
  };
}

/** Announces `memory://memories` on any store, update or delete, once per burst. */
function watchRecent(events: EventBus): ResourceWatcher {
  return (notify) => {
    let active = true;
    let queued = false;
    // A batch store publishes one event per memory, synchronously: one announcement covers them
    // all, since a subscriber re-reads the whole list anyway.
    const changed = (): void => {
      if (queued) return;
      queued = true;
      queueMicrotask(() => {
        queued = false;
        if (active) notify(memoryResourceUris.recent);
      });
    };
    const subscriptions = [memoryStoredEvent, memoryUpdatedEvent, memoryDeletedEvent].map((event) => events.subscribe(event.type, changed));
    return () => {
      active = false;
      for (const subscription of subscriptions) subscription.unsubscribe();
    };
  };
}
