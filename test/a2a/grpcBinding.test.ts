// The gRPC binding: @a2a-js/sdk's client picks the runtime's GRPC interface from the card and
// drives its agent over real gRPC on 127.0.0.1 (send, stream, re-subscribe, cancel); the binding
// needs open endpoints, serves 0.3 clients from the 0.3 card too, and closes with the runtime.
import { type Task, TaskState } from '@a2a-js/sdk';
import { Client, ClientFactory, ClientFactoryOptions } from '@a2a-js/sdk/client';
import { LegacyJsonRpcTransport, parseLegacyAgentCard } from '@a2a-js/sdk/compat/v0_3/client';
import { GrpcTransportFactory } from '@a2a-js/sdk/client/grpc';
import { describe, expect, it } from 'vitest';
import { streamResubscribeCancel } from './streamResubscribeCancel.js';
import { startA2aRuntime, userMessage, waitScript, weatherScript } from './fixtures.js';

const grpcClient = (url: string) =>
  new ClientFactory(
    ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
      transports: [new GrpcTransportFactory()],
      preferredTransports: ['GRPC'],
    }),
  ).createFromUrl(url);

const send = (text: string) => ({ tenant: '', message: userMessage(text), configuration: undefined, metadata: undefined });

describe('the A2A gRPC binding', () => {
  it('serves the SDK’s gRPC client: send, then a stream re-subscribed to and canceled', async () => {
    await using runtime = await startA2aRuntime([...weatherScript, ...waitScript], { grpc: { port: 0 }, auth: 'none' });
    const client = await grpcClient(runtime.url);
    expect(client.protocolVersion).toBe('1.0');
    const task = (await client.sendMessage(send('Weather in Oslo?'))) as Task;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(task.artifacts[0]?.parts[0]?.content).toEqual({ $case: 'text', value: 'Sunny in Oslo.' });
    expect((await client.getTask({ tenant: '', id: task.id })).status?.state).toBe(TaskState.TASK_STATE_COMPLETED);

    await streamResubscribeCancel(client);
  });

  it('serves 0.3 clients too: the 0.3 card’s gRPC interface, answered as the 0.3 JSON-RPC binding answers', async () => {
    await using runtime = await startA2aRuntime(weatherScript, { grpc: { port: 0 }, auth: 'none' });
    const card = parseLegacyAgentCard(await (await fetch(`${runtime.url}/.well-known/agent-card.json`)).json());
    const client = await new ClientFactory(
      ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
        transports: [new GrpcTransportFactory({ legacyCompat: { enabled: true } })],
        preferredTransports: ['GRPC'],
      }),
    ).createFromAgentCard(card);
    expect([client.protocolVersion]).toEqual(['0.3']);
    const task = (await client.sendMessage(send('Weather in Oslo?'))) as Task;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    // 0.3's proto has no "unset" historyLength (0 is no history): ask both bindings for the same length.
    const overGrpc = await client.getTask({ tenant: '', id: task.id, historyLength: 10 });
    expect(overGrpc.history.length).toBeGreaterThan(0);
    const overJsonRpc = await new Client(new LegacyJsonRpcTransport({ endpoint: `${runtime.url}/a2a/jsonrpc` }), card).getTask({
      tenant: '',
      id: task.id,
      historyLength: 10,
    });
    expect(overGrpc).toEqual(overJsonRpc);
  });

  it('is refused unless the endpoints are open, and stops answering when the runtime stops', async () => {
    await expect(startA2aRuntime(weatherScript, { grpc: { port: 0 }, auth: 'bearer' })).rejects.toThrow(/grpc needs auth: 'none'/);
    await expect(startA2aRuntime(weatherScript, { grpc: { port: 0 } })).rejects.toThrow(/grpc needs auth: 'none'/);
    const runtime = await startA2aRuntime(weatherScript, { grpc: { port: 0 }, auth: 'none' });
    const client = await grpcClient(runtime.url);
    await expect(client.getTask({ tenant: '', id: 'any' })).rejects.toThrow(/not found/i); // the server answers
    await runtime[Symbol.asyncDispose]();
    const after = await client.getTask({ tenant: '', id: 'any' }).then(
      () => 'answered',
      (error: unknown) => String(error),
    );
    expect(after).not.toMatch(/not found/i); // nobody answers any more
    expect(after).toMatch(/UNAVAILABLE|connect/i);
  });
});
