import { describe, expect, it } from 'vitest';
import { CortexError, type EventBus, type ResourceRegistry } from '@cortex-os/kernel';
import { createContractRegistry, createEventBus, createResourceRegistry } from '@cortex-os/kernel/internal';
import { createFakeClock } from '@cortex-os/kernel/testing';
import {
  createMemoryResources,
  createMemoryService,
  createSqliteMemoryStore,
  memoryDeletedEvent,
  memoryResourceUris,
  memoryStoredEvent,
  memoryUpdatedEvent,
  type MemoryService,
} from '@cortex-os/plugin-memory';

const pngBase64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const png = Uint8Array.from(Buffer.from(pngBase64, 'base64'));

async function withService(run: (service: MemoryService) => Promise<void>): Promise<void> {
  // In-memory SQLite, keyword-only (no embedder); a clock that ticks per call keeps "newest first" exact.
  const clock = createFakeClock(Date.UTC(2026, 0, 1), { autoAdvanceMs: 1000 });
  await using backend = await createSqliteMemoryStore({ vectorIndex: 'exact', now: clock.now });
  await run(createMemoryService({ backend }));
}

/** A real bus with the memory event contracts registered, as the kernel has for the memory plugin. */
function memoryBus(): EventBus {
  const contracts = createContractRegistry();
  for (const event of [memoryStoredEvent, memoryUpdatedEvent, memoryDeletedEvent]) contracts.register(event);
  return createEventBus({ contracts });
}

async function withWatchedService(run: (service: MemoryService, events: EventBus) => Promise<void>): Promise<void> {
  const clock = createFakeClock(Date.UTC(2026, 0, 1), { autoAdvanceMs: 1000 });
  const events = memoryBus();
  await using backend = await createSqliteMemoryStore({ vectorIndex: 'exact', now: clock.now });
  try {
    await run(createMemoryService({ backend, events }), events);
  } finally {
    await events.complete();
  }
}

/** The URIs a registry announces as updated; `until(n)` resolves once n have arrived (no sleeping). */
function updatesOf(registry: ResourceRegistry): { readonly uris: string[]; until(count: number): Promise<readonly string[]> } {
  const uris: string[] = [];
  const waiting: { count: number; resolve: (uris: readonly string[]) => void }[] = [];
  registry.onUpdated((uri) => {
    uris.push(uri);
    for (const w of waiting.filter((w) => uris.length >= w.count)) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve([...uris]);
    }
  });
  return {
    uris,
    until: (count) => (uris.length >= count ? Promise.resolve([...uris]) : new Promise((resolve) => waiting.push({ count, resolve }))),
  };
}

describe('createMemoryResources', () => {
  it('reads a text memory as application/json, the memory.get shape without bytes', async () => {
    await withService(async (service) => {
      const { memory } = await service.store({
        text: 'The deploy key rotates every 90 days',
        kind: 'fact',
        tags: ['ops'],
        metadata: { source: 'runbook' },
      });
      const registry = createResourceRegistry();
      for (const r of createMemoryResources(service)) registry.register(r);
      const uri = `memory://memories/${memory.id}`;
      const contents = await registry.read(uri);
      expect(contents).toHaveLength(1);
      expect(contents[0]).toMatchObject({ uri, mimeType: 'application/json' });
      expect(JSON.parse((contents[0] as { text: string }).text)).toEqual({ ...memory, tags: ['ops'] });
      expect(registry.listTemplates()).toEqual([
        expect.objectContaining({ uriTemplate: memoryResourceUris.memory, name: 'memory', mimeType: 'application/json' }),
      ]);
    });
  });

  it('adds the bytes of a non-text memory as a blob with the stored media type', async () => {
    await withService(async (service) => {
      const { memory } = await service.store({ text: 'A one-pixel logo', modality: 'image', content: png, mediaType: 'image/png' });
      const registry = createResourceRegistry();
      for (const r of createMemoryResources(service)) registry.register(r);
      const uri = `memory://memories/${memory.id}`;
      const [json, blob] = await registry.read(uri);
      expect(JSON.parse((json as { text: string }).text)).toMatchObject({
        id: memory.id,
        modality: 'image',
        mediaType: 'image/png',
        contentBytes: png.byteLength,
      });
      expect(JSON.parse((json as { text: string }).text)).not.toHaveProperty('content');
      expect(blob).toEqual({ uri, mimeType: 'image/png', blob: pngBase64 });
    });
  });

  it('lists the most recent memories newest first, with previews cut to length', async () => {
    await withService(async (service) => {
      const stored = [];
      for (const text of ['first memory', 'second memory', 'third memory, somewhat longer'])
        stored.push((await service.store({ text })).memory);
      const registry = createResourceRegistry();
      for (const r of createMemoryResources(service, { recentLimit: 2, previewLength: 12 })) registry.register(r);
      expect(registry.list()).toEqual([
        expect.objectContaining({ uri: 'memory://memories', name: 'recent-memories', mimeType: 'application/json' }),
      ]);
      const [recent] = await registry.read(memoryResourceUris.recent);
      const body = JSON.parse((recent as { text: string }).text) as {
        items: { id: string; uri: string; preview: string }[];
        more: boolean;
      };
      expect(body.items.map((i) => i.id)).toEqual([stored[2]?.id, stored[1]?.id]);
      expect(body.items[0]).toMatchObject({
        uri: `memory://memories/${stored[2]?.id}`,
        preview: 'third memory…',
        kind: 'note',
        modality: 'text',
        tier: 'ltm',
        tags: [],
      });
      expect(body.items[1]?.preview).toBe('second memor…');
      expect(body.more).toBe(true);
    });
  });

  it('answers RESOURCE_NOT_FOUND for an id that names no memory, and completes ids by prefix', async () => {
    await withService(async (service) => {
      const { memory } = await service.store({ text: 'x' });
      const registry = createResourceRegistry();
      for (const r of createMemoryResources(service)) registry.register(r);
      let thrown: unknown;
      try {
        await registry.read('memory://memories/no-such-id');
      } catch (error) {
        thrown = error;
      }
      expect(CortexError.is(thrown, 'RESOURCE_NOT_FOUND')).toBe(true);
      expect((thrown as Error).message).toBe(
        'No memory has the id "no-such-id" (it may have been deleted or have expired); read memory://memories for current ids.',
      );
      expect(await registry.complete(memoryResourceUris.memory, 'id', memory.id.slice(0, 8))).toEqual([memory.id]);
      expect(await registry.complete(memoryResourceUris.memory, 'id', 'zzz')).toEqual([]);
    });
  });

  it('rejects bad options with MEMORY_INPUT_INVALID', async () => {
    await withService(async (service) => {
      expect(() => createMemoryResources(service, { recentLimit: 0 })).toThrow('recentLimit must be an integer from 1 to 1000, got 0.');
      expect(() => createMemoryResources(service, { previewLength: -1 })).toThrow(
        expect.objectContaining({ code: 'MEMORY_INPUT_INVALID' }),
      );
    });
  });

  describe('change feeds (with the event bus the service publishes on)', () => {
    it('announces the recent list when a memory is stored, once per batch', async () => {
      await withWatchedService(async (service, events) => {
        const registry = createResourceRegistry();
        for (const r of createMemoryResources(service, { events })) registry.register(r);
        const updates = updatesOf(registry);
        await service.store({ text: 'first' });
        expect(await updates.until(1)).toEqual([memoryResourceUris.recent]);
        await service.storeMany([{ text: 'second' }, { text: 'third' }, { text: 'fourth' }]);
        expect(await updates.until(2)).toEqual([memoryResourceUris.recent, memoryResourceUris.recent]);
        // The next change proves the batch produced exactly one announcement.
        const { memory } = await service.store({ text: 'fifth' });
        await service.delete(memory.id);
        expect(await updates.until(5)).toEqual([
          memoryResourceUris.recent,
          memoryResourceUris.recent,
          memoryResourceUris.recent,
          `memory://memories/${memory.id}`,
          memoryResourceUris.recent,
        ]);
      });
    });

    it('announces the memory and the recent list when a memory is updated or deleted', async () => {
      await withWatchedService(async (service, events) => {
        const { memory } = await service.store({ text: 'The deploy key rotates every 90 days' });
        const registry = createResourceRegistry();
        for (const r of createMemoryResources(service, { events })) registry.register(r);
        const updates = updatesOf(registry);
        const uri = `memory://memories/${memory.id}`;
        await service.update(memory.id, { tags: ['ops'] });
        expect(await updates.until(2)).toEqual([uri, memoryResourceUris.recent]);
        await service.delete(memory.id);
        expect(await updates.until(4)).toEqual([uri, memoryResourceUris.recent, uri, memoryResourceUris.recent]);
        // Deleting nothing publishes nothing, so nothing is announced.
        expect(await service.delete(memory.id)).toBe(false);
        await service.store({ text: 'later' });
        expect(await updates.until(5)).toEqual([uri, memoryResourceUris.recent, uri, memoryResourceUris.recent, memoryResourceUris.recent]);
      });
    });

    it('stops listening to the bus when the registry lets go of the resources', async () => {
      await withWatchedService(async (service, events) => {
        const before = events.stats().subscriptions;
        const registry = createResourceRegistry();
        const removers = createMemoryResources(service, { events }).map((r) => registry.register(r));
        expect(events.stats().subscriptions).toBeGreaterThan(before);
        for (const remove of removers) remove();
        expect(events.stats().subscriptions).toBe(before);
        const again = createResourceRegistry();
        for (const r of createMemoryResources(service, { events })) again.register(r);
        again.dispose();
        expect(events.stats().subscriptions).toBe(before);
      });
    });

    it('has no change feed without the bus', async () => {
      await withService(async (service) => {
        expect(createMemoryResources(service).map((r) => r.watch)).toEqual([undefined, undefined]);
      });
    });
  });
});
