import { httpServiceToken } from '@cortex-os/http-api';
import { createKernel, defineTool, type Kernel } from '@cortex-os/kernel';
import { createTestLogger } from '@cortex-os/kernel/testing';
import { httpPlugin } from '@cortex-os/plugin-http';
import { createMcpHttpHandler, mcpPlugin } from '@cortex-os/plugin-mcp';
import { startPlainHttpServer, z } from '@cortex-os/plugin-mcp/testing';
import { describe, expect, it } from 'vitest';

// A tools/call whose arguments nest 10,000 deep: valid JSON, and a client's mistake.
const deepCall = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}}}`;
const deepArray = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
const mcpHeaders = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

/** Starts the kernel and answers the HTTP service's URL. */
async function listening(kernel: Kernel): Promise<string> {
  await kernel.start();
  return (await kernel.get(httpServiceToken).listen()).url;
}

describe('issue 14 §2: JSON nested 10,000 deep is a 4xx on every transport', () => {
  it('REST answers 400 HTTP_BODY_TOO_DEEP; MCP mounted on the HTTP service answers 400 JSON-RPC -32600, as standalone', async () => {
    await using kernel = createKernel({
      plugins: [httpPlugin({ port: 0, metrics: { enabled: false } }), mcpPlugin({ http: { path: '/mcp' } })],
      logger: createTestLogger().logger,
    });
    const url = await listening(kernel);
    const rest = await fetch(`${url}/api/v1/tools/anything`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: deepArray,
    });
    expect(rest.status).toBe(400);
    expect(rest.headers.get('content-type')).toContain('application/problem+json');
    expect(await rest.json()).toMatchObject({ code: 'HTTP_BODY_TOO_DEEP' });
    const mcp = await fetch(`${url}/mcp`, { method: 'POST', headers: mcpHeaders, body: deepCall });
    expect(mcp.status).toBe(400);
    expect(mcp.headers.get('content-type')).toMatch(/^application\/json/);
    expect(mcp.headers.get('x-request-id')).toBeTruthy();
    expect(await mcp.json()).toEqual({
      jsonrpc: '2.0',
      error: { code: -32600, message: 'Invalid Request: Request body nests arrays and objects deeper than 128 levels.' },
      id: null,
    });
    const malformed = await fetch(`${url}/mcp`, { method: 'POST', headers: mcpHeaders, body: '{"jsonrpc":"2.0",' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({
      jsonrpc: '2.0',
      error: { code: -32700, message: 'Parse error: the body is not valid JSON.' },
      id: null,
    });
  });

  it('sizes the body limit per route: the MCP mount takes 4 MiB where REST routes stop at 1 MiB', async () => {
    await using kernel = createKernel({
      plugins: [httpPlugin({ port: 0, metrics: { enabled: false } }), mcpPlugin({ http: { path: '/mcp' } })],
      logger: createTestLogger().logger,
    });
    const url = await listening(kernel);
    const padding = 'x'.repeat(2 * 1024 * 1024);
    const initialize = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'big', version: '1', description: padding } },
    });
    const mcp = await fetch(`${url}/mcp`, { method: 'POST', headers: mcpHeaders, body: initialize });
    expect(mcp.status).toBe(200);
    await mcp.body?.cancel();
    const rest = await fetch(`${url}/api/v1/tools/anything`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ padding }),
    });
    expect(rest.status).toBe(413);
  });

  it('the standalone MCP endpoint answers 400 with JSON-RPC -32600 and logs the refusal above debug', async () => {
    const logs = createTestLogger({ level: 'info' });
    const tools = createKernel({ plugins: [] }).tools;
    tools.register(defineTool({ name: 'echo', description: 'Echo.', input: z.object({ x: z.unknown() }), handler: ({ x }) => ({ x }) }));
    const mcp = createMcpHttpHandler({ tools, logger: logs.logger });
    const server = await startPlainHttpServer('/mcp', (req, res) => mcp.handle(req, res));
    try {
      const response = await fetch(`${server.origin}/mcp`, { method: 'POST', headers: mcpHeaders, body: deepCall });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        jsonrpc: '2.0',
        error: { code: -32600, message: 'Invalid Request: the body nests deeper than 128 levels.' },
        id: null,
      });
      expect(logs.entries().filter((e) => e.msg === 'MCP HTTP request refused' && e.level === 'info')).toHaveLength(1);
    } finally {
      await mcp.close();
      await server.close();
    }
  });
});
