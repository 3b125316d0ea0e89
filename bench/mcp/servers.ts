// The two servers under comparison, with the same trivial tool: Cortex-OS (kernel tool registry
// behind @cortex-os/plugin-mcp) and a bare MCP SDK v2 server (McpServer.registerTool).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { defineTool } from '@cortex-os/kernel';
import { createToolRegistry, type ToolRegistry } from '@cortex-os/kernel/internal';
import { createMcpHttpHandler, serveMcpStdio } from '@cortex-os/plugin-mcp';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { z } from 'zod';

/** Which side: the Cortex-OS plugin or the bare SDK server. */
export type ServerKind = 'bare' | 'plugin';

const input = z.object({ text: z.string() });
const output = z.object({ text: z.string() });

export function pluginTools(): ToolRegistry {
  const tools = createToolRegistry();
  tools.register(defineTool({ name: 'echo', description: 'Repeats its input.', input, output, handler: ({ text }) => ({ text }) }));
  return tools;
}

export function bareServer(): McpServer {
  const server = new McpServer({ name: 'bare', version: '1.0.0' });
  server.registerTool('echo', { description: 'Repeats its input.', inputSchema: input, outputSchema: output }, ({ text }) => ({
    content: [{ type: 'text', text: JSON.stringify({ text }) }],
    structuredContent: { text },
  }));
  return server;
}

/** One side's HTTP request handler and how to close it. */
export interface HttpSide {
  handle(req: IncomingMessage, res: ServerResponse): Promise<unknown>;
  close(): Promise<unknown>;
}

/** A `(req, res)` handler for each side. */
export function httpHandler(kind: ServerKind): HttpSide {
  if (kind === 'plugin') {
    const mcp = createMcpHttpHandler({ tools: pluginTools() });
    return { handle: (req, res) => mcp.handle(req, res), close: () => mcp.close() };
  }
  const handler = createMcpHandler(() => bareServer());
  const node = toNodeHandler(handler);
  // The SDK's request shape marks `method` optional without `| undefined`, which strict
  // exactOptionalPropertyTypes rejects for Node's own IncomingMessage: the same object at run time.
  return { handle: (req, res) => node(req as Parameters<typeof node>[0], res), close: async () => handler.close() };
}

/** Serves one side over this process's stdio. */
export function serveStdioSide(kind: ServerKind): void {
  if (kind === 'plugin') serveMcpStdio({ tools: pluginTools() });
  else serveStdio(() => bareServer());
}
