// Cerebrum's two costs beyond the model: planning overhead, and replay speed.
// Run after `pnpm build` (tsc -b): node bench/agents/cerebrum.bench.ts
//
// - Planning: `createPlanner().plan(goal)` with a model that answers a fixed 4-step plan at once,
//   against the plain alternative a user would write: call the same model, JSON.parse the reply
//   and check it with the plan schema. The difference is what planning adds beyond model time
//   (prompt with tool schemas, contract checks of every step's input, the result record).
// - Replay: a recorded STEPS-step agent run replayed offline by `replayAgentRun` (journal answers
//   every model and tool call from the recording, then the step sequences are compared), against
//   running the same agent live on a model and tool that answer at once. Reported as steps/s.
// - Task replay: the same run recorded as a durable task (SQLite in memory) and replayed from its
//   checkpoints by `replayTask` (reads the task and its steps, then the same journal), against
//   `replayAgentRun` of the run's result.
// - Plan task replay: a STEPS-step plan task (a chain of lookups, each step in its own wave)
//   replayed from its checkpoints by `replayPlanTask` (the plan-and-execute loop, answered by the
//   task's checkpoints), against running the same plan as a task live (instant tool, SQLite in memory).
// - Recall with owners: `recallFromMemoryTool` for one principal (planning context, then that
//   principal's learning examples filtered by owner tag in the store: two searches) over EXAMPLES
//   examples of OWNERS principals, against the one search over both kinds it made before examples
//   had owners (real memory on SQLite with the local embedder).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ToolDefinition } from '@cortex-os/kernel';
import type { ChatMessage, GenerateResult, ModelProvider } from '@cortex-os/kernel/router';
import { agentsServiceToken, defineAgent } from '@cortex-os/plugin-agents';
import {
  cerebrumPlugin,
  createPlanner,
  learningExampleOwnerTag,
  planSchema,
  planTaskRunnerName,
  recallFromMemoryTool,
  recordingOf,
  replayAgentRun,
  replayPlanTask,
  replayTask,
} from '@cortex-os/plugin-cerebrum';
import { localEmbeddersPlugin } from '@cortex-os/plugin-local-embedders';
import { memoryPlugin, memoryServiceToken } from '@cortex-os/plugin-memory';
import { tasksPlugin, tasksServiceToken } from '@cortex-os/plugin-tasks';
import { lookupReply, lookupTool, startAgentKernel } from '../lib/agentKernel.ts';
import { addComparisonRuns, compareAsync, createReport, sized } from '../lib/measure.ts';

const STEPS = 20;
const EXAMPLES = 500;
const OWNERS = 10;
const report = createReport('cerebrum');

const planText = JSON.stringify({
  goal: 'g',
  context: [],
  steps: [
    { id: 'a', tool: 'lookup', input: { key: 'otters' }, inputsFrom: {}, dependsOn: [] },
    { id: 'b', tool: 'lookup', input: { key: 'seals' }, inputsFrom: {}, dependsOn: [] },
    { id: 'c', tool: 'lookup', input: {}, inputsFrom: { key: 'a' }, dependsOn: ['a'] },
    { id: 'd', tool: 'lookup', input: {}, inputsFrom: { key: 'b' }, dependsOn: ['b', 'c'] },
  ],
});

/** A model that answers a plan request with the fixed plan, and an agent with STEPS − 1 tool calls then an answer. */
const model: ModelProvider & { generate(messages: readonly ChatMessage[]): Promise<GenerateResult> } = {
  name: 'fixed',
  capabilities: {
    operations: ['generate'],
    locality: 'local',
    relativeCost: 0,
    tools: true,
    structuredOutput: true,
    generationModels: ['fixed-1'],
  },
  async health() {
    return { available: true };
  },
  async generate(messages) {
    if (String(messages[0]?.content).startsWith('You are a planner')) return { model: 'fixed-1', text: planText, finishReason: 'stop' };
    return lookupReply(messages, STEPS);
  },
};
const lookup = lookupTool;
const agent = defineAgent({
  name: 'bench',
  description: 'Looks things up.',
  instructions: 'Look the key up.',
  tools: ['lookup'],
  budgets: { maxSteps: STEPS + 1 },
});

// The tasks plugin (in memory, no polling) records the same run as a durable task, for task replay.
const startKernel = () =>
  startAgentKernel(
    model,
    [lookup as ToolDefinition],
    [agent],
    [tasksPlugin({ file: ':memory:', timer: () => () => {} }), cerebrumPlugin({ recallLimit: 0 })],
  );

async function planning(kernel: Awaited<ReturnType<typeof startKernel>>): Promise<void> {
  const planner = createPlanner({ model, tools: kernel.tools, structuredOutput: true });
  const plain = async () => {
    const reply = await model.generate([
      { role: 'system', content: 'You are a planner.' },
      { role: 'user', content: 'Goal: g' },
    ]);
    planSchema.parse(JSON.parse(reply.text));
  };
  const ours = async () => {
    const result = await planner.plan('Look up otters and seals');
    if (result.plan.steps.length !== 4) throw new Error('unexpected plan');
  };
  const runs = await compareAsync(plain, ours, { iterations: sized(3_000, 20), warmup: sized(300, 5) });
  addComparisonRuns(
    report,
    { case: 'plan a 4-step plan (model answers at once)', unit: 'µs', baseline: 'model call + JSON.parse + plan schema' },
    runs.map((run) => ({ ours: run.ours.map((ns) => ns / 1_000), baseline: run.baseline.map((ns) => ns / 1_000) })),
    [50, 99],
  );
}

async function replay(kernel: Awaited<ReturnType<typeof startKernel>>): Promise<void> {
  const agents = kernel.get(agentsServiceToken);
  const recorded = await agents.run('bench', { input: 'Go.' });
  if (recorded.usage.steps !== STEPS) throw new Error(`expected ${STEPS} steps, got ${recorded.usage.steps}`);
  const recording = recordingOf(recorded, 'Go.');
  const live = async () => {
    await agents.run('bench', { input: 'Go.' });
  };
  const replayed = async () => {
    const report = await replayAgentRun(agents, recording);
    if (!report.identical) throw new Error(`replay diverged: ${JSON.stringify(report.divergence)}`);
  };
  const runs = await compareAsync(live, replayed, { iterations: sized(300, 5), warmup: sized(30, 2) });
  // Steps per second of one run: STEPS ÷ the run's time.
  addComparisonRuns(
    report,
    {
      case: `replay a recorded ${STEPS}-step run, steps/s (higher is better)`,
      unit: 'steps/s',
      baseline: 'the same run live (instant model and tool)',
    },
    runs.map((run) => ({ ours: run.ours.map((ns) => STEPS / (ns / 1e9)), baseline: run.baseline.map((ns) => STEPS / (ns / 1e9)) })),
    [50],
  );
}

async function taskReplay(kernel: Awaited<ReturnType<typeof startKernel>>): Promise<void> {
  const agents = kernel.get(agentsServiceToken);
  const tasks = kernel.get(tasksServiceToken);
  const recording = recordingOf(await agents.run('bench', { input: 'Go.' }), 'Go.');
  const { id } = await tasks.submit({ agent: 'bench', input: 'Go.', principal: 'bench' });
  if ((await tasks.settled(id)).state !== 'completed') throw new Error('the recorded task did not complete');
  const fromRun = async () => {
    if (!(await replayAgentRun(agents, recording)).identical) throw new Error('run replay diverged');
  };
  const fromTask = async () => {
    const report = await replayTask(agents, tasks, id);
    if (!report.identical) throw new Error(`task replay diverged: ${JSON.stringify(report.divergence)}`);
  };
  const runs = await compareAsync(fromRun, fromTask, { iterations: sized(300, 5), warmup: sized(30, 2) });
  addComparisonRuns(
    report,
    {
      case: `replay a recorded ${STEPS}-step durable task from its checkpoints, steps/s (higher is better)`,
      unit: 'steps/s',
      baseline: 'replayAgentRun of the same run from its result',
    },
    runs.map((run) => ({ ours: run.ours.map((ns) => STEPS / (ns / 1e9)), baseline: run.baseline.map((ns) => STEPS / (ns / 1e9)) })),
    [50],
  );
}

async function planTaskReplay(kernel: Awaited<ReturnType<typeof startKernel>>): Promise<void> {
  const tasks = kernel.get(tasksServiceToken);
  // A chain: each step reads the previous one's output, so the loop walks STEPS waves.
  const steps = Array.from({ length: STEPS }, (_, index) =>
    index === 0
      ? { id: 's0', tool: 'lookup', input: { key: 'k' } }
      : { id: `s${index}`, tool: 'lookup', dependsOn: [`s${index - 1}`], input: { key: 'k' } },
  );
  const params = { plan: { steps }, tools: ['lookup'] };
  const submit = async (): Promise<string> => {
    const { id } = await tasks.submit({ agent: planTaskRunnerName, input: 'Look up the chain', params, principal: 'bench' });
    if ((await tasks.settled(id)).state !== 'completed') throw new Error('the plan task did not complete');
    return id;
  };
  const id = await submit();
  const env = { registry: kernel.tools, planner: { model }, maxReplans: 2 };
  const live = async () => {
    await submit();
  };
  const replayed = async () => {
    const report = await replayPlanTask(env, tasks, id);
    if (!report.identical) throw new Error(`plan task replay diverged: ${JSON.stringify(report.divergence)}`);
  };
  const runs = await compareAsync(live, replayed, { iterations: sized(200, 5), warmup: sized(20, 2) });
  addComparisonRuns(
    report,
    {
      case: `replay a recorded ${STEPS}-step plan task from its checkpoints, steps/s (higher is better)`,
      unit: 'steps/s',
      baseline: 'the same plan task run live (instant tool)',
    },
    runs.map((run) => ({ ours: run.ours.map((ns) => STEPS / (ns / 1e9)), baseline: run.baseline.map((ns) => STEPS / (ns / 1e9)) })),
    [50],
  );
}

/** Recall for one principal (two searches, examples filtered by owner in the store) against the one unfiltered search of before. */
async function recallWithOwners(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cerebrum-bench-recall-'));
  const kernel = await startAgentKernel(model, [], [], [localEmbeddersPlugin(), memoryPlugin({ dataDir, rest: { enabled: false } })]);
  try {
    const topics = ['release notes', 'deploy keys', 'standups', 'backups', 'invoices'];
    const examples = Array.from({ length: EXAMPLES }, (_, i) => ({
      kind: 'learning-example',
      text: `Goal: Summarise the ${topics[i % topics.length]} of project ${i}\nWhat worked: fetched the page, wrote one note.`,
      tags: ['cerebrum', learningExampleOwnerTag(`p${i % OWNERS}`)],
    }));
    const context = topics.map((topic) => ({ kind: 'planning-context', text: `Notes on ${topic} live in the wiki.`, tags: [] }));
    const service = kernel.get(memoryServiceToken);
    for (let i = 0; i < examples.length; i += 100) await service.storeMany(examples.slice(i, i + 100));
    await service.storeMany(context);
    const goal = 'Summarise the release notes of project 7';
    const before = async () => {
      await kernel.tools.call('memory.search', { query: goal, limit: 5, filter: { kinds: ['planning-context', 'learning-example'] } });
    };
    const recall = recallFromMemoryTool(kernel.tools);
    const owned = async () => {
      if ((await recall(goal, undefined, 'p7')).length === 0) throw new Error('recalled nothing');
    };
    const runs = await compareAsync(before, owned, { iterations: sized(300, 5), warmup: sized(30, 2) });
    addComparisonRuns(
      report,
      {
        case: `recall for one principal among ${OWNERS} (${EXAMPLES} examples)`,
        unit: 'µs',
        baseline: 'one search over every example (before owners)',
      },
      runs.map((run) => ({ ours: run.ours.map((ns) => ns / 1_000), baseline: run.baseline.map((ns) => ns / 1_000) })),
      [50, 99],
    );
  } finally {
    await kernel.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const kernel = await startKernel();
  await planning(kernel);
  await replay(kernel);
  await taskReplay(kernel);
  await planTaskReplay(kernel);
  await kernel.stop();
  await recallWithOwners();
  report.print([
    `Node ${process.version}, ${process.platform}/${process.arch}.`,
    'Planning includes the prompt with tool schemas, contract checks of each step, and the attempt record; replay includes the step comparison.',
  ]);
}

await main();
