// Our client (AgentCardCache, selectA2aInterface, A2aJsonRpcClient) against a server made of the
// @a2a-js/sdk's own pieces — its DefaultRequestHandler, InMemoryTaskStore and JSON-RPC transport
// handlers (v1.0 and v0.3), with its SSE formatting — on real HTTP on 127.0.0.1. The glue below
// is what the SDK's Express adapter does, without Express (not a dependency of this repository).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AgentCard, AGENT_CARD_PATH, formatSSEEvent, SSE_HEADERS, TaskState } from '@a2a-js/sdk';
import { LegacyJsonRpcTransportHandler } from '@a2a-js/sdk/compat/v0_3/server';
import {
  AgentEvent,
  type AgentExecutor,
  DefaultRequestHandler,
  defaultServerCallContextBuilder,
  InMemoryTaskStore,
  JsonRpcTransportHandler,
} from '@a2a-js/sdk/server';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { A2aJsonRpcClient, AgentCardCache, buildAgentCard, selectA2aInterface } from '@cortex-os/plugin-a2a';
import { afterEach, describe, expect, it } from 'vitest';

/** Echoes the text it gets as an artifact; a text of `hold` waits until canceled. */
const echo: AgentExecutor = {
  execute: async (context, bus) => {
    const { taskId, contextId } = context;
    const text = context.userMessage.parts.map((p) => (p.content?.$case === 'text' ? p.content.value : '')).join('');
    const status = (state: TaskState) =>
      AgentEvent.statusUpdate({ taskId, contextId, status: { state, message: undefined, timestamp: undefined }, metadata: undefined });
    bus.publish(
      AgentEvent.task({
        id: taskId,
        contextId,
        status: { state: TaskState.TASK_STATE_SUBMITTED, message: undefined, timestamp: undefined },
        artifacts: [],
        history: [context.userMessage],
        metadata: undefined,
      }),
    );
    bus.publish(status(TaskState.TASK_STATE_WORKING));
    if (text === 'hold') return; // cancelTask finishes it
    bus.publish(
      AgentEvent.artifactUpdate({
        taskId,
        contextId,
        artifact: {
          artifactId: 'a-1',
          name: 'echo',
          description: '',
          parts: [{ content: { $case: 'text', value: `echo: ${text}` }, mediaType: 'text/plain', filename: '', metadata: undefined }],
          metadata: undefined,
          extensions: [],
        },
        append: false,
        lastChunk: true,
        metadata: undefined,
      }),
    );
    bus.publish(status(TaskState.TASK_STATE_COMPLETED));
    bus.finished();
  },
  cancelTask: async (taskId, bus) => {
    bus.publish(
      AgentEvent.statusUpdate({
        taskId,
        contextId: '',
        status: { state: TaskState.TASK_STATE_CANCELED, message: undefined, timestamp: undefined },
        metadata: undefined,
      }),
    );
    bus.finished();
  },
};

let server: Server | undefined;

async function startSdkServer(): Promise<string> {
  let card: AgentCard | undefined;
  const handler = () => {
    if (card === undefined) throw new Error('not listening');
    return new DefaultRequestHandler(card, new InMemoryTaskStore(), echo);
  };
  let requestHandler: DefaultRequestHandler | undefined;
  server = createServer(async (req, res) => {
    requestHandler ??= handler();
    if (req.method === 'GET' && req.url === `/${AGENT_CARD_PATH}`) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(card));
      return;
    }
    let text = '';
    for await (const chunk of req) text += String(chunk);
    const version = req.headers['a2a-version'] as string | undefined;
    const transport =
      (version ?? '0.3') === '0.3' ? new LegacyJsonRpcTransportHandler(requestHandler) : new JsonRpcTransportHandler(requestHandler);
    const context = defaultServerCallContextBuilder({
      extensions: undefined,
      user: undefined,
      headers: req.headers,
      ...(version ? { requestedVersion: version } : {}),
    });
    const answer = await transport.handle(text, context);
    if (Symbol.asyncIterator in answer) {
      res.writeHead(200, SSE_HEADERS);
      for await (const event of answer) res.write(formatSSEEvent(event));
      res.end();
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    }
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  card = buildAgentCard({
    name: 'Echo',
    description: 'Echoes.',
    version: '1.0.0',
    url: `${base}/rpc`,
    agents: [{ name: 'echo', description: 'Echoes.', structuredOutput: false }],
  });
  return base;
}

afterEach(async () => {
  const running = server;
  if (running !== undefined) await new Promise((resolve) => running.close(resolve));
  server = undefined;
});

/** A user message in each version's JSON: v1.0's protobuf JSON mapping, 0.3's `kind`ed parts. */
const messages = {
  '1.0': (text: string) => ({ message: { messageId: crypto.randomUUID(), role: 'ROLE_USER', parts: [{ text }] } }),
  '0.3': (text: string) => ({
    message: { kind: 'message', messageId: crypto.randomUUID(), role: 'user', parts: [{ kind: 'text', text }] },
  }),
} as const;

describe('our A2A client against an @a2a-js/sdk server', () => {
  it('reads its v1.0 card and picks the JSON-RPC 1.0 interface', async () => {
    const base = await startSdkServer();
    const card = await new AgentCardCache().get(base);
    expect(card.skills.map((s) => s.id)).toEqual(['echo']);
    expect(selectA2aInterface(card)).toEqual({ url: `${base}/rpc`, version: '1.0' });
  });

  for (const version of ['1.0', '0.3'] as const) {
    it(`sends, reads and streams a task, and maps its errors (A2A ${version})`, async () => {
      const base = await startSdkServer();
      const client = new A2aJsonRpcClient({ agent: 'echo', url: `${base}/rpc`, version });
      const sent = (await client.call('SendMessage', messages[version]('hi'))) as Record<string, unknown>;
      // v1.0 wraps the result ({ task }); 0.3 answers the task itself (kind: 'task').
      const task = (version === '1.0' ? sent.task : sent) as { id: string; status: { state: string }; artifacts: { parts: unknown[] }[] };
      expect(task.status.state).toBe(version === '1.0' ? 'TASK_STATE_COMPLETED' : 'completed');
      expect(task.artifacts[0]?.parts).toEqual([
        version === '1.0' ? { text: 'echo: hi', mediaType: 'text/plain' } : { kind: 'text', text: 'echo: hi' },
      ]);
      const got = (await client.call('GetTask', { id: task.id })) as { id: string };
      expect(got.id).toBe(task.id);

      const events: unknown[] = [];
      for await (const event of client.stream(messages[version]('again'))) events.push(event);
      expect(events).toHaveLength(4); // task, working, artifact, completed
      expect(JSON.stringify(events.at(-1))).toContain(version === '1.0' ? 'TASK_STATE_COMPLETED' : '"completed"');

      await expectCortexError(client.call('GetTask', { id: 'no-such-task' }, 'no-such-task'), 'A2A_TASK_NOT_FOUND');
      await expectCortexError(client.call('CancelTask', { id: task.id }, task.id), 'A2A_TASK_NOT_CANCELABLE');
    });
  }

  it('cancels a running task (v1.0)', async () => {
    const base = await startSdkServer();
    const client = new A2aJsonRpcClient({ agent: 'echo', url: `${base}/rpc`, version: '1.0' });
    const stream = client.stream(messages['1.0']('hold'));
    const first = (await stream.next()).value as { task: { id: string } };
    const canceled = (await client.call('CancelTask', { id: first.task.id })) as { status: { state: string } };
    expect(canceled.status.state).toBe('TASK_STATE_CANCELED');
    await stream.return(undefined);
  });
});
