import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { definePlugin } from '@cortex-os/kernel';
import { mcpServiceToken } from '@cortex-os/plugin-mcp';

const servers = new WeakMap<object, Server>();

/**
 * Mounts the MCP endpoint on a plain node:http server (stand-in for @cortex-os/plugin-http) and
 * prints `listening <url>` on stdout once it listens; closes the server when the kernel stops.
 */
export const plainHttpHostPlugin = definePlugin({
  name: 'plain-http-host',
  version: '1.0.0',
  options: z.object({ port: z.number().int().min(0).max(65535).default(3310), path: z.string().default('/mcp') }),
  requires: { mcp: mcpServiceToken },
  async start({ deps, options, tools }) {
    const mcp = deps.mcp.http;
    if (mcp === undefined) throw new Error('the MCP plugin was started without HTTP');
    const server = createServer((req, res) => {
      if (new URL(req.url ?? '/', 'http://127.0.0.1').pathname !== options.path) {
        res.writeHead(404).end();
        return;
      }
      void mcp.handle(req, res);
    });
    await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
    servers.set(tools, server);
    process.stdout.write(`listening http://127.0.0.1:${(server.address() as AddressInfo).port}${options.path}\n`);
  },
  async stop({ tools }) {
    const server = servers.get(tools);
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  },
});
