// The official @a2a-js/sdk client (v1.0, and its v0.3 transport) against our server: a runtime
// serving a scripted plugin-agents agent over real HTTP on 127.0.0.1.
import { type StreamResponse, type Task, TaskState } from '@a2a-js/sdk';
import { Client, ClientFactory } from '@a2a-js/sdk/client';
import { InMemoryTaskStore } from '@a2a-js/sdk/server';
import { LegacyJsonRpcTransport } from '@a2a-js/sdk/compat/v0_3/client';
import type { ScriptedModelRequest } from '@cortex-os/provider-kit/testing';
import { describe, expect, it } from 'vitest';
import { startA2aRuntime, userMessage, waitScript, weatherScript } from './fixtures.js';

function artifactText(task: Task): string[] {
  return task.artifacts.flatMap((artifact) => artifact.parts.map((part) => (part.content?.$case === 'text' ? part.content.value : '')));
}

describe('the @a2a-js/sdk client against a Cortex-OS runtime', () => {
  it('reads the card and sends a message (v1.0): the agent runs and the task completes with its answer', async () => {
    await using runtime = await startA2aRuntime(weatherScript);
    const client = await new ClientFactory().createFromUrl(runtime.url);
    expect(client.protocolVersion).toBe('1.0');
    const card = await client.getAgentCard();
    expect(card.name).toBe('weather-runtime');
    expect(card.skills.map((skill) => skill.id)).toEqual(['forecaster']);
    const result = await client.sendMessage({
      tenant: '',
      message: userMessage('Weather in Oslo?'),
      configuration: undefined,
      metadata: undefined,
    });
    const task = result as Task;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(artifactText(task)).toEqual(['Sunny in Oslo.']);
    const again = await client.getTask({ tenant: '', id: task.id });
    expect(again.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(again.contextId).toBe(task.contextId);
  });

  it('continues a conversation: a new task in the same contextId runs in the agent’s thread, another context does not (v1.0)', async () => {
    // The second run answers from what its model was sent: the first turn is there only if the
    // contextId took the run into the first task's thread.
    const recall = (request: ScriptedModelRequest) => ({
      text: request.messages.some((message) => JSON.stringify(message).includes('Sunny in Oslo.')) ? 'You asked about Oslo.' : 'No idea.',
    });
    await using runtime = await startA2aRuntime([{ text: 'Sunny in Oslo.' }, recall, recall]);
    const client = await new ClientFactory().createFromUrl(runtime.url);
    const send = async (text: string, contextId: string) =>
      (await client.sendMessage({
        tenant: '',
        message: { ...userMessage(text), contextId },
        configuration: undefined,
        metadata: undefined,
      })) as Task;
    const first = await send('Weather in Oslo?', '');
    expect(artifactText(first)).toEqual(['Sunny in Oslo.']);
    const followUp = await send('Which city did I ask about?', first.contextId);
    expect(followUp.id).not.toBe(first.id);
    expect(followUp.contextId).toBe(first.contextId);
    expect(artifactText(followUp)).toEqual(['You asked about Oslo.']);
    const elsewhere = await send('Which city did I ask about?', crypto.randomUUID());
    expect(artifactText(elsewhere)).toEqual(['No idea.']);
  });

  it('streams a task: the task, working updates, the artifact, then completed (v1.0)', async () => {
    await using runtime = await startA2aRuntime(weatherScript);
    const client = await new ClientFactory().createFromUrl(runtime.url);
    const events: StreamResponse[] = [];
    for await (const event of client.sendMessageStream({
      tenant: '',
      message: userMessage('Weather?'),
      configuration: undefined,
      metadata: undefined,
    })) {
      events.push(event);
    }
    const kinds = events.map((event) => event.payload?.$case);
    expect(kinds[0]).toBe('task');
    expect(kinds.at(-2)).toBe('artifactUpdate');
    expect(kinds.at(-1)).toBe('statusUpdate');
    const states = events.flatMap((event) => (event.payload?.$case === 'statusUpdate' ? [event.payload.value.status?.state] : []));
    // Working when the run starts, then after each of the two steps; completed last.
    expect(states).toEqual([
      TaskState.TASK_STATE_WORKING,
      TaskState.TASK_STATE_WORKING,
      TaskState.TASK_STATE_WORKING,
      TaskState.TASK_STATE_COMPLETED,
    ]);
  });

  it('cancels a running task over the wire; an unknown task is not found (v1.0)', async () => {
    await using runtime = await startA2aRuntime(waitScript);
    const client = await new ClientFactory().createFromUrl(runtime.url);
    const stream = client.sendMessageStream({ tenant: '', message: userMessage('Wait.'), configuration: undefined, metadata: undefined });
    const first = await stream.next();
    const task = first.value as StreamResponse;
    if (task.payload?.$case !== 'task') throw new Error('expected the task first');
    const canceled = await client.cancelTask({ tenant: '', id: task.payload.value.id, metadata: undefined });
    expect(canceled.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    const rest: StreamResponse[] = [];
    for await (const event of stream) rest.push(event);
    expect(rest.at(-1)?.payload?.$case === 'statusUpdate' && rest.at(-1)?.payload?.value).toMatchObject({
      status: { state: TaskState.TASK_STATE_CANCELED },
    });
    await expect(client.getTask({ tenant: '', id: 'no-such-task' })).rejects.toThrow(/not found/i);
  });

  it('speaks v0.3 through the SDK’s legacy JSON-RPC transport', async () => {
    await using runtime = await startA2aRuntime(weatherScript);
    const card = await new ClientFactory().createFromUrl(runtime.url).then((c) => c.getAgentCard());
    const legacy = card.supportedInterfaces.find((i) => i.protocolVersion === '0.3');
    expect(legacy?.url).toBe(`${runtime.url}/a2a/jsonrpc`);
    const client = new Client(new LegacyJsonRpcTransport({ endpoint: legacy?.url ?? '' }), card);
    const task = (await client.sendMessage({
      tenant: '',
      message: userMessage('Weather?'),
      configuration: undefined,
      metadata: undefined,
    })) as Task;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(artifactText(task)).toEqual(['Sunny in Oslo.']);
  });

  it('re-subscribes to a running task, lists tasks, and keeps them in the task store it was given (v1.0)', async () => {
    const saved: string[] = [];
    const taskStore = new InMemoryTaskStore();
    const save = taskStore.save.bind(taskStore);
    taskStore.save = async (task, context) => {
      saved.push(task.id);
      await save(task, context);
    };
    await using runtime = await startA2aRuntime(waitScript, { taskStore });
    const client = await new ClientFactory().createFromUrl(runtime.url);
    const stream = client.sendMessageStream({ tenant: '', message: userMessage('Wait.'), configuration: undefined, metadata: undefined });
    const first = (await stream.next()).value as StreamResponse;
    if (first.payload?.$case !== 'task') throw new Error('expected the task first');
    const id = first.payload.value.id;
    const again = client.resubscribeTask({ tenant: '', id });
    const resubscribed = await again.next(); // the request goes out on the first read
    expect(resubscribed.done).toBe(false);
    const listed = await client.listTasks({
      tenant: '',
      contextId: '',
      status: TaskState.TASK_STATE_UNSPECIFIED,
      pageToken: '',
      statusTimestampAfter: undefined,
    });
    expect(listed.tasks.map((task) => task.id)).toEqual([id]);
    await client.cancelTask({ tenant: '', id, metadata: undefined });
    const seen: StreamResponse[] = [];
    for await (const event of again) seen.push(event);
    const last = seen.at(-1)?.payload;
    expect(last?.$case === 'statusUpdate' ? last.value.status?.state : last?.$case === 'task' ? last.value.status?.state : undefined).toBe(
      TaskState.TASK_STATE_CANCELED,
    );
    expect(saved).toContain(id);
    for await (const _ of stream) {
      // drain the first subscription
    }
  });
});
