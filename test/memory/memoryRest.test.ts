import { describe, expect, it } from 'vitest';
import { PNG, useMemoryRestServer } from './memoryRestServer.js';

// The 10,000-request fuzz of the same routes is in memoryRest.fuzz.test.ts (slow layer).
const { send } = useMemoryRestServer();

describe('memory REST API', () => {
  it('creates, reads, searches, updates, lists, reports and deletes', async () => {
    const one = await send('POST', '/api/v1/memories', { text: 'The deploy key rotates every 90 days', kind: 'fact', tags: ['ops'] });
    expect(one.status).toBe(201);
    const id = one.body.memory.id as string;
    const batch = await send('POST', '/api/v1/memories', {
      memories: [
        {
          text: 'a red square on the login page',
          modality: 'image',
          mediaType: 'image/png',
          content: PNG.toString('base64'),
          tags: ['ui'],
        },
        { text: '\'; DROP TABLE memories; -- NEAR("deploy" key) * ^ AND OR', tags: ['sql'] },
      ],
    });
    expect(batch.status).toBe(201);
    expect(batch.body.memories).toHaveLength(2);
    const image = await send('GET', `/api/v1/memories/${batch.body.memories[0].id}`);
    expect(image.status).toBe(200);
    expect(Buffer.from(image.body.content, 'base64').equals(PNG)).toBe(true);
    const search = await send('POST', '/api/v1/memories/search', { query: 'when does the deploy key rotate?', limit: 3 });
    expect(search.status).toBe(200);
    expect(search.body.mode).toBe('hybrid');
    expect(search.body.hits[0].memory.id).toBe(id);
    expect(search.body.hits[0]).toMatchObject({ score: expect.any(Number), semanticScore: expect.any(Number), keywordScore: 1 });
    const sql = await send('POST', '/api/v1/memories/search', { query: "'; DROP TABLE memories; --", mode: 'keyword' });
    expect(sql.body.hits.map((h: { memory: { id: string } }) => h.memory.id)).toEqual([batch.body.memories[1].id]);
    const patched = await send('PATCH', `/api/v1/memories/${id}`, { text: 'The deploy key rotates every 30 days' });
    expect(patched.status).toBe(200);
    expect(patched.body.memory.version).toBe(2);
    const history = await send('GET', `/api/v1/memories/${id}/history`);
    expect(history.body.revisions.map((r: { text: string }) => r.text)).toEqual(['The deploy key rotates every 90 days']);
    const listed = await send('GET', '/api/v1/memories?tags=ui&modalities=image');
    expect(listed.body.items.map((m: { id: string }) => m.id)).toEqual([batch.body.memories[0].id]);
    const stats = await send('GET', '/api/v1/memories/stats');
    expect(stats.body).toMatchObject({
      total: 3,
      semantic: { available: true, model: 'cortex-hashing-v1-384' },
      keywordIndex: { size: 3, openedBy: 'empty' },
    });
    expect((await send('DELETE', `/api/v1/memories/${id}`)).status).toBe(204);
    expect((await send('DELETE', `/api/v1/memories/${id}`)).status).toBe(404);
    const gone = await send('GET', `/api/v1/memories/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ code: 'MEMORY_NOT_FOUND', status: 404 });
    expect((await send('GET', `/api/v1/memories/${id}/history`)).status).toBe(404);
  });

  it('answers 400 naming the bad field, and 413 for oversize content', async () => {
    const badId = await send('GET', '/api/v1/memories/not-an-id');
    expect(badId.status).toBe(400);
    expect(badId.body.errors).toEqual([expect.objectContaining({ location: 'params', path: 'id' })]);
    const badTag = await send('POST', '/api/v1/memories', { text: 'x', tags: ['ok', 'bad\u0007tag'] });
    expect(badTag.status).toBe(400);
    expect(badTag.body.code).toBe('MEMORY_INPUT_INVALID');
    expect(badTag.body.errors).toEqual([expect.objectContaining({ path: 'tags.1' })]);
    const badBatch = await send('POST', '/api/v1/memories', { memories: [{ text: 'ok' }, { text: 5 }] });
    expect(badBatch.body.errors).toEqual([expect.objectContaining({ path: 'memories.1.text' })]);
    const badLimit = await send('POST', '/api/v1/memories/search', { query: 'x', limit: 0 });
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.errors).toEqual([expect.objectContaining({ location: 'body', path: 'limit' })]);
    const badQuery = await send('GET', '/api/v1/memories?modalities=smell');
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.errors[0]).toMatchObject({ location: 'query', path: expect.stringMatching(/^modalities/) });
    const badPatch = await send('PATCH', '/api/v1/memories/0190d1c2-3b4a-7c5d-8e6f-0123456789ab', { colour: 'red' });
    expect(badPatch.status).toBe(400);
    const longText = await send('POST', '/api/v1/memories', { text: 'x'.repeat(1_000_001) });
    expect(longText.status).toBe(413);
    expect(longText.body.code).toBe('MEMORY_CONTENT_TOO_LARGE');
    const hugeBody = await send('POST', '/api/v1/memories', { text: 'y'.repeat(3 * 1024 * 1024) });
    expect(hugeBody.status).toBe(413);
    const notPng = await send('POST', '/api/v1/memories', {
      text: 'fake',
      modality: 'image',
      mediaType: 'image/png',
      content: Buffer.from('MZ not a png at all').toString('base64'),
    });
    expect(notPng.status).toBe(415);
    expect((await send('POST', '/api/v1/memories', undefined, '{"text": "unterminated')).status).toBe(400);
  });

  it('limits bodies per route: a search body over 256 KiB gets 413, a memory of that size is stored', async () => {
    const text = 'z'.repeat(300 * 1024);
    const search = await send('POST', '/api/v1/memories/search', { query: text });
    expect(search.status).toBe(413);
    expect(search.body.code).toBe('HTTP_BODY_TOO_LARGE');
    const stored = await send('POST', '/api/v1/memories', { text });
    expect(stored.status).toBe(201);
    expect((await send('DELETE', `/api/v1/memories/${stored.body.memory.id}`)).status).toBe(204);
  });
});
