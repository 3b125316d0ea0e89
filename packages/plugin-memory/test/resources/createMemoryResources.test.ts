import { describe, expect, it } from 'vitest';
import { CortexError, createResourceRegistry } from '@cortex-os/kernel';
import { createMemoryResources, createMemoryService, createSqliteMemoryStore, memoryResourceUris, type MemoryService } from '@cortex-os/plugin-memory';

const pngBase64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const png = Uint8Array.from(Buffer.from(pngBase64, 'base64'));

async function withService(run: (service: MemoryService) => Promise<void>): Promise<void> {
  let t = Date.UTC(2026, 0, 1);
  // In-memory SQLite, keyword-only (no embedder); a clock that ticks per call keeps "newest first" exact.
  await using backend = await createSqliteMemoryStore({ vectorIndex: 'exact', now: () => (t += 1000) });
  await run(createMemoryService({ backend }));
}

describe('createMemoryResources', () => {
  it('reads a text memory as application/json, the memory.get shape without bytes', async () => {
    await withService(async (service) => {
      const { memory } = await service.store({ text: 'The deploy key rotates every 90 days', kind: 'fact', tags: ['ops'], metadata: { source: 'runbook' } });
      const registry = createResourceRegistry();
      for (const r of createMemoryResources(service)) registry.register(r);
      const uri = `memory://memories/${memory.id}`;
      const contents = await registry.read(uri);
      expect(contents).toHaveLength(1);
      expect(contents[0]).toMatchObject({ uri, mimeType: 'application/json' });
      expect(JSON.parse((contents[0] as { text: string }).text)).toEqual({ ...memory, tags: ['ops'] });
      expect(registry.listTemplates()).toEqual([expect.objectContaining({ uriTemplate: memoryResourceUris.memory, name: 'memory', mimeType: 'application/json' })]);
    });
  });

  it('adds the bytes of a non-text memory as a blob with the stored media type', async () => {
    await withService(async (service) => {
      const { memory } = await service.store({ text: 'A one-pixel logo', modality: 'image', content: png, mediaType: 'image/png' });
      const registry = createResourceRegistry();
      for (const r of createMemoryResources(service)) registry.register(r);
      const uri = `memory://memories/${memory.id}`;
      const [json, blob] = await registry.read(uri);
      expect(JSON.parse((json as { text: string }).text)).toMatchObject({ id: memory.id, modality: 'image', mediaType: 'image/png', contentBytes: png.byteLength });
      expect(JSON.parse((json as { text: string }).text)).not.toHaveProperty('content');
      expect(blob).toEqual({ uri, mimeType: 'image/png', blob: pngBase64 });
    });
  });

  it('lists the most recent memories newest first, with previews cut to length', async () => {
    await withService(async (service) => {
      const stored = [];
      for (const text of ['first memory', 'second memory', 'third memory, somewhat longer']) stored.push((await service.store({ text })).memory);
      const registry = createResourceRegistry();
      for (const r of createMemoryResources(service, { recentLimit: 2, previewLength: 12 })) registry.register(r);
      expect(registry.list()).toEqual([expect.objectContaining({ uri: 'memory://memories', name: 'recent-memories', mimeType: 'application/json' })]);
      const [recent] = await registry.read(memoryResourceUris.recent);
      const body = JSON.parse((recent as { text: string }).text) as { items: { id: string; uri: string; preview: string }[]; more: boolean };
      expect(body.items.map((i) => i.id)).toEqual([stored[2]?.id, stored[1]?.id]);
      expect(body.items[0]).toMatchObject({ uri: `memory://memories/${stored[2]?.id}`, preview: 'third memory…', kind: 'note', modality: 'text', tier: 'ltm', tags: [] });
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
      expect((thrown as Error).message).toBe('No memory has the id "no-such-id" (it may have been deleted or have expired); read memory://memories for current ids.');
      expect(await registry.complete(memoryResourceUris.memory, 'id', memory.id.slice(0, 8))).toEqual([memory.id]);
      expect(await registry.complete(memoryResourceUris.memory, 'id', 'zzz')).toEqual([]);
    });
  });

  it('rejects bad options with MEMORY_INPUT_INVALID', async () => {
    await withService(async (service) => {
      expect(() => createMemoryResources(service, { recentLimit: 0 })).toThrow('recentLimit must be an integer from 1 to 1000, got 0.');
      expect(() => createMemoryResources(service, { previewLength: -1 })).toThrow(expect.objectContaining({ code: 'MEMORY_INPUT_INVALID' }));
    });
  });
});
