import type { IncomingMessage } from 'node:http';
import { createKernel, defineTool } from '@cortex-os/kernel';
import { connectMcpServer, createMcpHttpHandler } from '@cortex-os/plugin-mcp';
import { startPlainHttpServer, z } from '@cortex-os/plugin-mcp/testing';
import { describe, expect, it, onTestFinished } from 'vitest';

interface Seen {
  readonly method: string;
  readonly progressToken: unknown;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

/** A remote MCP server that can restart (forgetting every session); records each JSON-RPC request it gets. */
async function remote() {
  const tools = createKernel({ plugins: [] }).tools;
  tools.register(
    defineTool({ name: 'echo', description: 'Echo.', input: z.object({ text: z.string() }), handler: ({ text }) => ({ text }) }),
  );
  const endpoint = () => createMcpHttpHandler({ tools, sweepIntervalMs: 0, initializeRate: false });
  let handler = endpoint();
  const seen: Seen[] = [];
  const server = await startPlainHttpServer('/mcp', async (req, res) => {
    const body = req.method === 'POST' ? await readBody(req) : undefined;
    for (const message of Array.isArray(body) ? body : [body]) {
      const m = message as { method?: string; params?: { _meta?: { progressToken?: unknown } } } | undefined;
      if (typeof m?.method === 'string') seen.push({ method: m.method, progressToken: m.params?._meta?.progressToken });
    }
    await handler.handle(req, res, body);
  });
  onTestFinished(async () => {
    await handler.close();
    await server.close();
  });
  return {
    url: `${server.origin}/mcp`,
    seen,
    get sessions() {
      return handler.sessionCount;
    },
    /** A restart: the endpoint closes and a new one, knowing no session, takes its place. */
    async restart(): Promise<void> {
      const old = handler;
      handler = endpoint();
      await old.close();
    },
  };
}

describe('issue 14 §4: the MCP client', () => {
  it('initializes a new session once when the remote forgot its session, and retries the call', async () => {
    const peer = await remote();
    const client = await connectMcpServer({ name: 'peer', transport: { type: 'http', url: peer.url }, protocol: 'legacy', retry: false });
    onTestFinished(() => client.close());
    expect((await client.callTool('echo', { text: 'one' })).structuredContent).toEqual({ text: 'one' });
    await peer.restart();

    expect((await client.callTool('echo', { text: 'two' })).structuredContent).toEqual({ text: 'two' });
    expect(peer.seen.filter((s) => s.method === 'initialize')).toHaveLength(2);
    expect(peer.sessions).toBe(1);
  });

  it('asks for progress on every call, so progress notifications reset the call time limit', async () => {
    const peer = await remote();
    const client = await connectMcpServer({ name: 'peer', transport: { type: 'http', url: peer.url }, protocol: 'legacy', retry: false });
    onTestFinished(() => client.close());
    await client.callTool('echo', { text: 'no progress callback' });
    const calls = peer.seen.filter((s) => s.method === 'tools/call');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.progressToken).toBeDefined();
  });
});
