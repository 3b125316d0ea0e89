// createA2aHttpHandler on a plain node:http server (no runtime HTTP layer in front): it reads the
// body itself, so a body that is not JSON gets the JSON-RPC parse error.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemoryTaskStore, DefaultRequestHandler } from '@a2a-js/sdk/server';
import { AgentRunExecutor, buildAgentCard, createA2aHttpHandler } from '@cortex-os/plugin-a2a';
import type { AgentsService } from '@cortex-os/plugin-agents';
import { afterEach, describe, expect, it } from 'vitest';

let server: Server | undefined;
afterEach(async () => {
  const running = server;
  if (running !== undefined) await new Promise((resolve) => running.close(resolve));
  server = undefined;
});

describe('createA2aHttpHandler on a plain server', () => {
  it('answers a body that is not JSON with -32700 and a bad envelope with -32600', async () => {
    // No agent ever runs here: only the transport's checks are exercised.
    const agents: AgentsService = { list: () => [], run: () => Promise.reject(new Error('unused')), validate: () => undefined };
    const card = buildAgentCard({ name: 'plain', description: 'Plain.', version: '1', url: 'http://127.0.0.1/rpc', agents: [] });
    const handler = createA2aHttpHandler({
      requestHandler: new DefaultRequestHandler(card, new InMemoryTaskStore(), new AgentRunExecutor({ agents, exposed: [] })),
    });
    server = createServer((req, res) => void handler.handleJsonRpc(req, res));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rpc`;
    const post = async (body: string) =>
      (await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).json()) as Record<
        string,
        unknown
      >;
    expect(await post('{"jsonrpc":')).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32700, message: 'Parse error: the body is not JSON.' },
    });
    expect(await post('{"jsonrpc":"1.0","id":7,"method":"GetTask"}')).toMatchObject({ id: 7, error: { code: -32600 } });
    expect(await post('{"jsonrpc":"2.0","id":8,"method":"tasks/get","params":{"id":"none"}}')).toMatchObject({
      id: 8,
      error: { code: -32001 },
    });
  });
});
