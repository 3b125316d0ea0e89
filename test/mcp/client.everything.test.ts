import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../support/freePort.js';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CortexError } from '@cortex-os/kernel';
import { createToolRegistry } from '@cortex-os/kernel/internal';
import { connectMcpServer, createMcpHttpHandler, importMcpTools, type McpRemoteServer } from '@cortex-os/plugin-mcp';
import { Client, StreamableHTTPClientTransport, startPlainHttpServer } from '@cortex-os/plugin-mcp/testing';

const everything = join(
  import.meta.dirname,
  '..',
  '..',
  'packages',
  'plugin-mcp',
  'node_modules',
  '@modelcontextprotocol',
  'server-everything',
  'dist',
  'index.js',
);

/** Starts server-everything over Streamable HTTP and waits for its "listening" line. */
async function startEverythingHttp(): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [everything, 'streamableHttp'], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  for await (const line of createInterface({ input: child.stderr! })) {
    if (line.includes('listening on port')) break;
  }
  return { child, url: `http://127.0.0.1:${port}/mcp` };
}

describe.each(['stdio', 'http'] as const)('client against server-everything over %s', (kind) => {
  let remote: McpRemoteServer;
  let child: ChildProcess | undefined;
  const tools = createToolRegistry();

  beforeAll(async () => {
    if (kind === 'stdio') {
      remote = await connectMcpServer({
        name: 'everything',
        transport: { type: 'stdio', command: process.execPath, args: [everything, 'stdio'] },
      });
    } else {
      const started = await startEverythingHttp();
      child = started.child;
      remote = await connectMcpServer({
        name: 'everything',
        transport: { type: 'http', url: started.url },
        retry: { maxAttempts: 2, initialDelayMs: 1 },
        breaker: { threshold: 2, halfOpenAfterMs: 60_000 },
      });
    }
  });
  afterAll(async () => {
    await remote.close();
    child?.kill();
  });

  it('imports the remote tools under a namespace', async () => {
    const imported = await importMcpTools(remote, tools, { namespace: 'everything' });
    expect(imported.names).toContain('everything.echo');
    expect(imported.names).toContain('everything.get-sum');
    expect(imported.names.every((n) => n.startsWith('everything.'))).toBe(true);
    expect(tools.list().find((t) => t.name === 'everything.echo')?.inputSchema).toMatchObject({
      type: 'object',
      properties: { message: { type: 'string' } },
      required: ['message'],
    });
  });

  it('believes the remote’s tool annotations only when the host trusts it (issue 18: no silent re-run of an untrusted call)', async () => {
    // The everything server's echo declares itself read-only, idempotent, not destructive, closed-world.
    const annotationsOf = (name: string) => tools.list().find((t) => t.name === name)?.annotations;
    expect(annotationsOf('everything.echo')?.idempotentHint).toBeUndefined();
    expect(annotationsOf('everything.echo')?.readOnlyHint).toBeUndefined();
    const trusted = await importMcpTools(remote, tools, { namespace: 'trusted', trusted: true, filter: (t) => t.name === 'echo' });
    expect(annotationsOf('trusted.echo')).toMatchObject({ readOnlyHint: true, idempotentHint: true, destructiveHint: false });
    trusted.remove();
  });

  it('lets local callers run a remote tool through the registry', async () => {
    const result = await tools.call('everything.echo', { message: 'hello there' });
    expect(result.content).toEqual([{ type: 'text', text: 'Echo: hello there' }]);
    const sum = await tools.call('everything.get-sum', { a: 2, b: 40 });
    expect(sum.content).toEqual([{ type: 'text', text: expect.stringContaining('42') }]);
  });

  it('validates input against the remote schema before the call leaves', async () => {
    await expect(tools.call('everything.echo', { message: 7 })).rejects.toSatisfy((e: unknown) => CortexError.is(e, 'TOOL_INPUT_INVALID'));
  });

  it('serves imported tools to MCP clients of our own server', async () => {
    const mcp = createMcpHttpHandler({ tools });
    const http = await startPlainHttpServer('/mcp', (req, res) => mcp.handle(req, res));
    const client = new Client({ name: 'downstream', version: '1' }, { versionNegotiation: { mode: 'auto' } });
    try {
      await client.connect(new StreamableHTTPClientTransport(new URL(`${http.origin}/mcp`)));
      expect((await client.listTools()).tools.map((t) => t.name)).toContain('everything.echo');
      expect((await client.callTool({ name: 'everything.echo', arguments: { message: 'relay' } })).content).toEqual([
        { type: 'text', text: 'Echo: relay' },
      ]);
    } finally {
      await client.close();
      await mcp.close();
      await http.close();
    }
  });

  if (kind === 'http') {
    it('retries, then opens the circuit when the remote goes away', async () => {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child?.kill('SIGKILL');
      await exited;
      const first = await tools.call('everything.echo', { message: 'anyone?' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(CortexError.is(first, 'MCP_CLIENT_REQUEST_FAILED')).toBe(true);
      // Two attempts (one retry), both counted: the breaker (threshold 2) is now open.
      expect(remote.state).toBe('open');
      const second = await tools.call('everything.echo', { message: 'still there?' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(CortexError.is(second, 'MCP_CLIENT_REQUEST_FAILED')).toBe(true);
      expect(CortexError.is((second as Error).cause, 'RESILIENCE_CIRCUIT_OPEN')).toBe(true);
    });
  }
});
