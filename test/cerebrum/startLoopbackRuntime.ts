import { httpServiceToken } from '@cortex-os/http-api';
import { createKernel, createLogger } from '@cortex-os/kernel';
import { type AgentRuntimePluginsOptions, agentRuntimePlugins } from '@cortex-os/plugin-agents/testing';
import { Client, StreamableHTTPClientTransport } from '@cortex-os/plugin-mcp/testing';
import { loopbackTransports } from './loopbackTransports.js';

/** A started agent runtime served on 127.0.0.1: REST at `/api/v1`, MCP over Streamable HTTP at `/mcp`. */
export interface LoopbackRuntime extends AsyncDisposable {
  readonly kernel: ReturnType<typeof createKernel>;
  /** The server's base URL. */
  readonly url: string;
  /** `POST /api/v1/tools/<tool>` with a JSON body and no credentials: an anonymous REST caller. */
  post(tool: string, body: unknown): Promise<Response>;
  /** The MCP SDK's client, connected as `name` (its principal, without a token); closed with the runtime. */
  mcp(name: string): Promise<Client>;
}

/**
 * Starts `agentRuntimePlugins(options)` with the loopback transports (named `name` over MCP) and
 * listens on an ephemeral port. Dispose it (`await using`): clients close, then the kernel stops.
 */
export async function startLoopbackRuntime(name: string, options: AgentRuntimePluginsOptions): Promise<LoopbackRuntime> {
  const kernel = createKernel({
    logger: createLogger({ level: 'silent' }),
    plugins: agentRuntimePlugins({ ...options, plugins: [...loopbackTransports(name), ...(options.plugins ?? [])] }),
  });
  await kernel.start();
  const clients: Client[] = [];
  const stop = async () => {
    await Promise.all(clients.map((client) => client.close()));
    await kernel.stop();
  };
  try {
    const { url } = await kernel.get(httpServiceToken).listen();
    return {
      kernel,
      url,
      post: (tool, body) =>
        fetch(`${url}/api/v1/tools/${tool}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      async mcp(clientName) {
        const client = new Client({ name: clientName, version: '1' });
        await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`)));
        clients.push(client);
        return client;
      },
      [Symbol.asyncDispose]: stop,
    };
  } catch (error) {
    await kernel.stop();
    throw error;
  }
}
