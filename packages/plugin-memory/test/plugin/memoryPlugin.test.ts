import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createKernel, CortexError, definePlugin, healthIndicatorToken, type CloudEvent } from '@cortex-os/kernel';
import { modelProviderToken, routerPlugin, type EmbedInput, type ModelProvider } from '@cortex-os/kernel/router';
import { localEmbeddersPlugin } from '@cortex-os/plugin-local-embedders';
import { defaultMemoryStoreLimits, memoryPlugin, memoryPluginOptions, memoryServiceToken, memoryToolNames } from '@cortex-os/plugin-memory';

const root = mkdtempSync(join(tmpdir(), 'memory-plugin-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const dataDir = (): string => join(root, `d${n++}`);

const notes = [
  { text: 'The deploy key rotates every 90 days', kind: 'fact', tags: ['ops'] },
  { text: 'Invoices are sent on the first Monday of the month', kind: 'fact', tags: ['billing'] },
  { text: 'The staging database is restored from backup every night', kind: 'fact', tags: ['ops'] },
];

describe('memoryPlugin', () => {
  it('stores, searches hybrid through the router with the pinned model, and publishes events', async () => {
    await using kernel = createKernel({
      plugins: [
        routerPlugin(),
        localEmbeddersPlugin(),
        memoryPlugin({ dataDir: dataDir(), store: { kind: 'sqlite', vectorIndex: 'exact', synchronous: 'normal' } }),
      ],
    });
    await kernel.start();
    const seen: CloudEvent[] = [];
    kernel.events.subscribe('memory.*', (event) => {
      seen.push(event);
    });
    const memory = kernel.get(memoryServiceToken);
    const { memories, degraded } = await memory.storeMany(notes);
    expect(degraded).toBeUndefined();
    expect(memories.every((m) => m.embeddingModel === 'cortex-hashing-v1-384')).toBe(true);
    const result = await memory.search({ query: 'when does the deploy key rotate?', limit: 2 });
    expect(result.mode).toBe('hybrid');
    expect(result.embeddingModel).toBe('cortex-hashing-v1-384');
    expect(result.degraded).toBeUndefined();
    expect(result.hits[0]?.memory.text).toBe(notes[0]?.text);
    expect(result.hits[0]?.semanticScore).toBeGreaterThan(0);
    expect(result.hits[0]?.keywordScore).toBe(1);
    const first = memories[0]?.id as string;
    const updated = await memory.update(first, { text: 'The deploy key rotates every 30 days' });
    expect(updated.memory.version).toBe(2);
    expect((await memory.history(first)).map((r) => r.text)).toEqual([notes[0]?.text]);
    expect(await memory.delete(first)).toBe(true);
    expect(await memory.delete(first)).toBe(false);
    const stats = await memory.stats();
    expect(stats.total).toBe(2);
    expect(stats.semantic).toEqual({ available: true, model: 'cortex-hashing-v1-384' });
    await kernel.stop();
    expect(seen.map((e) => e.type)).toEqual(['memory.stored', 'memory.stored', 'memory.stored', 'memory.updated', 'memory.deleted']);
    expect(seen[3]?.data).toEqual({ id: first, version: 2, textChanged: true });
  });

  it('answers keyword-only and says so when the pinned model is unavailable (never a mix of models)', async () => {
    await using kernel = createKernel({
      plugins: [routerPlugin(), localEmbeddersPlugin(), memoryPlugin({ dataDir: dataDir(), embedding: { model: 'no-such-model-768' } })],
    });
    await kernel.start();
    const memory = kernel.get(memoryServiceToken);
    const stored = await memory.store(notes[0] as (typeof notes)[number]);
    expect(stored.degraded?.mode).toBe('keyword');
    expect(stored.degraded?.reason).toMatch(/no-such-model-768/);
    expect(stored.memory.embeddingModel).toBeUndefined();
    const result = await memory.search({ query: 'deploy key', mode: 'hybrid' });
    expect(result.mode).toBe('keyword');
    expect(result.degraded?.reason).toMatch(/no-such-model-768/);
    expect(result.hits.map((h) => [h.memory.text, h.semanticScore])).toEqual([[notes[0]?.text, 0]]);
    const stats = await memory.stats();
    expect(stats.semantic.available).toBe(false);
    expect(stats.embedding).toBeUndefined();
    const [health] = kernel.get(healthIndicatorToken).filter((h) => h.name === 'memory.store:count');
    expect(await health?.check(new AbortController().signal)).toMatchObject({ status: 'warn', observedValue: 1, observedUnit: 'memories' });
  });

  it('keeps its store under the runtime home when given no dataDir, never the working directory', async () => {
    const home = dataDir();
    const previous = process.env['CORTEX_HOME'];
    process.env['CORTEX_HOME'] = home;
    try {
      await using kernel = createKernel({ plugins: [memoryPlugin({})] });
      await kernel.start();
      await kernel.get(memoryServiceToken).store({ text: 'kept at home', kind: 'fact' });
      expect(readdirSync(join(home, 'memory')).length).toBeGreaterThan(0);
    } finally {
      if (previous === undefined) delete process.env['CORTEX_HOME'];
      else process.env['CORTEX_HOME'] = previous;
    }
  });

  it('is keyword-only without a router, and its tools cover the whole service', async () => {
    await using kernel = createKernel({ plugins: [memoryPlugin({ dataDir: dataDir() })] });
    await kernel.start();
    const call = async (name: string, input: unknown): Promise<unknown> => (await kernel.tools.call(name, input)).structured;
    expect(
      kernel.tools
        .list()
        .map((t) => t.name)
        .filter((name) => name.startsWith('memory.'))
        .sort(),
    ).toEqual([...memoryToolNames].sort());
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    const stored = (await call('memory.store', {
      memories: [
        {
          text: 'a red square on the login page',
          modality: 'image',
          mediaType: 'image/png',
          content: png.toString('base64'),
          tags: ['ui'],
        },
        { text: '\'; DROP TABLE memories; -- NEAR("x" y) *', tags: ['sql'] },
      ],
    })) as { memories: { id: string; contentBytes?: number; content?: string }[]; degraded?: { mode: string; reason: string } };
    expect(stored.degraded).toEqual({ mode: 'keyword', reason: expect.stringMatching(/no policy router/) });
    expect(stored.memories[0]?.contentBytes).toBe(png.byteLength);
    expect(stored.memories[0]?.content).toBeUndefined();
    const got = (await call('memory.get', { id: stored.memories[0]?.id })) as { memory: { content: string } };
    expect(Buffer.from(got.memory.content, 'base64').equals(png)).toBe(true);
    const search = (await call('memory.search', { query: 'red square' })) as {
      mode: string;
      hits: { memory: { id: string } }[];
      degraded?: unknown;
    };
    expect(search.mode).toBe('keyword');
    expect(search.degraded).toBeDefined();
    expect(search.hits.map((h) => h.memory.id)).toEqual([stored.memories[0]?.id]);
    const sql = (await call('memory.search', { query: 'DROP TABLE memories; --' })) as { hits: { memory: { id: string } }[] };
    expect(sql.hits.map((h) => h.memory.id)).toEqual([stored.memories[1]?.id]);
    await call('memory.update', { id: stored.memories[1]?.id, patch: { tags: ['sql', 'fixed'] } });
    expect(((await call('memory.history', { id: stored.memories[1]?.id })) as { revisions: unknown[] }).revisions).toHaveLength(1);
    expect(((await call('memory.list', { tags: ['ui'] })) as { items: unknown[] }).items).toHaveLength(1);
    expect((await call('memory.stats', {})) as { total: number; semantic: { available: boolean } }).toMatchObject({
      total: 2,
      semantic: { available: false },
      keywordIndex: { size: 2, openedBy: 'empty' },
    });
    expect(await call('memory.delete', { id: stored.memories[1]?.id })).toEqual({ deleted: true });
    const missing = await call('memory.get', { id: stored.memories[1]?.id }).catch((error: unknown) => error);
    expect(CortexError.is(missing)).toBe(true);
    expect(JSON.stringify(missing)).toBeDefined();
    expect(String((missing as Error).message)).toMatch(/no memory with id/);
  });

  it("contributes its tools and resources on the kernel's extension points, and withdraws them when it stops", async () => {
    const kernel = createKernel({ plugins: [memoryPlugin({ dataDir: dataDir() })] });
    await kernel.start();
    const contributions = kernel.describe().plugins.find((p) => p.name === 'memory')?.contributions;
    expect([...(contributions?.['kernel.tool'] ?? [])].sort()).toEqual([...memoryToolNames].sort());
    expect([...(contributions?.['kernel.resource'] ?? [])].sort()).toEqual(['memory://memories', 'memory://memories/{id}']);
    await kernel.stop();
    expect(kernel.tools.list().filter((t) => t.name.startsWith('memory.'))).toEqual([]);
    expect(kernel.resources.list()).toEqual([]);
    expect(kernel.resources.listTemplates()).toEqual([]);
  });

  it('embeds image memories from their bytes when the pinned model declares images (a CLIP stand-in provider)', async () => {
    const png = Uint8Array.from(
      Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'),
    );
    const received: EmbedInput[] = [];
    const vector = (bytes: Uint8Array) => Float32Array.from(createHash('sha256').update(bytes).digest(), (b) => b - 127.5);
    // STAND-IN FOR CLIP through MLX (which cannot run here): images are embedded by hashing their bytes,
    // and the text 'a red pixel' gets the vector of the PNG, as CLIP puts a caption near its image.
    const clip: ModelProvider = {
      name: 'clip-stand-in',
      capabilities: {
        operations: ['embed'],
        embedding: { model: 'clip-stand-in-32', dimensions: 32, modalities: ['text', 'image'] },
        locality: 'local',
        relativeCost: 0,
      },
      async health() {
        return { available: true };
      },
      async embed(inputs) {
        received.push(...inputs);
        return {
          model: 'clip-stand-in-32',
          dimensions: 32,
          vectors: inputs.map((i) => vector(typeof i !== 'string' ? i.data : i === 'a red pixel' ? png : Buffer.from(i))),
        };
      },
    };
    const clipPlugin = definePlugin({
      name: 'clip-stand-in',
      version: '0.0.0',
      description: 'A CLIP stand-in embedding provider for tests.',
      provides: { providers: modelProviderToken },
      start: () => ({ providers: [clip] }),
    });
    await using kernel = createKernel({
      plugins: [
        routerPlugin(),
        clipPlugin(),
        memoryPlugin({ dataDir: dataDir(), store: { kind: 'sqlite', vectorIndex: 'exact', synchronous: 'normal' } }),
      ],
    });
    await kernel.start();
    const memory = kernel.get(memoryServiceToken);
    const { memory: stored, degraded } = await memory.store({ text: 'IMG_0001', modality: 'image', content: png, mediaType: 'image/png' });
    expect(degraded).toBeUndefined();
    expect(stored.embeddingModel).toBe('clip-stand-in-32');
    expect(received).toEqual([{ modality: 'image', data: png, mediaType: 'image/png' }]);
    const result = await memory.search({ query: 'a red pixel', mode: 'semantic', limit: 1 });
    expect(result.hits[0]?.memory.id).toBe(stored.id);
    expect(result.hits[0]?.semanticScore).toBeCloseTo(1, 5);
  });

  it('refuses oversize text with MEMORY_CONTENT_TOO_LARGE, and names an unreachable PostgreSQL server without its credentials', async () => {
    await using kernel = createKernel({ plugins: [memoryPlugin({ dataDir: dataDir() })] });
    await kernel.start();
    const error = await kernel
      .get(memoryServiceToken)
      .store({ text: 'x'.repeat(1_000_001) })
      .catch((e: unknown) => e);
    expect(CortexError.is(error, 'MEMORY_CONTENT_TOO_LARGE')).toBe(true);
    await kernel.stop();
    const pg = createKernel({
      plugins: [memoryPlugin({ store: { kind: 'postgres', connectionString: 'postgres://alice:s3cret@127.0.0.1:1/x' } })],
    });
    const failed = await pg.start().catch((e: unknown) => e);
    expect(CortexError.is(failed, 'KERNEL_START_FAILED')).toBe(true);
    expect(String((failed as Error).message)).toContain('[MEMORY_STORE_UNAVAILABLE]: cannot open the PostgreSQL store at 127.0.0.1:1/x');
    expect(String((failed as Error).message)).not.toContain('s3cret');
  });

  it('passes its limits, readOnly and checkEveryMs options to the store', async () => {
    expect(memoryPluginOptions.parse({}).store).toMatchObject({ kind: 'sqlite', readOnly: false, checkEveryMs: 5000 });
    expect(memoryPluginOptions.parse({}).limits).toEqual(defaultMemoryStoreLimits);
    expect(memoryPluginOptions.safeParse({ limits: { metadataKeys: 0 } }).success).toBe(false);
    expect(memoryPluginOptions.safeParse({ limits: { unknownLimit: 1 } }).success).toBe(false);
    const dir = dataDir();
    await using owner = createKernel({ plugins: [memoryPlugin({ dataDir: dir, limits: { metadataKeys: 2, filterTags: 1 } })] });
    await owner.start();
    const memory = owner.get(memoryServiceToken);
    await expect(memory.store({ text: 'three keys', metadata: { a: 1, b: 2, c: 3 } })).rejects.toMatchObject({
      code: 'MEMORY_LIMIT_EXCEEDED',
      details: { limit: 'metadataKeys' },
    });
    await expect(memory.list({ tags: ['a', 'b'] })).rejects.toMatchObject({
      code: 'MEMORY_LIMIT_EXCEEDED',
      details: { limit: 'filterTags' },
    });
    const { memory: kept } = await memory.store({ text: 'two keys', metadata: { a: 1, b: 2 } });
    await using reader = createKernel({
      plugins: [memoryPlugin({ dataDir: dir, store: { kind: 'sqlite', readOnly: true, checkEveryMs: 50 } })],
    });
    await reader.start();
    const readOnly = reader.get(memoryServiceToken);
    expect((await readOnly.get(kept.id))?.text).toBe('two keys');
    await expect(readOnly.store({ text: 'refused' })).rejects.toMatchObject({ code: 'MEMORY_STORE_READ_ONLY' });
  });

  it('validates its groupCommit option and passes it to the store', async () => {
    const sqlite = (groupCommit: unknown) => memoryPluginOptions.safeParse({ store: { kind: 'sqlite', groupCommit } });
    expect(sqlite({ windowMs: 0, delayMs: 2, maxJobs: 10 }).success).toBe(true);
    expect(sqlite(false).success).toBe(true);
    expect(sqlite(true).success).toBe(false);
    expect(sqlite({ delay: 2 }).success).toBe(false);
    expect(sqlite({ delayMs: -1 }).success).toBe(false);
    expect(sqlite({ maxJobs: 0 }).success).toBe(false);
    await using kernel = createKernel({
      plugins: [memoryPlugin({ dataDir: dataDir(), store: { kind: 'sqlite', groupCommit: { delayMs: 1, maxJobs: 2 } } })],
    });
    await kernel.start();
    const memory = kernel.get(memoryServiceToken);
    const texts = ['one', 'two', 'three', 'four', 'five'];
    const stored = await Promise.all(texts.map((text) => memory.store({ text })));
    for (const [i, { memory: m }] of stored.entries()) expect((await memory.get(m.id))?.text).toBe(texts[i]);
  });

  it('validates its hnsw option and passes it to the store: an f32 graph saves two more bytes per dimension', async () => {
    const sqlite = (hnsw: unknown) => memoryPluginOptions.safeParse({ store: { kind: 'sqlite', hnsw } });
    expect(sqlite({ connectivity: 16, expansionAdd: 64, expansionSearch: 256, quantization: 'f32' }).success).toBe(true);
    expect(sqlite({ quantization: 'i8' }).success).toBe(false);
    expect(sqlite({ openSaved: 'map' }).success).toBe(true);
    expect(sqlite({ openSaved: 'mmap' }).success).toBe(false);
    expect(sqlite({ connectivity: 1 }).success).toBe(false);
    expect(sqlite({ expansionSearch: 0 }).success).toBe(false);
    expect(sqlite({ ef: 64 }).success).toBe(false);
    const texts = Array.from({ length: 12 }, (_, i) => `note ${i} about the deploy key and the invoices`);
    /** The saved graph's size after storing `texts` with `hnsw` (the hashing embedder: 384 dimensions). */
    const graphBytes = async (hnsw?: { quantization: 'f32' }): Promise<number> => {
      const dir = dataDir();
      await using kernel = createKernel({
        plugins: [
          routerPlugin(),
          localEmbeddersPlugin(),
          memoryPlugin({ dataDir: dir, store: { kind: 'sqlite', ...(hnsw === undefined ? {} : { hnsw }) } }),
        ],
      });
      await kernel.start();
      const memory = kernel.get(memoryServiceToken);
      for (const text of texts) expect((await memory.store({ text })).degraded).toBeUndefined();
      await kernel.stop();
      return statSync(join(dir, 'memories.usearch')).size;
    };
    expect((await graphBytes({ quantization: 'f32' })) - (await graphBytes())).toBe(texts.length * 384 * 2);
  });

  it('validates its indexCatchUp option and passes it to the store', async () => {
    const sqlite = (indexCatchUp: unknown) => memoryPluginOptions.safeParse({ store: { kind: 'sqlite', indexCatchUp } });
    expect(sqlite({ maxPending: 0, step: 1 }).success).toBe(true);
    expect(sqlite(false).success).toBe(true);
    expect(sqlite(true).success).toBe(false);
    expect(sqlite({ pending: 2 }).success).toBe(false);
    expect(sqlite({ maxPending: -1 }).success).toBe(false);
    expect(sqlite({ step: 0 }).success).toBe(false);
    await using kernel = createKernel({
      plugins: [memoryPlugin({ dataDir: dataDir(), store: { kind: 'sqlite', indexCatchUp: { maxPending: 2 } } })],
    });
    await kernel.start();
    const memory = kernel.get(memoryServiceToken);
    const texts = ['one', 'two', 'three', 'four', 'five'];
    const stored = await Promise.all(texts.map((text) => memory.store({ text })));
    for (const [i, { memory: m }] of stored.entries()) {
      const { hits } = await memory.search({ query: texts[i] as string, mode: 'semantic', limit: 1 });
      expect(hits[0]?.memory.id).toBe(m.id);
    }
  });
});
