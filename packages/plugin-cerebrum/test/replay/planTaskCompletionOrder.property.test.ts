// A plan task whose wave of three steps completes in a generated order (fast-check, seeded): the
// task records the order the steps really completed in, and yet its output and its events are the
// same for every order, and each recording replays identically from its checkpoints.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKernel, createLogger, defineTool } from '@cortex-os/kernel';
import { createEventRecorder } from '@cortex-os/kernel/testing';
import { agentRuntimePlugins } from '@cortex-os/plugin-agents/testing';
import { cerebrumPlugin, type PlanRunEnvironment, planTaskRunnerName, replayPlanTask } from '@cortex-os/plugin-cerebrum';
import { tasksPlugin, tasksServiceToken } from '@cortex-os/plugin-tasks';
import { createScriptedModelProvider } from '@cortex-os/provider-kit/testing';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

const dir = mkdtempSync(join(tmpdir(), 'cerebrum-completion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pages = ['p0', 'p1', 'p2'];
// Three independent reads (one wave), then a step that reads all three.
const plan = {
  steps: [
    ...pages.map((page) => ({ id: page, tool: 'gate.read', input: { page } })),
    { id: 'sum', tool: 'text.join', dependsOn: pages, inputsFrom: Object.fromEntries(pages.map((page) => [page, page])) },
  ],
};

/** Gates the reads: each waits until the test opens it; `started` resolves once all three wait. */
function gates() {
  const open = new Map<string, () => void>();
  let allStarted!: () => void;
  const started = new Promise<void>((resolve) => {
    allStarted = resolve;
  });
  const read = defineTool({
    name: 'gate.read',
    description: 'Reads a page once its gate opens.',
    input: z.object({ page: z.string() }),
    annotations: { readOnlyHint: true },
    handler: async ({ page }) => {
      await new Promise<void>((resolve) => {
        open.set(page, resolve);
        if (open.size === pages.length) allStarted();
      });
      return { text: `${page} read` };
    },
  });
  const join = defineTool({
    name: 'text.join',
    description: 'Joins texts.',
    input: z.record(z.string(), z.unknown()),
    annotations: { readOnlyHint: true },
    handler: (input) => ({ joined: Object.keys(input).sort().join('+') }),
  });
  return { tools: [read, join], started, open: (page: string) => open.get(page)?.() };
}

/** Runs the plan task, opening the gates in `order`; returns its output, events, recorded completion order and replay. */
async function runInOrder(order: readonly string[], file: string) {
  const gated = gates();
  const kernel = createKernel({
    logger: createLogger({ level: 'silent' }),
    plugins: agentRuntimePlugins({
      model: createScriptedModelProvider({ script: [] }),
      tools: gated.tools,
      agents: [],
      plugins: [tasksPlugin({ file, timer: () => () => {} }), cerebrumPlugin({ recallLimit: 0 })],
    }),
  });
  await kernel.start();
  try {
    using recorder = createEventRecorder(kernel.events, 'cerebrum.*');
    const tasks = kernel.get(tasksServiceToken);
    const { id } = await tasks.submit({ agent: planTaskRunnerName, input: 'Join three pages', params: { plan }, principal: 'ada' });
    await gated.started;
    for (const page of order) gated.open(page);
    const done = await tasks.settled(id);
    const completed: string[] = [];
    for await (const event of await tasks.events(id)) {
      if (event.type === 'step' && event.data.status === 'done' && event.data.callId.startsWith('step:0:p'))
        completed.push(event.data.callId.slice(7));
    }
    const events = recorder.events.map((event) => [event.type, event.data]);
    const env: PlanRunEnvironment = {
      registry: kernel.tools,
      planner: { model: { generate: () => Promise.reject(new Error('offline')) } },
      maxReplans: 2,
    };
    const replay = await replayPlanTask(env, tasks, id, 'ada');
    return { state: done.state, output: done.output, events, completed, replay };
  } finally {
    await kernel.stop();
  }
}

describe('a plan task whose concurrent steps complete out of order', () => {
  it('records the real completion order, reports the same output and events, and replays identically', async () => {
    const reference = await runInOrder(pages, join(dir, 'reference.sqlite'));
    expect(reference).toMatchObject({ state: 'completed', completed: pages, replay: { identical: true } });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(pages, { minLength: pages.length }), async (order) => {
        const result = await runInOrder(order, join(dir, `order-${run++}.sqlite`));
        expect(result.completed).toEqual(order);
        expect(result.output).toEqual(reference.output);
        expect(result.events).toEqual(reference.events);
        expect(result.replay).toMatchObject({ identical: true, output: reference.output });
      }),
      { seed: 19_2026, numRuns: 6 },
    );
  });
});
