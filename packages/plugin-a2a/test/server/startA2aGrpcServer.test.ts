// The gRPC binding on its own, over a request handler given at once: @a2a-js/sdk's gRPC client
// sends and streams through it on 127.0.0.1, and a failure that is not an A2A error reaches the
// client as a fixed internal error, never the process's own message.
import { TaskState } from '@a2a-js/sdk';
import { Client } from '@a2a-js/sdk/client';
import { GrpcTransportFactory } from '@a2a-js/sdk/client/grpc';
import { DefaultRequestHandler, InMemoryTaskStore } from '@a2a-js/sdk/server';
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildAgentCard } from '../../src/server/buildAgentCard.js';
import { startA2aGrpcServer } from '../../src/server/startA2aGrpcServer.js';
import { echoExecutor } from '../support/echoExecutor.js';
import { userMessage } from '../support/userMessage.js';

async function serve(failing: boolean): Promise<Client> {
  let handler: DefaultRequestHandler | undefined;
  const server = await startA2aGrpcServer({ requestHandler: () => handler as DefaultRequestHandler, port: 0 });
  onTestFinished(() => server.close());
  const agents = [{ name: 'echo', description: 'Echoes.', structuredOutput: false }];
  const card = buildAgentCard({
    name: 'echo',
    description: 'Echoes.',
    version: '1.0.0',
    url: 'http://127.0.0.1/rpc',
    grpcUrl: server.url,
    agents,
  });
  handler = new DefaultRequestHandler(card, new InMemoryTaskStore(), echoExecutor);
  if (failing) {
    handler.getTask = async () => {
      throw new Error('ENOENT: /srv/secret/tasks.sqlite');
    };
    handler.sendMessageStream = async function* () {
      yield* [];
      throw new Error('at Object.<anonymous> (/srv/secret/run.js:1:1)');
    };
  }
  expect(server.url).toMatch(/^127\.0\.0\.1:\d+$/);
  return new Client(await new GrpcTransportFactory().create(server.url, card), card);
}

const send = (text: string) => ({
  tenant: '',
  message: userMessage(crypto.randomUUID(), '', '', text),
  configuration: undefined,
  metadata: undefined,
});

describe('startA2aGrpcServer', () => {
  it('serves the SDK’s gRPC client: a message sent, streamed, and a task read', async () => {
    const client = await serve(false);
    const task = await client.sendMessage(send('hi'));
    if (!('status' in task)) throw new Error('expected a task');
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    const states: unknown[] = [];
    for await (const event of client.sendMessageStream(send('again'))) states.push(event.payload?.$case);
    expect(states).toEqual(['task', 'statusUpdate', 'artifactUpdate', 'statusUpdate']);
    expect((await client.getTask({ tenant: '', id: task.id })).id).toBe(task.id);
    await expect(client.getTask({ tenant: '', id: 'nope' })).rejects.toThrow(/not found/i);
  });

  it('answers a failure that is not an A2A error with a fixed message, unary and streaming', async () => {
    const client = await serve(true);
    const unary = await client.getTask({ tenant: '', id: 'x' }).then(
      () => 'answered',
      (error: unknown) => String(error),
    );
    expect(unary).toContain('Internal error');
    expect(unary).not.toContain('/srv/secret');
    const streamed: unknown[] = [];
    const failure = await (async () => {
      for await (const event of client.sendMessageStream(send('x'))) streamed.push(event);
    })().then(
      () => 'ended',
      (error: unknown) => String(error),
    );
    expect(failure).toContain('Internal error');
    expect(failure).not.toContain('/srv/secret');
  });
});
