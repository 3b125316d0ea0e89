import type { RouterGenerateResult } from '@cortex-os/kernel/router';
import { type AgentJournalToolCall, type AgentJournalToolResult, type AgentRunJournal, defineAgent } from '@cortex-os/plugin-agents';
import { describe, expect, it } from 'vitest';
import { startAgentKernel } from '../support/agentKernel.js';
import { brokenTool, deleteTool, weatherTool } from '../support/tools.js';

const janitor = defineAgent({
  name: 'janitor',
  description: 'Cleans up.',
  instructions: 'Delete what is asked, check the weather when asked.',
  tools: ['files.delete', 'weather', 'broken'],
});
const script = [
  {
    toolCalls: [
      { id: 'd1', name: 'files.delete', arguments: { path: '/tmp/a' } },
      { id: 'w1', name: 'weather', arguments: { city: 'Oslo' } },
      { id: 'b1', name: 'broken', arguments: {} },
    ],
  },
  { text: 'Done.' },
];

/** A journal that records every call in memory and replays what it holds. */
function memoryJournal(): AgentRunJournal & {
  models: Map<number, RouterGenerateResult>;
  tools: Map<string, AgentJournalToolResult>;
  seen: AgentJournalToolCall[];
} {
  const models = new Map<number, RouterGenerateResult>();
  const tools = new Map<string, AgentJournalToolResult>();
  const seen: AgentJournalToolCall[] = [];
  return {
    models,
    tools,
    seen,
    async model(call, generate) {
      const recorded = models.get(call.step);
      if (recorded !== undefined) return recorded;
      const reply = await generate();
      models.set(call.step, JSON.parse(JSON.stringify(reply)) as RouterGenerateResult);
      return reply;
    },
    async tool(call, execute) {
      seen.push(call);
      const key = `${call.step}/${call.callId}`;
      const recorded = tools.get(key);
      if (recorded !== undefined) return recorded;
      const result = await execute();
      tools.set(key, result);
      return result;
    },
  };
}

/** The janitor's runtime, with the paths its delete tool deleted and a fresh memory journal; `await using` stops it. */
async function startJanitor() {
  const deleted: string[] = [];
  const runtime = await startAgentKernel({ agents: [janitor], tools: [deleteTool(deleted), weatherTool, brokenTool], model: { script } });
  return Object.assign(runtime, { deleted, journal: memoryJournal() });
}

describe('AgentRunJournal, the seam for durable runs', () => {
  it('passes every model call and approved tool call through the journal, with the tool annotations', async () => {
    await using runtime = await startJanitor();
    const { deleted, journal } = runtime;
    const result = await runtime.agents.run('janitor', { input: 'Delete /tmp/a.', approve: () => true, journal });
    expect(result.status).toBe('completed');
    expect([...journal.models.keys()]).toEqual([0, 1]);
    // The calls of one reply run concurrently (the approved one starts after its approval).
    const seen = journal.seen.map((call) => [call.step, call.callId, call.tool, call.annotations?.readOnlyHint]);
    expect(seen.sort((a, b) => String(a[1]).localeCompare(String(b[1])))).toEqual([
      [0, 'b1', 'broken', true],
      [0, 'd1', 'files.delete', undefined],
      [0, 'w1', 'weather', true],
    ]);
    expect(journal.tools.get('0/b1')).toMatchObject({ outcome: 'failed', error: { code: 'TOOL_EXECUTION_FAILED' } });
    expect(deleted).toEqual(['/tmp/a']);
  });

  it('replays recorded calls: a second run with the same journal calls neither the model nor the tools', async () => {
    await using runtime = await startJanitor();
    const { deleted, journal } = runtime;
    const first = await runtime.agents.run('janitor', { input: 'Delete /tmp/a.', approve: () => true, journal });
    const second = await runtime.agents.run('janitor', { input: 'Delete /tmp/a.', approve: () => true, journal });
    expect(runtime.model.requests).toHaveLength(2);
    expect(deleted).toEqual(['/tmp/a']);
    expect(second.output).toBe(first.output);
    expect(second.steps.map((step) => step.toolCalls)).toEqual(first.steps.map((step) => step.toolCalls));
  });

  it('ends the run cancelled when the journal aborts the signal and throws, and a throwing tool journal fails only that call', async () => {
    await using runtime = await startJanitor();
    const controller = new AbortController();
    const journal: AgentRunJournal = {
      model: (call, generate) => {
        if (call.step === 0) return generate();
        controller.abort(new Error('waiting for a person'));
        return Promise.reject(new Error('suspended'));
      },
      tool: (call, execute) => (call.tool === 'weather' ? Promise.reject(new Error('journal down')) : execute()),
    };
    const result = await runtime.agents.run('janitor', { input: 'Go.', approve: () => true, journal, signal: controller.signal });
    expect(result).toMatchObject({ status: 'cancelled', reason: 'cancelled' });
    expect(result.steps[0]?.toolCalls.map((call) => [call.tool, call.outcome])).toEqual([
      ['files.delete', 'succeeded'],
      ['weather', 'failed'],
      ['broken', 'failed'],
    ]);
  });

  it('rejects a journal without model and tool functions, or with a toolInput that is not one', async () => {
    await using runtime = await startJanitor();
    await expect(runtime.agents.run('janitor', { input: 'Go.', journal: {} as AgentRunJournal })).rejects.toMatchObject({
      code: 'AGENT_RUN_OPTIONS_INVALID',
    });
    const journal = { ...memoryJournal(), toolInput: 'city=Bergen' } as unknown as AgentRunJournal;
    await expect(runtime.agents.run('janitor', { input: 'Go.', journal })).rejects.toMatchObject({
      code: 'AGENT_RUN_OPTIONS_INVALID',
      message: expect.stringContaining('journal.toolInput'),
    });
  });

  it('runs a tool call with the input the journal substitutes: parsed, approved and run with it, the model told of it, the model’s kept', async () => {
    await using runtime = await startJanitor();
    const { deleted } = runtime;
    const approvals: unknown[] = [];
    const journal: AgentRunJournal = {
      ...memoryJournal(),
      toolInput: (call) => (call.callId === 'd1' ? JSON.stringify({ path: '/tmp/b' }) : call.callId === 'b1' ? '{"oops":' : undefined),
    };
    const result = await runtime.agents.run('janitor', {
      input: 'Delete /tmp/a.',
      journal,
      approve: (request) => {
        approvals.push(request.input);
        return true;
      },
    });
    expect(result.status).toBe('completed');
    // The substituted input is what the approver saw and what the tool got.
    expect(approvals).toEqual([{ path: '/tmp/b' }]);
    expect(deleted).toEqual(['/tmp/b']);
    const [first] = result.steps;
    expect(first?.toolCalls.map((call) => [call.callId, call.arguments, call.substitutedFrom, call.outcome])).toEqual([
      ['d1', '{"path":"/tmp/b"}', '{"path":"/tmp/a"}', 'succeeded'],
      ['w1', '{"city":"Oslo"}', undefined, 'succeeded'],
      // A substituted input is checked like the model's: broken JSON never reaches the tool.
      ['b1', '{"oops":', '{}', 'invalid'],
    ]);
    // The step's reply is the model's; the conversation carries the call that ran.
    expect(first?.reply.toolCalls[0]?.arguments).toBe('{"path":"/tmp/a"}');
    expect(first?.appended[0]).toMatchObject({ role: 'assistant', toolCalls: [{ id: 'd1', arguments: '{"path":"/tmp/b"}' }, {}, {}] });
    expect(JSON.stringify(runtime.model.requests[1]?.messages)).toContain('/tmp/b');
  });
});
