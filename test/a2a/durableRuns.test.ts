// A2A tasks as plugin-tasks tasks: an incoming A2A task's agent runs as a durable `a2a.agent` task
// (listed in /api/v1/tasks). A runtime stopped mid-run and a new one started on the same SQLite
// files (the A2A task store's and the tasks plugin's) answer GetTask from the durable store, resume
// the run from its checkpoints (the model is not asked again for the steps that finished, the
// finished tool call does not run again) and a resubscribed client follows it to completed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKernel, createLogger, defineTool } from '@cortex-os/kernel';
import { A2aJsonRpcClient, a2aAgentTaskRunnerName, a2aServerPlugin, SqliteA2aTaskStore } from '@cortex-os/plugin-a2a';
import { defineAgent } from '@cortex-os/plugin-agents';
import { agentRuntimePlugins } from '@cortex-os/plugin-agents/testing';
import { httpPlugin } from '@cortex-os/plugin-http';
import { tasksPlugin } from '@cortex-os/plugin-tasks';
import { createScriptedModelProvider, type ScriptedModelStep } from '@cortex-os/provider-kit/testing';
import { startRuntime } from '@cortex-os/runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

const root = mkdtempSync(join(tmpdir(), 'a2a-durable-runs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** What the tools did across both lives, and the gate the `hold` tool waits on in this life. */
interface Life {
  readonly counts: Record<string, number>;
  /** Called when `hold` starts; its call returns once `open` resolves (or fails when the run's signal aborts). */
  readonly onHold: () => void;
  readonly open: Promise<void>;
}

function tools(life: Life) {
  const count = (name: string) => {
    life.counts[name] = (life.counts[name] ?? 0) + 1;
  };
  return [
    defineTool({
      name: 'weather',
      description: 'Weather in a city.',
      input: z.object({ city: z.string() }),
      annotations: { readOnlyHint: true },
      handler: ({ city }) => {
        count('weather');
        return { city, sky: 'sunny' };
      },
    }),
    held('hold', { readOnlyHint: true }),
    // Neither idempotent nor read-only (nor destructive, so it runs unapproved): in flight at a stop, it must not run again unasked.
    held('note', { destructiveHint: false }),
  ];

  function held(name: string, annotations: { readOnlyHint?: boolean; destructiveHint?: boolean }) {
    return defineTool({
      name,
      description: 'Waits for the test.',
      input: z.object({}),
      annotations,
      handler: async (_input, context) => {
        count(name);
        life.onHold();
        await Promise.race([
          life.open,
          new Promise((_resolve, reject) => context.signal.addEventListener('abort', () => reject(context.signal.reason), { once: true })),
        ]);
        return { held: true };
      },
    });
  }
}

const forecaster = defineAgent({
  name: 'forecaster',
  description: 'Tells the weather in a city.',
  instructions: 'Use the tools, then answer in one sentence.',
  tools: ['weather', 'hold', 'note'],
  budgets: { maxSteps: 4 },
});

async function startLife(files: { a2a: string; tasks: string }, script: readonly ScriptedModelStep[], life: Life) {
  const model = createScriptedModelProvider({ script });
  const taskStore = SqliteA2aTaskStore.open({ file: files.a2a });
  const runtime = await startRuntime(
    createKernel({
      logger: createLogger({ level: 'silent' }),
      plugins: agentRuntimePlugins({
        model,
        tools: tools(life),
        agents: [forecaster],
        plugins: [
          httpPlugin({ port: 0, metrics: { defaultMetrics: false } }),
          // No timer ticks: the worker claims when a task is submitted and when it starts.
          tasksPlugin({ file: files.tasks, leaseMs: 60_000, timer: () => () => {} }),
          a2aServerPlugin({ name: 'durable-runs', taskStore }),
        ],
      }),
    }),
    { signals: false },
  );
  const url = runtime.address?.url ?? '';
  const client = new A2aJsonRpcClient({ agent: 'durable-runs', url: `${url}/a2a/jsonrpc`, version: '1.0' });
  const stop = async () => {
    await runtime.stop();
    taskStore.close();
  };
  return { url, client, model, stop };
}

function gate() {
  let open: () => void = () => undefined;
  let held: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const holding = new Promise<void>((resolve) => {
    held = resolve;
  });
  return { open, opened, held, holding };
}

type Event = { task?: { id: string }; statusUpdate?: { status: { state: string } } };

describe('A2A tasks as durable plugin-tasks tasks', () => {
  it('resumes a task stopped mid-run in a new runtime on the same files, from its checkpoints', async () => {
    const files = { a2a: join(root, 'a2a.sqlite'), tasks: join(root, 'tasks.sqlite') };
    const counts: Record<string, number> = {};
    const firstGate = gate();
    const first = await startLife(
      files,
      [{ toolCalls: [{ name: 'weather', arguments: { city: 'Oslo' } }] }, { toolCalls: [{ name: 'hold', arguments: {} }] }],
      { counts, onHold: firstGate.held, open: firstGate.opened },
    );
    const sent = (await first.client.call('SendMessage', {
      message: { messageId: 'm-1', role: 'ROLE_USER', parts: [{ text: 'Weather in Oslo?' }], metadata: { skillId: 'forecaster' } },
      configuration: { returnImmediately: true },
    })) as { task: { id: string; contextId: string } };
    const { id, contextId } = sent.task;
    await firstGate.holding;

    // The agent's run is a plugin-tasks task of the A2A runner, shown by the tasks REST API.
    const listed = (await (await fetch(`${first.url}/api/v1/tasks?state=working`)).json()) as {
      tasks: { id: string; agent: string; input: Record<string, unknown> }[];
    };
    const durable = listed.tasks.find((task) => task.agent === a2aAgentTaskRunnerName);
    expect(durable?.input).toEqual({ input: 'Weather in Oslo?', skill: 'forecaster', contextId, depth: 0 });
    await first.stop();
    expect(counts).toEqual({ weather: 1, hold: 1 });

    // Second life: nothing of the first process remains but the two files.
    const secondGate = gate();
    const second = await startLife(files, [{ text: 'Sunny in Oslo.' }], { counts, onHold: secondGate.held, open: secondGate.opened });
    try {
      const kept = (await second.client.call('GetTask', { id }, id)) as { id: string; status: { state: string } };
      expect(kept).toMatchObject({ id, status: { state: 'TASK_STATE_WORKING' } });
      await secondGate.holding;
      const follow = second.client.stream({ id }, 'SubscribeToTask');
      expect(((await follow.next()).value as Event).task?.id).toBe(id);
      secondGate.open();
      const states: string[] = [];
      for await (const event of follow) if ((event as Event).statusUpdate) states.push((event as Event).statusUpdate?.status.state ?? '');
      expect(states.at(-1)).toBe('TASK_STATE_COMPLETED');

      const done = (await second.client.call('GetTask', { id }, id)) as { status: { state: string }; artifacts: { parts: unknown[] }[] };
      expect(done.status.state).toBe('TASK_STATE_COMPLETED');
      expect(done.artifacts[0]?.parts).toEqual([{ text: 'Sunny in Oslo.', mediaType: 'text/plain' }]);
      // Replayed from the checkpoints: only the last model step was asked, the finished weather call did not run again,
      // and the read-only call in flight at the stop ran once more.
      expect(second.model.requests).toHaveLength(1);
      expect(counts).toEqual({ weather: 1, hold: 2 });
      const task = (await (await fetch(`${second.url}/api/v1/tasks/${durable?.id}`)).json()) as { state: string; output: unknown };
      expect(task).toMatchObject({ state: 'completed', output: { text: 'Sunny in Oslo.' } });
    } finally {
      await second.stop();
    }
  });

  it('cancels the durable task when the A2A task is canceled', async () => {
    const files = { a2a: join(root, 'cancel-a2a.sqlite'), tasks: join(root, 'cancel-tasks.sqlite') };
    const held = gate();
    const life = await startLife(files, [{ toolCalls: [{ name: 'hold', arguments: {} }] }], {
      counts: {},
      onHold: held.held,
      open: held.opened,
    });
    try {
      const sent = (await life.client.call('SendMessage', {
        message: { messageId: 'm-2', role: 'ROLE_USER', parts: [{ text: 'Weather in Bergen?' }], metadata: { skillId: 'forecaster' } },
        configuration: { returnImmediately: true },
      })) as { task: { id: string } };
      const { id } = sent.task;
      await held.holding;
      const canceled = (await life.client.call('CancelTask', { id }, id)) as { status: { state: string } };
      expect(canceled.status.state).toBe('TASK_STATE_CANCELED');
      const listed = (await (await fetch(`${life.url}/api/v1/tasks?state=cancelled`)).json()) as { tasks: { agent: string }[] };
      expect(listed.tasks.map((task) => task.agent)).toEqual([a2aAgentTaskRunnerName]);
    } finally {
      await life.stop();
    }
  });

  it('leaves the task input-required when a call that is not idempotent was in flight at the stop', async () => {
    const files = { a2a: join(root, 'doubt-a2a.sqlite'), tasks: join(root, 'doubt-tasks.sqlite') };
    const counts: Record<string, number> = {};
    const held = gate();
    const first = await startLife(files, [{ toolCalls: [{ name: 'note', arguments: {} }] }], {
      counts,
      onHold: held.held,
      open: held.opened,
    });
    const sent = (await first.client.call('SendMessage', {
      message: { messageId: 'm-3', role: 'ROLE_USER', parts: [{ text: 'Note the weather.' }], metadata: { skillId: 'forecaster' } },
      configuration: { returnImmediately: true },
    })) as { task: { id: string } };
    const { id } = sent.task;
    await held.holding;
    await first.stop();

    const second = await startLife(files, [], { counts, onHold: () => undefined, open: Promise.resolve() });
    try {
      const follow = second.client.stream({ id }, 'SubscribeToTask');
      let last: { state: string; message?: { parts: { text?: string }[] } } | undefined;
      for await (const event of follow) {
        // The first event is the task as it now is: the resumed run may already have parked it.
        const { task, statusUpdate } = event as {
          task?: { status: NonNullable<typeof last> };
          statusUpdate?: { status: NonNullable<typeof last> };
        };
        last = statusUpdate?.status ?? task?.status ?? last;
        if (last?.state === 'TASK_STATE_INPUT_REQUIRED') break;
      }
      expect(last?.state).toBe('TASK_STATE_INPUT_REQUIRED');
      expect(last?.message?.parts[0]?.text).toContain('tool:0:');
      // The call in doubt did not run a second time, and the model was not asked again.
      expect(counts).toEqual({ note: 1 });
      expect(second.model.requests).toHaveLength(0);
    } finally {
      await second.stop();
    }
  });
});
