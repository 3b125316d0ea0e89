import { setTimeout as delay } from 'node:timers/promises';
import { createKernel, defineTool } from '@cortex-os/kernel';
import { connectMcpServer, createMcpHttpHandler } from '@cortex-os/plugin-mcp';
import { startPlainHttpServer, z } from '@cortex-os/plugin-mcp/testing';
import { describe, expect, it, onTestFinished } from 'vitest';

// Issue 14 §4: the MCP client's per-call time limit resets on each progress notification. The
// remote tool works in steps (its own timers, not the test's): together they take twice the
// client's limit, each one a quarter of it.
const REQUEST_TIMEOUT_MS = 400;
const STEPS = 8;
const STEP_MS = REQUEST_TIMEOUT_MS / 4;

async function remoteWithSlowTool(): Promise<string> {
  const tools = createKernel({ plugins: [] }).tools;
  tools.register(
    defineTool({
      name: 'slow',
      description: 'Works in steps, reporting progress after each one when asked to.',
      input: z.object({ report: z.boolean() }),
      handler: async ({ report }, ctx) => {
        for (let step = 1; step <= STEPS; step += 1) {
          await delay(STEP_MS, undefined, { signal: ctx.signal });
          if (report) ctx.reportProgress({ progress: step, total: STEPS });
        }
        return { steps: STEPS };
      },
    }),
  );
  const handler = createMcpHttpHandler({ tools, sweepIntervalMs: 0, initializeRate: false });
  const server = await startPlainHttpServer('/mcp', (req, res) => handler.handle(req, res));
  onTestFinished(async () => {
    await handler.close();
    await server.close();
  });
  return `${server.origin}/mcp`;
}

describe('the MCP client: a long call making headway (issue 14 §4)', () => {
  it('completes past its time limit while progress arrives, and times out without progress', async () => {
    const url = await remoteWithSlowTool();
    const client = await connectMcpServer({
      name: 'peer',
      transport: { type: 'http', url },
      protocol: 'legacy',
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      retry: false,
      breaker: false,
    });
    onTestFinished(() => client.close());
    // No onProgress here: the client asks for progress on every call all the same.
    expect((await client.callTool('slow', { report: true })).structuredContent).toEqual({ steps: STEPS });
    await expect(client.callTool('slow', { report: false })).rejects.toMatchObject({ code: 'MCP_CLIENT_REQUEST_FAILED' });
  });
});
