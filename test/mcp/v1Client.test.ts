import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpHttpHandler, type McpHttpHandler } from '@cortex-os/plugin-mcp';
import { startPlainHttpServer, type PlainHttpServer } from '@cortex-os/plugin-mcp/testing';
import { builtFile, repoRoot } from '../support/builtFile.js';
import { createTestTools } from './fixtures.js';

const script = join(repoRoot, 'packages/plugin-mcp/test/fixtures/v1Client.mjs');
const mcpServerMain = builtFile('examples/mcp-server/dist/main.js');
// examples/mcp-server keeps memory under CORTEX_MEMORY_DIR; the fixture passes it on to the server it spawns.
const memoryDir = mkdtempSync(join(tmpdir(), 'mcp-v1-client-'));

function runV1(kind: 'http' | 'stdio', target: string): Promise<Record<string, unknown>> {
  // Async spawn: the HTTP server under test lives in this process and must keep answering.
  return new Promise((resolve, reject) => {
    import('node:child_process').then(({ spawn }) => {
      const child = spawn(process.execPath, [script, kind, target], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, CORTEX_MEMORY_DIR: memoryDir },
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.on('exit', (code) =>
        code === 0
          ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, unknown>)
          : reject(new Error(`v1 client exited ${code}: ${err}`)),
      );
    }, reject);
  });
}

describe('a client of the previous SDK major (@modelcontextprotocol/sdk 1.x)', () => {
  let mcp: McpHttpHandler;
  let http: PlainHttpServer;
  beforeAll(async () => {
    mcp = createMcpHttpHandler({ tools: createTestTools().tools, name: 'v2-server', version: '1.0.0' });
    http = await startPlainHttpServer('/mcp', (req, res) => mcp.handle(req, res));
  });
  afterAll(async () => {
    await mcp.close();
    await http.close();
    rmSync(memoryDir, { recursive: true, force: true });
  });

  it('works over Streamable HTTP (2025-11-25 sessions)', async () => {
    const seen = await runV1('http', `${http.origin}/mcp`);
    expect(seen['server']).toMatchObject({ name: 'v2-server' });
    expect(seen['tools']).toEqual(['ask', 'echo', 'fail', 'progress', 'rich', 'slow']);
    expect(seen['structured']).toEqual({ text: 'v1', length: 2 });
    expect(seen['unknown']).toEqual({ code: -32602 });
  });

  it('works over stdio against examples/mcp-server', async () => {
    const seen = await runV1('stdio', mcpServerMain);
    expect(seen['tools']).toEqual([
      'memory.delete',
      'memory.get',
      'memory.history',
      'memory.list',
      'memory.search',
      'memory.stats',
      'memory.store',
      'memory.update',
      'text.count_words',
      'time.now',
    ]);
    expect(seen['structured']).toEqual({ words: 2, characters: 3 });
    expect(seen['unknown']).toEqual({ code: -32602 });
  });
});
