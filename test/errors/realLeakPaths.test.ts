// Issue 12 §2: the two leaks found in review, driven for real. `gates_check` over REST and MCP with
// a report file that is not JSON used to answer 400 with the server's absolute path; a memory store
// whose SQLite file broke under it used to hand raw SQLite text to MCP clients.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKernel, kernelErrorCatalogue, type Kernel } from '@cortex-os/kernel';
import { routerPlugin } from '@cortex-os/kernel/router';
import { createTestLogger } from '@cortex-os/kernel/testing';
import { gatesErrorCatalogue, gatesPlugin } from '@cortex-os/plugin-gates';
import { httpServiceToken } from '@cortex-os/http-api';
import { httpPlugin } from '@cortex-os/plugin-http';
import { localEmbeddersPlugin } from '@cortex-os/plugin-local-embedders';
import { mcpPlugin } from '@cortex-os/plugin-mcp';
import { Client, StreamableHTTPClientTransport } from '@cortex-os/plugin-mcp/testing';
import { memoryPlugin, memoryServiceToken } from '@cortex-os/plugin-memory';

const SQLITE_WORDS = /SQLITE|no such table|malformed|not a database|syntax error/i;

async function startRuntime(
  plugins: Parameters<typeof createKernel>[0]['plugins'],
): Promise<{ kernel: Kernel; base: string; client: Client }> {
  const logs = createTestLogger({ level: 'error' });
  const kernel = createKernel({
    logger: logs.logger,
    plugins: [
      httpPlugin({
        host: '127.0.0.1',
        port: 0,
        metrics: { enabled: false, path: '/metrics', defaultMetrics: false },
        tracing: { enabled: false },
      }),
      ...plugins,
      mcpPlugin({ http: { path: '/mcp' } }),
    ],
  });
  await kernel.start();
  const base = (await kernel.get(httpServiceToken).listen()).url;
  const client = new Client({ name: 'leak-paths', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`)));
  return { kernel, base, client };
}

describe('gates_check with a bad report file', () => {
  let root: string;
  let report: string;
  let runtime: Awaited<ReturnType<typeof startRuntime>>;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'gates-leak-'));
    report = join(root, 'reports', 'coverage', 'coverage-summary.json');
    await mkdir(join(root, '.eng'));
    await mkdir(join(root, 'reports', 'coverage'), { recursive: true });
    await writeFile(join(root, '.eng', 'quality_gate.json'), JSON.stringify({ version: 1, gates: { 'coverage.lines': { min: 1 } } }));
    runtime = await startRuntime([gatesPlugin({ root, reportsDir: 'reports' })]);
  });
  afterAll(async () => {
    await runtime?.client.close();
    await runtime?.kernel.stop();
    await rm(root, { recursive: true, force: true });
  });

  // The gates read their reports on every call, so each case rewrites the one file.
  const cases = [
    { what: 'not JSON', content: '{ "total": ', code: 'GATES_REPORT_UNREADABLE' },
    { what: 'missing its totals', content: '{}', code: 'GATES_REPORT_INVALID' },
  ] as const;

  it.each(cases)('a report $what: REST answers 500 naming the code, not the server path', async ({ content, code }) => {
    await writeFile(report, content);
    const response = await fetch(`${runtime.base}/api/v1/tools/gates_check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(text).not.toContain(root);
    expect(text).not.toContain('coverage-summary.json');
    expect(JSON.parse(text)).toMatchObject({
      code,
      detail: expect.stringMatching(new RegExp(`^${escapeRegExp(gatesErrorCatalogue[code].description)} Request id: `)),
    });
  });

  it.each(cases)('a report $what: MCP answers isError with the description only', async ({ content, code }) => {
    await writeFile(report, content);
    const result = await runtime.client.callTool({ name: 'gates_check', arguments: {} });
    expect(JSON.stringify(result)).not.toContain(root);
    expect(result).toEqual({
      isError: true,
      content: [{ type: 'text', text: gatesErrorCatalogue[code].description }],
      _meta: { 'cortex-os/errorCode': code },
    });
  });
});

describe('a memory store whose SQLite file broke under it', () => {
  let dataDir: string;
  let runtime: Awaited<ReturnType<typeof startRuntime>>;
  let id: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'memory-leak-'));
    runtime = await startRuntime([
      routerPlugin(),
      localEmbeddersPlugin(),
      memoryPlugin({ dataDir, store: { kind: 'sqlite', vectorIndex: 'exact', synchronous: 'normal' } }),
    ]);
    id = (await runtime.kernel.get(memoryServiceToken).store({ text: 'The deploy key rotates every 90 days' })).memory.id;
    // Another process damages the file: the table the store reads is gone.
    const db = new DatabaseSync(join(dataDir, 'memories.sqlite'));
    db.exec('PRAGMA foreign_keys = OFF; DROP TABLE memory_history; DROP TABLE memories_fts; DROP TABLE memories;');
    db.close();
  });
  afterAll(async () => {
    await runtime?.client.close();
    await runtime?.kernel.stop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('fails for real inside the process, with SQLite words in the cause', async () => {
    const failure = await runtime.kernel
      .get(memoryServiceToken)
      .get(id)
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(String((failure as Error)?.message)).toMatch(SQLITE_WORDS);
  });

  it('gives MCP clients the catalogue description, never the SQLite text', async () => {
    const result = await runtime.client.callTool({ name: 'memory.get', arguments: { id } });
    expect(JSON.stringify(result)).not.toMatch(SQLITE_WORDS);
    expect(JSON.stringify(result)).not.toContain(dataDir);
    expect(result).toMatchObject({
      isError: true,
      content: [{ type: 'text', text: kernelErrorCatalogue.TOOL_EXECUTION_FAILED.description }],
    });
  });

  it('gives REST callers a 500 without the SQLite text', async () => {
    const response = await fetch(`${runtime.base}/api/v1/memories/${id}`);
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(text).not.toMatch(SQLITE_WORDS);
    expect(text).not.toContain(dataDir);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
