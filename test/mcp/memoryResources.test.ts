import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKernel, type Kernel } from '@cortex-os/kernel';
import { routerPlugin } from '@cortex-os/kernel/router';
import { localEmbeddersPlugin } from '@cortex-os/plugin-local-embedders';
import { mcpPlugin, mcpServiceToken } from '@cortex-os/plugin-mcp';
import { Client, StreamableHTTPClientTransport, startPlainHttpServer, type PlainHttpServer } from '@cortex-os/plugin-mcp/testing';
import { memoryPlugin, memoryServiceToken, type Memory } from '@cortex-os/plugin-memory';
import { PNG } from './fixtures.js';

// A real runtime: SQLite memory in a temporary folder, the local hashing embedder through the
// router, and the MCP plugin's Streamable HTTP handler on 127.0.0.1. Memory contributes its
// resources on the kernel's extension point (kernelExtensionPoints.resources); nothing here depends on MCP in the memory plugin.
const dataDir = mkdtempSync(join(tmpdir(), 'mcp-memory-'));
let kernel: Kernel;
let http: PlainHttpServer;
let note: Memory;
let logo: Memory;

beforeAll(async () => {
  kernel = createKernel({
    plugins: [
      routerPlugin(),
      localEmbeddersPlugin(),
      memoryPlugin({ dataDir, store: { kind: 'sqlite', vectorIndex: 'exact', synchronous: 'normal' }, resources: { recentLimit: 10 } }),
      mcpPlugin({ name: 'memory-test', http: { path: '/mcp' } }),
    ],
  });
  await kernel.start();
  const memory = kernel.get(memoryServiceToken);
  note = (await memory.store({ text: 'The deploy key rotates every 90 days', kind: 'fact', tags: ['ops'] })).memory;
  logo = (
    await memory.store({
      text: 'The company logo, one pixel',
      kind: 'asset',
      modality: 'image',
      content: Buffer.from(PNG, 'base64'),
      mediaType: 'image/png',
    })
  ).memory;
  const handler = kernel.get(mcpServiceToken).http;
  if (handler === undefined) throw new Error('the MCP plugin was configured with http but provides no handler');
  http = await startPlainHttpServer('/mcp', (req, res) => handler.handle(req, res));
});
afterAll(async () => {
  await http?.close();
  await kernel?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe.each(['legacy', 'auto'] as const)('memories as MCP resources, %s negotiation', (mode) => {
  let client: Client;
  beforeAll(async () => {
    client = new Client({ name: 'vitest', version: '1.0.0' }, { versionNegotiation: { mode } });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${http.origin}/mcp`)));
  });
  afterAll(async () => {
    await client.close();
  });

  it('lists the recent-memories resource and the memory template, beside the memory tools', async () => {
    expect((await client.listResources()).resources).toEqual([
      expect.objectContaining({ uri: 'memory://memories', name: 'recent-memories', mimeType: 'application/json' }),
    ]);
    expect((await client.listResourceTemplates()).resourceTemplates).toEqual([
      expect.objectContaining({ uriTemplate: 'memory://memories/{id}', name: 'memory', mimeType: 'application/json' }),
    ]);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(
      expect.arrayContaining(['memory.get', 'memory.search', 'memory.store']),
    );
  });

  it('reads the recent memories, newest first, each with the URI to read it', async () => {
    const { contents } = await client.readResource({ uri: 'memory://memories' });
    expect(contents).toHaveLength(1);
    expect(contents[0]).toMatchObject({ uri: 'memory://memories', mimeType: 'application/json' });
    const body = JSON.parse((contents[0] as { text: string }).text) as { items: { id: string; uri: string; modality: string }[] };
    expect(body.items.map((i) => [i.id, i.uri, i.modality])).toEqual([
      [logo.id, `memory://memories/${logo.id}`, 'image'],
      [note.id, `memory://memories/${note.id}`, 'text'],
    ]);
  });

  it('reads a text memory as application/json', async () => {
    const uri = `memory://memories/${note.id}`;
    const { contents } = await client.readResource({ uri });
    expect(contents).toEqual([{ uri, mimeType: 'application/json', text: expect.any(String) }]);
    expect(JSON.parse((contents[0] as { text: string }).text)).toMatchObject({
      id: note.id,
      kind: 'fact',
      text: note.text,
      tags: ['ops'],
      embeddingModel: 'cortex-hashing-v1-384',
    });
  });

  it('reads an image memory as its JSON plus the bytes as a blob with the stored media type', async () => {
    const uri = `memory://memories/${logo.id}`;
    const { contents } = await client.readResource({ uri });
    expect(contents).toEqual([
      { uri, mimeType: 'application/json', text: expect.any(String) },
      { uri, mimeType: 'image/png', blob: PNG },
    ]);
    expect(JSON.parse((contents[0] as { text: string }).text)).toMatchObject({
      id: logo.id,
      modality: 'image',
      mediaType: 'image/png',
      contentBytes: Buffer.from(PNG, 'base64').byteLength,
    });
  });

  it('answers an unknown id with the resource-not-found error and completes ids', async () => {
    await expect(client.readResource({ uri: 'memory://memories/0190f0f0-0000-7000-8000-000000000000' })).rejects.toMatchObject({
      code: -32602,
    });
    const { completion } = await client.complete({
      ref: { type: 'ref/resource', uri: 'memory://memories/{id}' },
      argument: { name: 'id', value: note.id.slice(0, 30) },
    });
    expect(completion.values).toEqual([note.id]);
  });

  // Issue 5 + 6: memory's resources announce their changes. Leaves the store as it found it.
  it('sends notifications/resources/updated to a subscribed client when memories are stored, updated and deleted', async () => {
    const memory = kernel.get(memoryServiceToken);
    const draft = (await memory.store({ text: 'Draft: rotate the deploy key', kind: 'note' })).memory;
    const draftUri = `memory://memories/${draft.id}`;
    const recentUri = 'memory://memories';
    const received: string[] = [];
    const waiting: { uri: string; count: number; resolve: () => void }[] = [];
    const countOf = (uri: string): number => received.filter((u) => u === uri).length;
    client.setNotificationHandler('notifications/resources/updated', (notification) => {
      received.push(notification.params.uri);
      for (const w of waiting.filter((w) => countOf(w.uri) >= w.count)) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve();
      }
    });
    /** Resolves once `uri` has been announced `count` times in all (awaits the notification, no sleeping). */
    const announced = (uri: string, count: number): Promise<void> =>
      countOf(uri) >= count ? Promise.resolve() : new Promise((resolve) => waiting.push({ uri, count, resolve }));

    // A 2025-era session subscribes per URI; a 2026-07-28 connection names the URIs on its listen stream.
    const listening =
      client.getProtocolEra() === 'modern' ? await client.listen({ resourceSubscriptions: [draftUri, recentUri] }) : undefined;
    if (listening === undefined) {
      await client.subscribeResource({ uri: draftUri });
      await client.subscribeResource({ uri: recentUri });
    }
    let extraId = '';
    try {
      // The notification stream opens asynchronously after connect; a round trip settles it.
      await client.listResources();

      const stored = await client.callTool({ name: 'memory.store', arguments: { memory: { text: 'Another fact, stored over MCP' } } });
      expect(stored.isError).toBeFalsy();
      extraId = (stored.structuredContent as { memories: { id: string }[] }).memories[0]?.id ?? '';
      await announced(recentUri, 1);

      const updated = await client.callTool({ name: 'memory.update', arguments: { id: draft.id, patch: { tags: ['ops'] } } });
      expect(updated.isError).toBeFalsy();
      await announced(draftUri, 1);
      await announced(recentUri, 2);

      expect(await memory.delete(draft.id)).toBe(true);
      await announced(draftUri, 2);
      await announced(recentUri, 3);

      const deleted = await client.callTool({ name: 'memory.delete', arguments: { id: extraId } });
      expect(deleted.isError).toBeFalsy();
      await announced(recentUri, 4);

      // The extra memory's URI was never subscribed to, so it was never announced to this client.
      expect(received).toEqual([recentUri, draftUri, recentUri, draftUri, recentUri, recentUri]);
    } finally {
      await listening?.close();
      if (listening === undefined) {
        await client.unsubscribeResource({ uri: draftUri });
        await client.unsubscribeResource({ uri: recentUri });
      }
      client.removeNotificationHandler('notifications/resources/updated');
      // Even after a failed step, leave the store as the other tests expect it (no-ops when already deleted).
      await memory.delete(draft.id);
      if (extraId !== '') await memory.delete(extraId);
    }
  }, 15_000);
});
