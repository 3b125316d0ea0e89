import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, ProtocolError, StdioClientTransport } from '@cortex-os/plugin-mcp/testing';

const root = join(import.meta.dirname, '..', '..');
const main = join(root, 'examples', 'mcp-server', 'dist', 'main.js');

beforeAll(() => {
  const built = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b', 'examples/mcp-server'], { cwd: root, stdio: 'inherit' });
  expect(built.status).toBe(0);
});

describe.each([
  ['legacy', '2025-11-25'],
  ['auto', '2026-07-28'],
] as const)('examples/mcp-server over stdio, %s negotiation', (mode, version) => {
  let client: Client;
  let stderr = '';
  beforeAll(async () => {
    client = new Client({ name: 'desktop', version: '1.0.0' }, { versionNegotiation: { mode } });
    const transport = new StdioClientTransport({ command: process.execPath, args: [main], env: { PATH: process.env['PATH'] ?? '', CORTEX_LOG_LEVEL: 'info' }, stderr: 'pipe' });
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await client.connect(transport);
  });
  afterAll(async () => {
    await client.close();
  });

  it(`negotiates ${version} and lists the runtime's tools`, async () => {
    expect(client.getNegotiatedProtocolVersion()).toBe(version);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['text.count_words', 'time.now']);
  });

  it('calls a tool, answers unknown tools with -32602 and bad input with isError', async () => {
    const result = await client.callTool({ name: 'text.count_words', arguments: { text: 'one two  three' } });
    expect(result.structuredContent).toEqual({ words: 3, characters: 14 });
    await expect(client.callTool({ name: 'text.count', arguments: {} })).rejects.toSatisfy((e: unknown) => e instanceof ProtocolError && e.code === -32602);
    const bad = await client.callTool({ name: 'time.now', arguments: { timeZone: 3 } });
    expect(bad.isError).toBe(true);
  });

  it('keeps logs on stderr, so stdout carries only protocol messages', () => {
    // Any non-JSON-RPC byte on stdout would have broken the client above; the logs went to stderr.
    expect(stderr).toContain('"msg":');
  });
});

it('exits when the client closes stdin', async () => {
  const client = new Client({ name: 'desktop', version: '1.0.0' });
  const transport = new StdioClientTransport({ command: process.execPath, args: [main], env: { PATH: process.env['PATH'] ?? '' }, stderr: 'ignore' });
  await client.connect(transport);
  const pid = transport.pid;
  expect(pid).toEqual(expect.any(Number));
  await client.close();
  // close() waits for the child to exit; signal 0 only probes that it is gone.
  expect(() => process.kill(pid!, 0)).toThrow();
});
