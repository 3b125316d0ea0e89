// The agent run loop's own overhead per step, side by side with a plain loop and LangGraph.js.
// Run after `pnpm build` (tsc -b): node bench/agents/agents.bench.ts
//
// Payload: a run of STEPS steps — STEPS − 1 model replies that each call one tool, then a final
// answer — against a model that answers at once from a fixed script and a tool that returns a
// fixed object. Three loops run the same model and tool:
// - Cortex-OS: `agents.run` on a started kernel (policy router with breaker, timeout and retry;
//   tool registry with validation; budgets, approval check, step records, events);
// - plain: the model's `generate` and the tool's handler called directly in a `for` loop;
// - LangGraph.js: a `StateGraph` (model node → tools node → model …) compiled without a
//   checkpointer, as LangGraph's ReAct agent is built.
// Figures are per step (a run's time / STEPS); "overhead" rows subtract the plain loop.
// Memory: the same run by an agent with `memory` (recall only) against plugin-memory on a SQLite
// file holding MEMORIES memories in its scope (hybrid search, local hashing embedder), compared
// per run with the agent without memory on the same kernel: the recall's cost per run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ToolDefinition } from '@cortex-os/kernel';
import type { ChatMessage, GenerateOptions, GenerateResult, ModelProvider } from '@cortex-os/kernel/router';
import { agentsServiceToken, defineAgent } from '@cortex-os/plugin-agents';
import { localEmbeddersPlugin } from '@cortex-os/plugin-local-embedders';
import { memoryPlugin, memoryServiceToken } from '@cortex-os/plugin-memory';
import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { lookupReply, lookupTool, startAgentKernel } from '../lib/agentKernel.ts';
import { addComparisonRuns, compareAsync, createReport, percentile, sized } from '../lib/measure.ts';

const STEPS = 5;
const MEMORIES = 1_000;
const report = createReport('agents');

/** A model that calls the tool until the conversation holds STEPS − 1 tool results, then answers. */
const model: ModelProvider & { generate(messages: readonly ChatMessage[], options?: GenerateOptions): Promise<GenerateResult> } = {
  name: 'fixed',
  capabilities: { operations: ['generate'], locality: 'local', relativeCost: 0, tools: true, generationModels: ['fixed-1'] },
  async health() {
    return { available: true };
  },
  async generate(messages) {
    return lookupReply(messages, STEPS);
  },
};
const lookup = lookupTool;
const agent = defineAgent({ name: 'bench', description: 'Looks things up.', instructions: 'Look the key up.', tools: ['lookup'] });
const recaller = defineAgent({
  name: 'recaller',
  description: 'Looks things up, recalling first.',
  instructions: 'Look the key up.',
  tools: ['lookup'],
  memory: { topK: 5, maxTokens: 500, writeBack: [] },
});
const start = (): ChatMessage[] => [
  { role: 'system', content: agent.instructions },
  { role: 'user', content: 'Go.' },
];

/** The plain loop: generate, run each called tool's handler, append the messages, until the model answers. */
async function plainLoop(): Promise<string> {
  const messages = start();
  for (;;) {
    const reply = await model.generate(messages);
    const calls = reply.toolCalls ?? [];
    if (calls.length === 0) return reply.text;
    messages.push({ role: 'assistant', content: reply.text, toolCalls: calls });
    for (const call of calls) {
      const output = await lookup.handler(JSON.parse(call.arguments) as { key: string }, undefined as never);
      messages.push({ role: 'tool', toolCallId: call.id, content: JSON.stringify(output) });
    }
  }
}

/** The same loop as a LangGraph StateGraph without a checkpointer. */
function langGraph() {
  const State = Annotation.Root({
    messages: Annotation<ChatMessage[]>({ reducer: (left, right) => left.concat(right), default: () => [] }),
  });
  return new StateGraph(State)
    .addNode('model', async (state) => {
      const reply = await model.generate(state.messages);
      return { messages: [{ role: 'assistant', content: reply.text, toolCalls: reply.toolCalls ?? [] } satisfies ChatMessage] };
    })
    .addNode('tools', async (state) => {
      const last = state.messages.at(-1);
      const calls = last?.role === 'assistant' ? (last.toolCalls ?? []) : [];
      const results = await Promise.all(
        calls.map(async (call): Promise<ChatMessage> => {
          const output = await lookup.handler(JSON.parse(call.arguments) as { key: string }, undefined as never);
          return { role: 'tool', toolCallId: call.id, content: JSON.stringify(output) };
        }),
      );
      return { messages: results };
    })
    .addEdge(START, 'model')
    .addConditionalEdges('model', (state) => {
      const last = state.messages.at(-1);
      return last?.role === 'assistant' && (last.toolCalls ?? []).length > 0 ? 'tools' : END;
    })
    .addEdge('tools', 'model')
    .compile();
}

/**
 * A started kernel with the router, the model, the agents plugin and a plugin contributing the tool
 * and agents; with `memoryDir`, also plugin-memory there (and the local embedder) and the recalling agent.
 */
function startKernel(memoryDir?: string) {
  const memory = memoryDir === undefined ? [] : [localEmbeddersPlugin(), memoryPlugin({ dataDir: memoryDir, rest: { enabled: false } })];
  return startAgentKernel(model, [lookup as ToolDefinition], memoryDir === undefined ? [agent] : [agent, recaller], memory);
}

/** The recall's cost per run: the recalling agent against the same agent without memory, on one kernel with MEMORIES memories. */
async function addMemorySide(options: { iterations: number; warmup: number }): Promise<void> {
  const memoryDir = mkdtempSync(join(tmpdir(), 'agents-bench-memory-'));
  const kernel = await startKernel(memoryDir);
  try {
    const topics = ['keys', 'deploys', 'billing', 'standups', 'backups', 'lookups', 'oncall', 'releases'];
    const memories = Array.from({ length: MEMORIES }, (_, i) => ({
      text: `Note ${i} about ${topics[i % topics.length]}: the key k${i % 97} maps to value ${i}.`,
      kind: 'fact',
      tags: [`agent:${recaller.name}`],
    }));
    const service = kernel.get(memoryServiceToken);
    for (let i = 0; i < memories.length; i += 100) await service.storeMany(memories.slice(i, i + 100));
    const agents = kernel.get(agentsServiceToken);
    const runOf = (definition: typeof agent) => async () => {
      const result = await agents.run(definition, { input: 'Look up the key k7.' });
      if (result.status !== 'completed') throw new Error(`unexpected run: ${result.status} ${result.reason}`);
    };
    const runs = await compareAsync(runOf(agent), runOf(recaller), options);
    addComparisonRuns(
      report,
      {
        case: `agents.run with memory recall (${MEMORIES} memories, hybrid, SQLite), per run`,
        unit: 'µs',
        baseline: 'the same agent without memory',
      },
      runs.map((run) => ({ ours: run.ours.map((ns) => ns / 1_000), baseline: run.baseline.map((ns) => ns / 1_000) })),
      [50, 99],
    );
  } finally {
    await kernel.stop();
    rmSync(memoryDir, { recursive: true, force: true });
  }
}

/** Per-step figures of one side against the plain loop, and its overhead per step. */
function addSide(name: string, baseline: string, runs: Awaited<ReturnType<typeof compareAsync>>): void {
  const perStep = runs.map((run) => ({
    ours: run.ours.map((ns) => ns / STEPS / 1_000),
    baseline: run.baseline.map((ns) => ns / STEPS / 1_000),
  }));
  addComparisonRuns(report, { case: `${name}, per step (${STEPS}-step run)`, unit: 'µs', baseline }, perStep, [50, 99]);
  const overheads = perStep.map((run) => percentile(run.ours, 50) - percentile(run.baseline, 50));
  const middle = [...overheads].sort((a, b) => a - b)[Math.floor(overheads.length / 2)] ?? Number.NaN;
  report.add({ case: `${name}, overhead per step beyond model and tool`, metric: 'p50', unit: 'µs', value: middle });
}

async function main(): Promise<void> {
  const kernel = await startKernel();
  const agents = kernel.get(agentsServiceToken);
  const graph = langGraph();
  const cortex = async () => {
    const result = await agents.run(agent, { input: 'Go.' });
    if (result.status !== 'completed' || result.usage.steps !== STEPS) throw new Error(`unexpected run: ${result.status} ${result.reason}`);
  };
  const langgraph = async () => {
    const state = await graph.invoke({ messages: start() }, { recursionLimit: 4 * STEPS });
    if (state.messages.length !== 2 + 2 * (STEPS - 1) + 1) throw new Error(`unexpected graph run: ${state.messages.length} messages`);
  };
  const options = { iterations: sized(2_000, 20), warmup: sized(300, 5) };
  addSide('Cortex-OS agents.run', 'plain loop (model + tool called directly)', await compareAsync(plainLoop, cortex, options));
  addSide(
    'LangGraph.js StateGraph (no checkpointer)',
    'plain loop (model + tool called directly)',
    await compareAsync(plainLoop, langgraph, options),
  );
  addComparisonRuns(
    report,
    {
      case: `Cortex-OS agents.run vs LangGraph.js, per ${STEPS}-step run`,
      unit: 'µs',
      baseline: 'LangGraph.js StateGraph (no checkpointer)',
    },
    (await compareAsync(langgraph, cortex, options)).map((run) => ({
      ours: run.ours.map((ns) => ns / 1_000),
      baseline: run.baseline.map((ns) => ns / 1_000),
    })),
    [50],
  );
  await kernel.stop();
  await addMemorySide({ iterations: sized(500, 10), warmup: sized(50, 3) });
  report.print([
    `Node ${process.version}, ${process.platform}/${process.arch}; ${STEPS} steps a run (${STEPS - 1} with one tool call, then a final answer).`,
    'Cortex-OS includes the policy router (breaker, timeout, retry), the tool registry (input validation), budgets, step records and events.',
  ]);
}

await main();
