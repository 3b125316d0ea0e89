import { type Task, TaskState } from '@a2a-js/sdk';
import { ServerCallContext as CallContext, DefaultRequestHandler, type ServerCallContext, type TaskStore } from '@a2a-js/sdk/server';
import { describe, expect, it } from 'vitest';
import { resumeUnfinishedTasks } from '../../src/server/resumeUnfinishedTasks.js';
import { buildAgentCard } from '../../src/server/buildAgentCard.js';
import { SqliteA2aTaskStore } from '../../src/store/SqliteA2aTaskStore.js';
import { echoExecutor } from '../support/echoExecutor.js';
import { userMessage } from '../support/userMessage.js';

const card = buildAgentCard({
  name: 'echo',
  description: 'Echoes.',
  version: '1.0.0',
  url: 'http://127.0.0.1:1/rpc',
  agents: [{ name: 'echo', description: 'Echoes.', structuredOutput: false }],
});

function interrupted(id: string, withMessage: boolean): Task {
  return {
    id,
    contextId: `ctx-${id}`,
    status: { state: TaskState.TASK_STATE_WORKING, message: undefined, timestamp: new Date(1_000).toISOString() },
    artifacts: [],
    history: withMessage ? [userMessage(`m-${id}`, id, `ctx-${id}`)] : [],
    metadata: undefined,
  };
}

describe('resumeUnfinishedTasks', () => {
  it('runs an interrupted task again from its first user message, in its owner’s scope, to completion', async () => {
    const store = SqliteA2aTaskStore.open();
    const ada = new CallContext({ user: { isAuthenticated: true, userName: 'ada' } });
    await store.save(interrupted('t-1', true), ada);
    await store.save(interrupted('t-2', false), new CallContext());
    let completed: (task: Task) => void = () => undefined;
    const done = new Promise<Task>((resolve) => {
      completed = resolve;
    });
    // Resolves once the resumed run's final state is saved (no waiting on time).
    const watched: TaskStore = {
      save: async (task: Task, context: ServerCallContext) => {
        await store.save(task, context);
        if (task.status?.state === TaskState.TASK_STATE_COMPLETED) completed(task);
      },
      load: (id, context) => store.load(id, context),
      list: (params, context) => store.list(params, context),
    };
    const handler = new DefaultRequestHandler(card, watched, echoExecutor);
    const resumed = await resumeUnfinishedTasks(handler, store.unfinished());
    expect(resumed).toEqual(['t-1']); // t-2 has no user message to run again
    const task = await done;
    expect(task.id).toBe('t-1');
    const saved = await store.load('t-1', ada);
    expect(saved?.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(saved?.history.at(-1)?.metadata).toMatchObject({ skillId: 'echo', resumedFrom: 'm-t-1' });
    expect(saved?.artifacts[0]?.parts[0]?.content).toEqual({ $case: 'text', value: 'echo: hello' });
    expect(store.unfinished().map((u) => u.task.id)).toEqual(['t-2']);
    store.close();
  });

  it('reports a task the handler refuses and still resumes the others', async () => {
    const store = SqliteA2aTaskStore.open();
    await store.save(interrupted('t-1', true), new CallContext());
    await store.save(interrupted('t-2', true), new CallContext());
    const refusing = new DefaultRequestHandler(card, store, echoExecutor);
    const sendMessage = refusing.sendMessage.bind(refusing);
    refusing.sendMessage = async (params, context) => {
      if (params.message?.taskId === 't-1') throw new Error('refused');
      return sendMessage(params, context);
    };
    const failed: string[] = [];
    expect(await resumeUnfinishedTasks(refusing, store.unfinished(), (taskId) => failed.push(taskId))).toEqual(['t-2']);
    expect(failed).toEqual(['t-1']);
    // Not closed: t-2's resumed run goes on in the background and an in-memory store needs no closing.
  });
});
