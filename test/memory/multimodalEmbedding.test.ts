import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CortexError, KernelError } from '@cortex-os/kernel';
import type { EmbedInput, ModelModality, ModelProvider } from '@cortex-os/kernel/router';
import { createPolicyRouter } from '@cortex-os/kernel/internal';
import {
  createMemoryService,
  createRouterMemoryEmbedder,
  createSqliteMemoryStore,
  createTieredMemoryStore,
  type MemoryInput,
  type MemoryStore,
  type MemoryTier,
} from '../../packages/plugin-memory/src/index.js';
import { createPostgresMemoryStore } from '../../packages/plugin-memory/src/postgres/index.js';
import { startPgliteServer, type PgliteServer } from '../../packages/plugin-memory/test/postgres/startPgliteServer.js';

// A valid 1×1 PNG; bytes appended after IEND make distinct images that still read as PNG.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const image = (tag: string): Uint8Array<ArrayBuffer> => Uint8Array.from(Buffer.concat([png, Buffer.from(tag)]));
const redSquare = image('red');
const blueCircle = image('blue');
// A minimal RIFF/WAVE header and a minimal MP4 (ftyp box): enough for the magic-byte check.
const wav = (tag: string): Uint8Array<ArrayBuffer> =>
  Uint8Array.from(
    Buffer.concat([Buffer.from('RIFF'), Buffer.from([36, 0, 0, 0]), Buffer.from('WAVEfmt '), Buffer.alloc(24), Buffer.from(tag)]),
  );
const birdsong = wav('birdsong');
const mp4 = Uint8Array.from(
  Buffer.concat([
    Buffer.from([0, 0, 0, 0x18]),
    Buffer.from('ftypisom'),
    Buffer.from([0, 0, 2, 0]),
    Buffer.from('isomiso2'),
    Buffer.alloc(16),
  ]),
);

const dimensions = 32;

/** A unit-free vector from a hash of bytes: equal bytes give equal vectors, others near-orthogonal ones. */
function hashVector(bytes: Uint8Array): Float32Array {
  const digest = createHash('sha256').update(bytes).digest();
  return Float32Array.from(digest, (b) => (b - 127.5) / 127.5);
}

interface StandInProvider extends ModelProvider {
  /** Every input the provider was asked to embed, in order. */
  readonly received: EmbedInput[];
}

/**
 * STAND-IN FOR CLIP (or CLAP for audio) served through MLX: a real CLIP model cannot run on this
 * host, so this deterministic fake embeds an image or audio clip by hashing its bytes, and a text
 * by hashing it — except the texts in `aligned`, which get the vector of their image or clip, as
 * CLIP places a caption near its image in one shared space. With `modalities: ['text']` it stands
 * in for a text-only model. `failBytes` makes it fail (not retryable) on non-text inputs.
 */
function createClipStandIn(options: {
  name: string;
  model: string;
  modalities: readonly ModelModality[];
  aligned?: ReadonlyMap<string, Uint8Array>;
  failBytes?: boolean;
}): StandInProvider {
  const received: EmbedInput[] = [];
  return {
    name: options.name,
    received,
    capabilities: {
      operations: ['embed'],
      embedding: { model: options.model, dimensions, modalities: options.modalities },
      locality: 'local',
      relativeCost: 0,
    },
    async health() {
      return { available: true };
    },
    async embed(inputs) {
      received.push(...inputs);
      const vectors = inputs.map((input) => {
        if (typeof input === 'string') return hashVector(options.aligned?.get(input) ?? Buffer.from(input, 'utf8'));
        if (options.failBytes === true)
          throw new KernelError('PROVIDER_REQUEST_FAILED', `${options.name} failed to decode the ${input.modality}`, {
            details: { retryable: false },
          });
        return hashVector(input.data);
      });
      return { model: options.model, dimensions, vectors };
    },
  };
}

const aligned = new Map([
  ['a photo of a red square', redSquare],
  ['a blue circle', blueCircle],
  ['a bird singing at dawn', birdsong],
]);

const bytesOf = (provider: StandInProvider) =>
  provider.received.filter((input): input is Exclude<EmbedInput, string> => typeof input !== 'string');
const textsOf = (provider: StandInProvider) => provider.received.filter((input): input is string => typeof input === 'string');

let pglite: PgliteServer;
let schemas = 0;
const root = mkdtempSync(join(tmpdir(), 'memory-multimodal-'));
let dirs = 0;
beforeAll(async () => {
  pglite = await startPgliteServer();
});
afterAll(async () => {
  await pglite?.stop();
  rmSync(root, { recursive: true, force: true });
});

interface Opened {
  readonly store: MemoryStore;
  /** The tier test memories are written to. */
  readonly tier: MemoryTier;
  readonly embedder: ReturnType<typeof createRouterMemoryEmbedder>;
}

type Backend = (providers: readonly ModelProvider[], model?: string) => Promise<Opened>;

function routerEmbedder(providers: readonly ModelProvider[], model?: string) {
  return createRouterMemoryEmbedder(createPolicyRouter({ providers }), model, { providers });
}

const backends: readonly (readonly [string, Backend])[] = [
  [
    'SQLite (a file)',
    async (providers, model) => {
      const embedder = routerEmbedder(providers, model);
      return {
        store: await createSqliteMemoryStore({ dataDir: join(root, `d${dirs++}`), vectorIndex: 'exact', embed: embedder.embed }),
        tier: 'ltm',
        embedder,
      };
    },
  ],
  [
    'PostgreSQL + pgvector (PGlite)',
    async (providers, model) => {
      const embedder = routerEmbedder(providers, model);
      return {
        store: await createPostgresMemoryStore({
          connectionString: pglite.url,
          poolSize: 1,
          schema: `multimodal_${++schemas}`,
          embed: embedder.embed,
        }),
        tier: 'ltm',
        embedder,
      };
    },
  ],
  [
    'short-term tier (over SQLite)',
    async (providers, model) => {
      const embedder = routerEmbedder(providers, model);
      const longTerm = await createSqliteMemoryStore({ vectorIndex: 'exact', embed: embedder.embed });
      return { store: createTieredMemoryStore({ longTerm, embed: embedder.embed, promoteAfterAccesses: 0 }), tier: 'stm', embedder };
    },
  ],
];

describe.each(backends)('non-text memories through the router: %s', (_name, open) => {
  const photo = (tier: MemoryTier, content: Uint8Array<ArrayBuffer>, text: string): MemoryInput => ({
    text,
    modality: 'image',
    content,
    mediaType: 'image/png',
    tier,
  });

  it('embeds an image from its bytes when the pinned model embeds images, so a text query finds it', async () => {
    const clip = createClipStandIn({ name: 'mlx-clip', model: 'clip-stand-in', modalities: ['text', 'image'], aligned });
    const { store, tier, embedder } = await open([clip]);
    await using _ = store;
    expect(embedder.modalities).toEqual(['text', 'image']);
    const red = await store.store(photo(tier, redSquare, 'IMG_0042.png'));
    await store.store(photo(tier, blueCircle, 'IMG_0043.png'));
    await store.store({ text: 'the deploy key rotates every 90 days', tier });
    expect(red.embeddingModel).toBe('clip-stand-in');
    expect(bytesOf(clip)).toEqual([
      { modality: 'image', data: redSquare, mediaType: 'image/png' },
      { modality: 'image', data: blueCircle, mediaType: 'image/png' },
    ]);
    expect(textsOf(clip)).not.toContain('IMG_0042.png');
    const hits = await store.search({ query: 'a photo of a red square', mode: 'semantic', limit: 3 });
    expect(hits[0]?.memory.id).toBe(red.id);
    expect(hits[0]?.semanticScore).toBeCloseTo(1, 5);
    expect(hits[0]?.memory.content).toEqual(redSquare);
  });

  it('embeds the same image from its caption with a text-only model, which never sees bytes', async () => {
    const textOnly = createClipStandIn({ name: 'text-only', model: 'text-only-stand-in', modalities: ['text'], aligned });
    const { store, tier, embedder } = await open([textOnly]);
    await using _ = store;
    expect(embedder.modalities).toEqual(['text']);
    const red = await store.store(photo(tier, redSquare, 'IMG_0042.png'));
    expect(red.embeddingModel).toBe('text-only-stand-in');
    expect(bytesOf(textOnly)).toEqual([]);
    expect(textsOf(textOnly)).toEqual(['IMG_0042.png']);
    const byCaption = await store.search({ query: 'IMG_0042.png', mode: 'semantic', limit: 1 });
    expect(byCaption[0]?.memory.id).toBe(red.id);
    expect(byCaption[0]?.semanticScore).toBeCloseTo(1, 5);
    // The image content is not in the vector space: the aligned query does not match it.
    expect((await store.search({ query: 'a photo of a red square', mode: 'semantic', limit: 1 }))[0]?.semanticScore ?? 0).toBeLessThan(0.9);
  });

  it('embeds audio from its bytes only when the model embeds audio; video always from its text', async () => {
    const clap = createClipStandIn({ name: 'clap', model: 'clap-stand-in', modalities: ['text', 'audio'], aligned });
    const s1 = await open([clap]);
    const clip = await s1.store.store({ text: 'dawn.wav', modality: 'audio', content: birdsong, mediaType: 'audio/wav', tier: s1.tier });
    const film = await s1.store.store({
      text: 'a short film about trains',
      modality: 'video',
      content: mp4,
      mediaType: 'video/mp4',
      tier: s1.tier,
    });
    expect(bytesOf(clap)).toEqual([{ modality: 'audio', data: birdsong, mediaType: 'audio/wav' }]);
    expect(textsOf(clap)).toEqual(['a short film about trains']);
    expect(film.embeddingModel).toBe('clap-stand-in');
    expect((await s1.store.search({ query: 'a bird singing at dawn', mode: 'semantic', limit: 1 }))[0]?.memory.id).toBe(clip.id);
    await s1.store.close();

    const imagesOnly = createClipStandIn({ name: 'clip', model: 'clip-stand-in', modalities: ['text', 'image'], aligned });
    const s2 = await open([imagesOnly]);
    await s2.store.store({ text: 'dawn.wav', modality: 'audio', content: birdsong, mediaType: 'audio/wav', tier: s2.tier });
    await s2.store.store({ text: 'a short film about trains', modality: 'video', content: mp4, mediaType: 'video/mp4', tier: s2.tier });
    expect(bytesOf(imagesOnly)).toEqual([]);
    expect(textsOf(imagesOnly)).toEqual(['dawn.wav', 'a short film about trains']);
    await s2.store.close();
  });

  it('re-embeds by the same rule on a text update and on reindex', async () => {
    const clip = createClipStandIn({ name: 'mlx-clip', model: 'clip-stand-in', modalities: ['text', 'image'], aligned });
    const { store, tier } = await open([clip]);
    await using _ = store;
    const red = await store.store(photo(tier, redSquare, 'IMG_0042.png'));
    const note = await store.store({ text: 'a note', tier });
    clip.received.length = 0;
    const renamed = await store.update(red.id, { text: 'holiday photo' });
    expect(renamed.embeddingModel).toBe('clip-stand-in');
    expect(bytesOf(clip)).toEqual([{ modality: 'image', data: redSquare, mediaType: 'image/png' }]);
    await store.update(note.id, { text: 'a changed note' });
    expect(textsOf(clip)).toEqual(['a changed note']);
    expect((await store.search({ query: 'a photo of a red square', mode: 'semantic', limit: 1 }))[0]?.memory.id).toBe(red.id);
    clip.received.length = 0;
    // The tiered store counts its long-term memories; an empty long-term store probes the model once.
    expect((await store.reindex()).count).toBe(tier === 'ltm' ? 2 : 0);
    expect(bytesOf(clip)).toEqual([{ modality: 'image', data: redSquare, mediaType: 'image/png' }]);
    expect(textsOf(clip).filter((t) => t !== 'probe')).toEqual(['a changed note']);
    expect((await store.search({ query: 'a photo of a red square', mode: 'semantic', limit: 1 }))[0]?.memory.id).toBe(red.id);
  });
  it('fails like a text embedding when the provider cannot embed the bytes: no other model, keyword-only through the service', async () => {
    const failing = createClipStandIn({
      name: 'mlx-clip',
      model: 'clip-stand-in',
      modalities: ['text', 'image'],
      aligned,
      failBytes: true,
    });
    const otherModel = createClipStandIn({ name: 'text-embedder', model: 'text-only-stand-in', modalities: ['text'] });
    const { store: backend, tier, embedder } = await open([failing, otherModel], 'clip-stand-in');
    await using _ = backend;
    expect(embedder.modalities).toEqual(['text', 'image']);
    const input = photo(tier, redSquare, 'IMG_0042.png');
    const error = await backend.store(input).catch((e: unknown) => e);
    expect(CortexError.is(error, 'ROUTER_MODEL_UNAVAILABLE')).toBe(true);
    expect((await backend.stats()).total).toBe(0);

    const service = createMemoryService({ backend, embedder });
    const { memory, degraded } = await service.store(input);
    expect(degraded?.mode).toBe('keyword');
    expect(degraded?.reason).toMatch(/failed to decode the image/);
    expect(memory.embeddingModel).toBeUndefined();
    expect(otherModel.received).toEqual([]);
    expect((await service.search({ query: 'IMG_0042', mode: 'keyword' })).hits[0]?.memory.id).toBe(memory.id);
  });
});

describe('non-text memories through the router: batches and the store option (SQLite file)', () => {
  it('embeds a mixed batch with one call per modality, all with the pinned model', async () => {
    const clip = createClipStandIn({ name: 'mlx-clip', model: 'clip-stand-in', modalities: ['text', 'image'], aligned });
    const calls: EmbedInput[][] = [];
    const recording: ModelProvider = {
      ...clip,
      embed: (inputs, o) => {
        calls.push([...inputs]);
        return clip.embed?.(inputs, o) as ReturnType<NonNullable<ModelProvider['embed']>>;
      },
    };
    const embedder = routerEmbedder([recording]);
    await using store = await createSqliteMemoryStore({ dataDir: join(root, `d${dirs++}`), embed: embedder.embed });
    const stored = await store.storeMany([
      { text: 'first note' },
      { text: 'IMG_0042.png', modality: 'image', content: redSquare, mediaType: 'image/png' },
      { text: 'second note' },
    ]);
    expect(calls).toEqual([['first note', 'second note'], [{ modality: 'image', data: redSquare, mediaType: 'image/png' }]]);
    expect(stored.map((m) => m.embeddingModel)).toEqual(['clip-stand-in', 'clip-stand-in', 'clip-stand-in']);
    expect((await store.search({ query: 'a photo of a red square', mode: 'semantic', limit: 1 }))[0]?.memory.id).toBe(stored[1]?.id);
  });

  it('takes the modalities from the store option for a plain function embedder', async () => {
    const seen: EmbedInput[] = [];
    const embed = async (inputs: readonly EmbedInput[]) => {
      seen.push(...inputs);
      return {
        model: 'plain-image-embedder',
        dimensions,
        vectors: inputs.map((i) => hashVector(typeof i === 'string' ? Buffer.from(i) : i.data)),
      };
    };
    await using withImages = await createSqliteMemoryStore({ embed, embedModalities: ['text', 'image'] });
    await withImages.store({ text: 'IMG_0042.png', modality: 'image', content: redSquare, mediaType: 'image/png' });
    await using textOnly = await createSqliteMemoryStore({ embed });
    await textOnly.store({ text: 'IMG_0042.png', modality: 'image', content: redSquare, mediaType: 'image/png' });
    expect(seen).toEqual([{ modality: 'image', data: redSquare, mediaType: 'image/png' }, 'IMG_0042.png']);
  });
});
