import type { Plugin } from '@cortex-os/kernel';
import { httpPlugin } from '@cortex-os/plugin-http';
import { mcpPlugin } from '@cortex-os/plugin-mcp';

/** REST on 127.0.0.1 (an ephemeral port, no metrics or tracing) and MCP over Streamable HTTP at `/mcp` on it. */
export function loopbackTransports(name: string): Plugin[] {
  return [
    httpPlugin({
      host: '127.0.0.1',
      port: 0,
      metrics: { enabled: false, path: '/metrics', defaultMetrics: false },
      tracing: { enabled: false },
    }),
    mcpPlugin({ name, version: '0.0.0', http: { path: '/mcp' } }),
  ];
}
