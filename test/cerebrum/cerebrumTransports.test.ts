// The cerebrum tools through the transports a client uses: `cerebrum.plan` over REST
// (`POST /api/v1/tools/cerebrum.plan`) and `cerebrum.execute` over MCP (Streamable HTTP), in a
// real runtime on 127.0.0.1 with the scripted model writing the plans and real tools running them;
// then critique and refinement over REST and a task critiqued and learned from over MCP (the real
// task store and memory on SQLite files, the scripted model as critic and reviser).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cerebrumPlugin, planTaskRunnerName } from '@cortex-os/plugin-cerebrum';
import { localEmbeddersPlugin } from '@cortex-os/plugin-local-embedders';
import { memoryPlugin } from '@cortex-os/plugin-memory';
import { tasksPlugin, tasksServiceToken } from '@cortex-os/plugin-tasks';
import { createScriptedModelProvider } from '@cortex-os/provider-kit/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { noteTools } from './noteTools.js';
import { startLoopbackRuntime } from './startLoopbackRuntime.js';

const dir = mkdtempSync(join(tmpdir(), 'cerebrum-transports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const written: string[] = [];
const tools = noteTools(written, 'page.read');
const plan = {
  text: JSON.stringify({
    goal: 'x',
    context: [],
    steps: [
      { id: 'page', tool: 'page.read', input: { page: 'otters' }, inputsFrom: {}, dependsOn: [] },
      { id: 'note', tool: 'notes.write', input: {}, inputsFrom: { text: 'page' }, dependsOn: ['page'] },
    ],
  }),
};

describe('cerebrum over REST and MCP', () => {
  it('plans over REST and plans and runs over MCP, validated against the same tools', async () => {
    await using runtime = await startLoopbackRuntime('cerebrum-test', {
      model: createScriptedModelProvider({ script: [plan, plan] }),
      tools,
      agents: [],
      plugins: [cerebrumPlugin({ recallLimit: 0, durable: false })],
    });
    const goal = 'Save a note about otters';
    const response = await runtime.post('cerebrum.plan', { goal, tools: ['page.read', 'notes.write'] });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { structured: { plan: { goal: string; steps: { id: string }[] } } };
    expect(body.structured.plan.goal).toBe(goal);
    expect(body.structured.plan.steps.map((step) => step.id)).toEqual(['page', 'note']);
    expect(written).toEqual([]);

    const client = await runtime.mcp('cerebrum-client');
    const listed = await client.listTools();
    expect(listed.tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['cerebrum.plan', 'cerebrum.execute']));
    const result = await client.callTool({ name: 'cerebrum.execute', arguments: { goal, tools: ['page.read', 'notes.write'] } });
    expect(result.isError).not.toBe(true);
    expect(result.structuredContent).toMatchObject({ ran: ['page', 'note'], replans: 0 });
    expect(written).toEqual(['otters: otters hold hands']);
    // Without the tasks plugin there is no task to judge nor to learn from; without an evals option, no evals.
    expect(listed.tools.map((tool) => tool.name)).not.toContain('cerebrum.learn');
    expect(listed.tools.map((tool) => tool.name)).not.toContain('cerebrum.evals');
    const noTasks = await client.callTool({ name: 'cerebrum.critique', arguments: { task: 'task-1' } });
    expect(noTasks).toMatchObject({ isError: true, _meta: { 'cortex-os/errorCode': 'CEREBRUM_TASK_UNSUITABLE' } });
  });

  it('critiques and refines over REST; critiques and learns from a task of the caller over MCP', async () => {
    const verdict = (score: number, ...feedback: string[]) => ({ text: JSON.stringify({ score, feedback }) });
    const script = [plan, verdict(0.9), verdict(0.3, 'name the animal'), { text: 'Otters hold hands.' }, verdict(0.95), verdict(0.85)];
    await using runtime = await startLoopbackRuntime('cerebrum-test', {
      model: createScriptedModelProvider({ script }),
      tools: noteTools([], 'page.read'),
      agents: [],
      plugins: [
        tasksPlugin({ file: join(dir, 'tasks.sqlite'), timer: () => () => {} }),
        localEmbeddersPlugin(),
        memoryPlugin({ dataDir: join(dir, 'memory'), store: { kind: 'sqlite' } }),
        cerebrumPlugin({ recallLimit: 0 }),
      ],
    });
    const { kernel, post } = runtime;
    const tasks = kernel.get(tasksServiceToken);
    const goal = 'Save a note about otters';
    const request = { agent: planTaskRunnerName, input: goal, params: { tools: ['page.read', 'notes.write'] } };
    const { id } = await tasks.submit({ ...request, principal: 'cerebrum-learner' });
    expect((await tasks.settled(id)).state).toBe('completed');

    const critique = await post('cerebrum.critique', { goal: 'Describe otters', answer: 'Otters hold hands.' });
    expect(critique.status).toBe(200);
    expect(((await critique.json()) as { structured: unknown }).structured).toEqual({ score: 0.9, satisfied: true, feedback: [] });
    const refine = await post('cerebrum.refine', { goal: 'Describe otters', draft: 'They hold hands.', maxRounds: 2 });
    expect(((await refine.json()) as { structured: unknown }).structured).toMatchObject({
      answer: 'Otters hold hands.',
      satisfied: true,
      rounds: 1,
      stoppedBecause: 'satisfied',
      history: [
        { round: 0, critique: { feedback: ['name the animal'] } },
        { round: 1, answer: 'Otters hold hands.' },
      ],
    });
    const invalid = await post('cerebrum.critique', { goal: 'Describe otters' });
    expect(invalid.status).toBe(400);
    // An unauthenticated REST caller is `anonymous`: the learner's task is not theirs.
    expect((await post('cerebrum.critique', { task: id })).status).toBe(404);

    const client = await runtime.mcp('cerebrum-learner');
    const judged = await client.callTool({ name: 'cerebrum.critique', arguments: { task: id } });
    expect(judged.structuredContent).toMatchObject({ task: id, goal, score: 0.85, satisfied: true });
    const learned = await client.callTool({ name: 'cerebrum.learn', arguments: { task: id, summary: 'Read the otter page, noted it.' } });
    expect(learned.isError).not.toBe(true);
    const { example, markedBy } = learned.structuredContent as { example: string; markedBy: string };
    expect(markedBy).toBe('cerebrum-learner');
    const stored = await kernel.tools.call('memory.get', { id: example });
    expect(stored.structured).toMatchObject({
      memory: {
        kind: 'learning-example',
        text: `Goal: ${goal}\nWhat worked: Read the otter page, noted it.`,
        tags: ['cerebrum', 'cerebrum.principal:cerebrum-learner'],
        metadata: {
          taskId: id,
          markedBy: 'cerebrum-learner',
          principal: 'cerebrum-learner',
          plan: { steps: [{ id: 'page' }, { id: 'note' }] },
        },
      },
    });
  });
});
