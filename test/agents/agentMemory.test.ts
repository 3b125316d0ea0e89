// Agents with memory, on a real plugin-memory over a real SQLite file (hybrid search with the
// local hashing embedder): a second run — in a new runtime on the same data folder — recalls
// what the first wrote; scopes keep agents and users apart; recalled memories fit a token budget.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKernel, createLogger, definePlugin, type Kernel } from '@cortex-os/kernel';
import { type ChatMessage, modelProviderToken, type RouterGenerateResult, routerPlugin } from '@cortex-os/kernel/router';
import {
  type AgentDefinition,
  type AgentJournalToolCall,
  type AgentJournalToolResult,
  type AgentRunJournal,
  type AgentRunResult,
  type AgentTraceEntry,
  agentExtensionPoints,
  agentsPlugin,
  agentsServiceToken,
  defineAgent,
} from '@cortex-os/plugin-agents';
import { localEmbeddersPlugin } from '@cortex-os/plugin-local-embedders';
import { memoryPlugin, memoryServiceToken } from '@cortex-os/plugin-memory';
import { createScriptedModelProvider, type ScriptedModelProvider, type ScriptedModelStep } from '@cortex-os/provider-kit/testing';
import { afterAll, describe, expect, it } from 'vitest';

const root = mkdtempSync(join(tmpdir(), 'agent-memory-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;
const newDataDir = (): string => join(root, `data-${++folders}`);

const assistant = defineAgent({
  name: 'assistant',
  description: 'Helps one person and remembers what matters.',
  instructions: 'Answer briefly. Remember lasting preferences with memory.remember.',
  memory: { writeBack: ['remember', 'answer'] },
});
const stranger = defineAgent({
  name: 'stranger',
  description: 'Another agent, with its own memories.',
  instructions: 'Answer briefly.',
  memory: {},
});
const concierge = defineAgent({
  name: 'concierge',
  description: 'Remembers per user.',
  instructions: 'Answer briefly.',
  memory: { scope: ['agent', 'user'] },
});
const archivist = defineAgent({
  name: 'archivist',
  description: 'Recalls within a small budget.',
  instructions: 'Answer from the memories.',
  memory: { topK: 10, maxTokens: 60, writeBack: [] },
});

interface MemoryRuntime extends AsyncDisposable {
  readonly kernel: Kernel;
  readonly model: ScriptedModelProvider;
  run(agent: string, input: string, userId?: string, journal?: AgentRunJournal): Promise<AgentRunResult>;
}

/** A runtime with the router, the local embedders, a scripted model, plugin-memory on `dataDir` and the agents. */
async function startRuntime(
  dataDir: string,
  script: readonly ScriptedModelStep[],
  agents: readonly AgentDefinition[],
): Promise<MemoryRuntime> {
  const model = createScriptedModelProvider({ script });
  const kernel = createKernel({
    logger: createLogger({ level: 'silent' }),
    plugins: [
      routerPlugin(),
      localEmbeddersPlugin(),
      definePlugin({ name: 'models', version: '1.0.0', provides: { models: modelProviderToken }, start: () => ({ models: model }) })(),
      memoryPlugin({ dataDir, store: { kind: 'sqlite', vectorIndex: 'exact', synchronous: 'normal' } }),
      agentsPlugin(),
      definePlugin({
        name: 'crew',
        version: '1.0.0',
        contributes: { agents: agentExtensionPoints.agents },
        start: () => ({ agents: [...agents] }),
      })(),
    ],
  });
  await kernel.start();
  return {
    kernel,
    model,
    run: (agent, input, userId, journal) =>
      kernel
        .get(agentsServiceToken)
        .run(agent, { input, ...(userId === undefined ? {} : { userId }), ...(journal === undefined ? {} : { journal }) }),
    [Symbol.asyncDispose]: async () => {
      await kernel.stop();
    },
  };
}

type Entry<T extends AgentTraceEntry['type']> = Extract<AgentTraceEntry, { type: T }>;
const entries = <T extends AgentTraceEntry['type']>(result: AgentRunResult, type: T): Entry<T>[] =>
  result.trace.filter((entry): entry is Entry<T> => entry.type === type);
/** The system message of recalled memories in a request, if any. */
const recalledIn = (messages: readonly ChatMessage[]): string | undefined =>
  messages.find((message) => message.role === 'system' && message.content.startsWith('Memories recalled'))?.content;

describe('agent memory with plugin-memory on SQLite', () => {
  it('recalls in run 2 (a new runtime on the same file) what run 1 remembered, and cites it in the trace', async () => {
    const dataDir = newDataDir();
    let rememberedId: string | undefined;
    {
      await using first = await startRuntime(
        dataDir,
        [
          { toolCalls: [{ name: 'memory.remember', arguments: { text: 'Ann drinks green tea, never coffee.', kind: 'preference' } }] },
          { text: 'Noted.' },
        ],
        [assistant],
      );
      const run1 = await first.run('assistant', 'Please remember: I drink green tea, never coffee.');
      expect(run1).toMatchObject({ status: 'completed', output: 'Noted.' });
      expect(run1.steps[0]?.toolCalls[0]).toMatchObject({ tool: 'memory.remember', outcome: 'succeeded' });
      const written = entries(run1, 'memory.written');
      expect(written.map((entry) => entry.source)).toEqual(['remember', 'answer']);
      rememberedId = written[0]?.id;
      expect(rememberedId).toMatch(/^[0-9a-f-]{36}$/);
      const stored = await first.kernel.get(memoryServiceToken).get(rememberedId ?? '');
      expect(stored).toMatchObject({ text: 'Ann drinks green tea, never coffee.', kind: 'preference', tags: ['agent:assistant'] });
      expect(stored?.metadata).toMatchObject({ agent: 'assistant', runId: run1.runId });
      // Nothing was in memory for run 1 to recall.
      expect(entries(run1, 'memory.recalled')).toMatchObject([{ memories: [], dropped: 0 }]);
      expect(recalledIn(first.model.requests[0]?.messages ?? [])).toBeUndefined();
      expect(first.model.requests[0]?.options.tools?.map((tool) => tool.name)).toEqual(['memory.remember']);
    }
    await using second = await startRuntime(dataDir, [{ text: 'Green tea, as always.' }], [assistant]);
    expect(second.kernel.get(agentsServiceToken).list()).toMatchObject([
      { name: 'assistant', memory: { scope: ['agent'], namespace: 'assistant', writeBack: ['remember', 'answer'] } },
    ]);
    const run2 = await second.run('assistant', 'Should I order green tea or coffee?');
    expect(run2.status).toBe('completed');
    const [recalled] = entries(run2, 'memory.recalled');
    expect(recalled?.mode).toBe('hybrid');
    expect(recalled?.memories.map((memory) => memory.id)).toContain(rememberedId);
    const messages = second.model.requests[0]?.messages ?? [];
    expect(messages[0]).toMatchObject({ role: 'system', content: assistant.instructions });
    expect(recalledIn(messages)).toContain(`[${rememberedId}] (preference) Ann drinks green tea, never coffee.`);
    expect(messages.at(-1)).toMatchObject({ role: 'user', content: 'Should I order green tea or coffee?' });
  });

  it("never recalls another agent's memories, nor another user's", async () => {
    await using runtime = await startRuntime(
      newDataDir(),
      [
        { toolCalls: [{ name: 'memory.remember', arguments: { text: 'The launch code word is heliotrope.' } }] },
        { text: 'Kept.' },
        { text: 'I do not know.' },
        { toolCalls: [{ name: 'memory.remember', arguments: { text: 'Ann parks on level heliotrope.' } }] },
        { text: 'Kept for Ann.' },
        { text: 'Not for Bob.' },
        { text: 'Level heliotrope.' },
      ],
      [assistant, stranger, concierge],
    );
    await runtime.run('assistant', 'Remember the launch code word heliotrope.');
    const other = await runtime.run('stranger', 'What is the launch code word, heliotrope?');
    expect(entries(other, 'memory.recalled')).toMatchObject([{ memories: [], dropped: 0 }]);
    expect(recalledIn(runtime.model.requests[2]?.messages ?? [])).toBeUndefined();

    await runtime.run('concierge', 'Remember where I park: heliotrope.', 'ann');
    await expect(runtime.run('concierge', 'Where do I park?')).rejects.toMatchObject({
      code: 'AGENT_RUN_OPTIONS_INVALID',
      details: { problems: ['userId is required: the agent recalls memories per user'] },
    });
    const bob = await runtime.run('concierge', 'Where do I park, heliotrope?', 'bob');
    expect(entries(bob, 'memory.recalled')[0]?.memories).toEqual([]);
    const ann = await runtime.run('concierge', 'Where do I park, heliotrope?', 'ann');
    expect(entries(ann, 'memory.recalled')[0]?.memories).toHaveLength(1);
    expect(recalledIn(runtime.model.requests[6]?.messages ?? [])).toContain('Ann parks on level heliotrope.');
    // The launch code is the assistant's: not even the concierge of the same user recalls it.
    expect(recalledIn(runtime.model.requests[6]?.messages ?? [])).not.toContain('launch code');
  });

  it('fits recalled memories into memory.maxTokens, most relevant first, and says how many were left out', async () => {
    await using runtime = await startRuntime(newDataDir(), [{ text: 'Saturn.' }], [archivist]);
    const memory = runtime.kernel.get(memoryServiceToken);
    const texts = [
      'Saturn has rings of ice.',
      `Saturn's largest moon is Titan, ${'with a thick nitrogen atmosphere and lakes of methane, '.repeat(3)}bigger than Mercury.`,
      'Saturn would float in water.',
      'Saturn takes 29 years to orbit the Sun.',
      'Saturn has 146 known moons.',
    ];
    await memory.storeMany(texts.map((text) => ({ text, kind: 'fact', tags: ['agent:archivist'] })));
    const result = await runtime.run('archivist', 'Tell me about Saturn.');
    const [recalled] = entries(result, 'memory.recalled');
    expect(recalled?.dropped).toBeGreaterThan(0);
    expect((recalled?.memories.length ?? 0) + (recalled?.dropped ?? 0)).toBe(texts.length);
    expect(recalled?.tokens).toBeLessThanOrEqual(60);
    const scores = recalled?.memories.map((entry) => entry.score) ?? [];
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const message = recalledIn(runtime.model.requests[0]?.messages ?? []) ?? '';
    expect(message).not.toContain('Titan');
    for (const { id } of recalled?.memories ?? []) expect(message).toContain(`[${id}]`);
  });

  it('journals recall and write-back: a replayed attempt recalls what the first recalled and stores nothing twice', async () => {
    await using runtime = await startRuntime(
      newDataDir(),
      [{ toolCalls: [{ id: 'r1', name: 'memory.remember', arguments: { text: 'The office wifi is called Larch.' } }] }, { text: 'Noted.' }],
      [assistant],
    );
    const models = new Map<number, RouterGenerateResult>();
    const tools = new Map<string, AgentJournalToolResult>();
    const seen: AgentJournalToolCall[] = [];
    const journal: AgentRunJournal = {
      async model(call, generate) {
        const reply = models.get(call.step) ?? (await generate());
        models.set(call.step, reply);
        return reply;
      },
      async tool(call, execute) {
        seen.push(call);
        const key = `${call.step}/${call.callId}`;
        const result = tools.get(key) ?? (await execute());
        tools.set(key, result);
        return result;
      },
    };
    const first = await runtime.run('assistant', 'The wifi is Larch; remember it.', undefined, journal);
    const replay = await runtime.run('assistant', 'The wifi is Larch; remember it.', undefined, journal);
    expect(seen.map((call) => [call.step, call.callId, call.tool])).toEqual([
      [0, 'cortex.memory.recall', 'memory.search'],
      [0, 'r1', 'memory.remember'],
      [1, 'cortex.memory.answer', 'memory.store'],
      [0, 'cortex.memory.recall', 'memory.search'],
      [0, 'r1', 'memory.remember'],
      [1, 'cortex.memory.answer', 'memory.store'],
    ]);
    // The replay recalled what the first attempt recalled (nothing), though two memories exist now.
    expect(entries(replay, 'memory.recalled')).toEqual(
      entries(first, 'memory.recalled').map((entry) => ({ ...entry, at: expect.any(Number) })),
    );
    expect(replay.steps.map((step) => step.appended)).toEqual(first.steps.map((step) => step.appended));
    expect((await runtime.kernel.get(memoryServiceToken).list({})).items).toHaveLength(2);
    expect(runtime.model.requests).toHaveLength(2);
  });

  it('returns a bad memory.remember call to the model and stores nothing', async () => {
    await using runtime = await startRuntime(
      newDataDir(),
      [{ toolCalls: [{ name: 'memory.remember', arguments: { text: 'x', kind: 'Not A Kind' } }] }, { text: 'Sorry.' }],
      [defineAgent({ ...assistant, name: 'careful', memory: { writeBack: ['remember'] } })],
    );
    const result = await runtime.run('careful', 'Remember x.');
    expect(result.steps[0]?.toolCalls[0]).toMatchObject({
      tool: 'memory.remember',
      outcome: 'invalid',
      error: { code: 'PROVIDER_TOOL_CALL_INVALID' },
    });
    expect(entries(result, 'memory.written')).toEqual([]);
    expect((await runtime.kernel.get(memoryServiceToken).list({})).items).toEqual([]);
  });

  it('keeps threads apart in the thread scope, and searches a very long input by its beginning', async () => {
    const threaded = defineAgent({ name: 'threaded', description: 'Per thread.', instructions: 'Go.', memory: { scope: ['thread'] } });
    await using runtime = await startRuntime(
      newDataDir(),
      [
        { toolCalls: [{ name: 'memory.remember', arguments: { text: 'In this thread we call the project Juniper.' } }] },
        { text: 'Kept.' },
        { text: 'No idea.' },
        { text: 'Juniper.' },
      ],
      [threaded],
    );
    const agents = runtime.kernel.get(agentsServiceToken);
    await agents.run('threaded', { input: 'Call the project Juniper.', threadId: 'one' });
    const other = await agents.run('threaded', { input: 'What is the project Juniper called?', threadId: 'two' });
    expect(entries(other, 'memory.recalled')[0]?.memories).toEqual([]);
    // 12,000 characters: more than memory.search takes; the recall still runs, on the input's beginning.
    const long = `What is the project Juniper called? ${'context '.repeat(1500)}`;
    const same = await agents.run('threaded', { input: long, threadId: 'one' });
    expect(entries(same, 'memory.recalled')[0]).toMatchObject({ memories: [expect.objectContaining({ score: expect.any(Number) })] });
    expect(recalledIn(runtime.model.requests[3]?.messages ?? [])).toContain('In this thread we call the project Juniper.');
  });

  it('goes on without memory when a memory call fails, telling the model only what a remote caller would see', async () => {
    await using runtime = await startRuntime(
      newDataDir(),
      [{ toolCalls: [{ name: 'memory.remember', arguments: { text: 'Secret plan.' } }] }, { text: 'Could not keep it.' }],
      [assistant],
    );
    // A real interceptor around every registry call, as a maintenance policy would install.
    runtime.kernel.tools.intercept({
      name: 'memory-maintenance',
      intercept: (call, next) => {
        if (call.tool.name.startsWith('memory.')) throw new Error('memory is in maintenance at /srv/private/memory.db');
        return next();
      },
    });
    const result = await runtime.run('assistant', 'Keep my secret plan.');
    expect(result).toMatchObject({ status: 'completed', output: 'Could not keep it.' });
    const [recalled] = entries(result, 'memory.recalled');
    expect(recalled).toMatchObject({ memories: [], dropped: 0, tokens: 0, error: expect.stringMatching(/^[A-Z_]+$/) });
    expect(entries(result, 'memory.written').map((entry) => [entry.source, entry.id, typeof entry.error])).toEqual([
      ['remember', undefined, 'string'],
      ['answer', undefined, 'string'],
    ]);
    const told = result.steps[0]?.toolCalls[0];
    expect(told?.outcome).toBe('failed');
    expect(told?.content).not.toContain('/srv/private');
    expect(recalledIn(runtime.model.requests[0]?.messages ?? [])).toBeUndefined();
  });

  it('asks for topK memories and leaves out those below minScore', async () => {
    const picky = defineAgent({ name: 'picky', description: 'Picky.', instructions: 'Go.', memory: { topK: 2, writeBack: [] } });
    const strict = defineAgent({
      name: 'strict',
      description: 'Strict.',
      instructions: 'Go.',
      memory: { namespace: 'picky', minScore: 2, writeBack: [] },
    });
    await using runtime = await startRuntime(newDataDir(), [{ text: 'Two.' }, { text: 'None.' }], [picky, strict]);
    const texts = ['Mars is red.', 'Mars has two moons.', 'Mars has the tallest volcano.', 'Mars has dust storms.'];
    await runtime.kernel.get(memoryServiceToken).storeMany(texts.map((text) => ({ text, tags: ['agent:picky'] })));
    const two = await runtime.run('picky', 'Tell me about Mars.');
    expect(entries(two, 'memory.recalled')[0]).toMatchObject({ memories: [expect.anything(), expect.anything()], dropped: 0 });
    // The same memories (shared namespace), but no hybrid score reaches 2.
    const none = await runtime.run('strict', 'Tell me about Mars.');
    expect(entries(none, 'memory.recalled')[0]).toMatchObject({ memories: [], dropped: 0 });
  });
});
