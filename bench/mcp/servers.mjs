// The two servers under comparison, with the same trivial tool: Cortex-OS (kernel tool registry
// behind @cortex-os/plugin-mcp) and a bare MCP SDK v2 server (McpServer.registerTool).
import { join } from 'node:path';
import { z } from 'zod';
import { createToolRegistry, defineTool } from '../../packages/kernel/dist/index.js';
import { createMcpHttpHandler, serveMcpStdio } from '../../packages/plugin-mcp/dist/index.js';

const sdk = join(import.meta.dirname, '..', '..', 'packages', 'plugin-mcp', 'node_modules', '@modelcontextprotocol');
const { McpServer, createMcpHandler } = await import(join(sdk, 'server', 'dist', 'index.mjs'));
const { serveStdio } = await import(join(sdk, 'server', 'dist', 'stdio.mjs'));
const { toNodeHandler } = await import(join(sdk, 'node', 'dist', 'index.mjs'));

const input = z.object({ text: z.string() });
const output = z.object({ text: z.string() });

export function pluginTools() {
  const tools = createToolRegistry();
  tools.register(defineTool({ name: 'echo', description: 'Repeats its input.', input, output, handler: ({ text }) => ({ text }) }));
  return tools;
}

export function bareServer() {
  const server = new McpServer({ name: 'bare', version: '1.0.0' });
  server.registerTool('echo', { description: 'Repeats its input.', inputSchema: input, outputSchema: output }, ({ text }) => ({
    content: [{ type: 'text', text: JSON.stringify({ text }) }],
    structuredContent: { text },
  }));
  return server;
}

/** A `(req, res)` handler for each side. */
export function httpHandler(kind) {
  if (kind === 'plugin') {
    const mcp = createMcpHttpHandler({ tools: pluginTools() });
    return { handle: (req, res) => mcp.handle(req, res), close: () => mcp.close() };
  }
  const handler = createMcpHandler(() => bareServer());
  const node = toNodeHandler(handler);
  return { handle: (req, res) => node(req, res), close: () => handler.close() };
}

/** Serves one side over this process's stdio. */
export function serveStdioSide(kind) {
  if (kind === 'plugin') serveMcpStdio({ tools: pluginTools() });
  else serveStdio(() => bareServer());
}
