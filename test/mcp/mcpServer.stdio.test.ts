import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, ProtocolError, StdioClientTransport } from '@cortex-os/plugin-mcp/testing';
import { builtFile } from '../support/builtFile.js';

const main = builtFile('examples/mcp-server/dist/main.js');
// The example keeps memory under CORTEX_MEMORY_DIR (default ~/.cortex-os/memory); tests use a fresh folder.
const memoryRoot = mkdtempSync(join(tmpdir(), 'mcp-server-example-'));
let runs = 0;
const memoryDir = (): string => join(memoryRoot, `run-${runs++}`);
const memoryTools = [
  'memory.delete',
  'memory.get',
  'memory.history',
  'memory.list',
  'memory.search',
  'memory.stats',
  'memory.store',
  'memory.update',
];

afterAll(() => rmSync(memoryRoot, { recursive: true, force: true }));

describe.each([
  ['legacy', '2025-11-25'],
  ['auto', '2026-07-28'],
] as const)('examples/mcp-server over stdio, %s negotiation', (mode, version) => {
  let client: Client;
  let stderr = '';
  beforeAll(async () => {
    client = new Client({ name: 'desktop', version: '1.0.0' }, { versionNegotiation: { mode } });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [main],
      env: { PATH: process.env['PATH'] ?? '', CORTEX_LOG_LEVEL: 'info', CORTEX_MEMORY_DIR: memoryDir() },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await client.connect(transport);
  });
  afterAll(async () => {
    await client.close();
  });

  it(`negotiates ${version} and lists the runtime's tools`, async () => {
    expect(client.getNegotiatedProtocolVersion()).toBe(version);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual([...memoryTools, 'text.count_words', 'time.now']);
  });

  it('calls a tool, answers unknown tools with -32602 and bad input with isError', async () => {
    const result = await client.callTool({ name: 'text.count_words', arguments: { text: 'one two  three' } });
    expect(result.structuredContent).toEqual({ words: 3, characters: 14 });
    await expect(client.callTool({ name: 'text.count', arguments: {} })).rejects.toSatisfy(
      (e: unknown) => e instanceof ProtocolError && e.code === -32602,
    );
    const bad = await client.callTool({ name: 'time.now', arguments: { timeZone: 3 } });
    expect(bad.isError).toBe(true);
  });

  it('remembers through the memory tools and serves the memory as a resource', async () => {
    const stored = await client.callTool({
      name: 'memory.store',
      arguments: { memory: { text: 'The deploy key rotates every 90 days', kind: 'fact', tags: ['ops'] } },
    });
    const id = (stored.structuredContent as { memories: { id: string; embeddingModel?: string }[] }).memories[0]?.id ?? '';
    expect((stored.structuredContent as { memories: { embeddingModel?: string }[] }).memories[0]?.embeddingModel).toBe(
      'cortex-hashing-v1-384',
    );
    const found = await client.callTool({ name: 'memory.search', arguments: { query: 'when does the deploy key rotate?', limit: 1 } });
    expect(found.structuredContent).toMatchObject({ mode: 'hybrid', hits: [{ memory: { id } }] });
    expect((await client.listResources()).resources.map((r) => r.uri)).toEqual(['memory://memories']);
    expect((await client.listResourceTemplates()).resourceTemplates.map((r) => r.uriTemplate)).toEqual(['memory://memories/{id}']);
    const { contents } = await client.readResource({ uri: `memory://memories/${id}` });
    expect(contents).toEqual([{ uri: `memory://memories/${id}`, mimeType: 'application/json', text: expect.any(String) }]);
    expect(JSON.parse((contents[0] as { text: string }).text)).toMatchObject({
      id,
      text: 'The deploy key rotates every 90 days',
      tags: ['ops'],
    });
  });

  it('keeps logs on stderr, so stdout carries only protocol messages', () => {
    // Any non-JSON-RPC byte on stdout would have broken the client above; the logs went to stderr.
    expect(stderr).toContain('"msg":');
  });
});

it('exits when the client closes stdin', async () => {
  const client = new Client({ name: 'desktop', version: '1.0.0' });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [main],
    env: { PATH: process.env['PATH'] ?? '', CORTEX_MEMORY_DIR: memoryDir() },
    stderr: 'ignore',
  });
  await client.connect(transport);
  const pid = transport.pid;
  expect(pid).toEqual(expect.any(Number));
  await client.close();
  // close() waits for the child to exit; signal 0 only probes that it is gone.
  expect(() => process.kill(pid!, 0)).toThrow();
});
