import { defineTool } from '@cortex-os/kernel';
import { deferred } from '@cortex-os/kernel/testing';
import { type AgentApprovalRequest, defineAgent } from '@cortex-os/plugin-agents';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startAgentKernel } from '../support/agentKernel.js';
import { deleteTool, weatherTool } from '../support/tools.js';

const janitor = defineAgent({
  name: 'janitor',
  description: 'Cleans up.',
  instructions: 'Delete what is asked, check the weather when asked.',
  tools: ['files.delete', 'weather'],
});
const script = [
  {
    toolCalls: [
      { id: 'd1', name: 'files.delete', arguments: { path: '/tmp/a' } },
      { id: 'w1', name: 'weather', arguments: { city: 'Oslo' } },
    ],
  },
  { text: 'Done.' },
];

describe('ToolTurn approval', () => {
  it('asks the approver for a destructive tool, runs it when granted, and never asks for a read-only tool', async () => {
    const deleted: string[] = [];
    await using runtime = await startAgentKernel({ agents: [janitor], tools: [deleteTool(deleted), weatherTool], model: { script } });
    const asked: AgentApprovalRequest[] = [];
    const result = await runtime.agents.run('janitor', {
      input: 'Delete /tmp/a.',
      approve: (request) => {
        asked.push(request);
        return true;
      },
    });
    expect(asked).toEqual([
      { agent: 'janitor', tool: 'files.delete', callId: 'd1', input: { path: '/tmp/a' }, runId: result.runId, step: 0 },
    ]);
    expect(deleted).toEqual(['/tmp/a']);
    expect(result.steps[0]?.toolCalls.map((call) => [call.tool, call.outcome, call.approval])).toEqual([
      ['files.delete', 'succeeded', 'granted'],
      ['weather', 'succeeded', 'not-needed'],
    ]);
  });

  it('tells the model a denied call was not approved, and denies when no approver is given', async () => {
    for (const approve of [() => false, undefined, () => Promise.reject(new Error('approver down'))]) {
      const deleted: string[] = [];
      await using runtime = await startAgentKernel({ agents: [janitor], tools: [deleteTool(deleted), weatherTool], model: { script } });
      const result = await runtime.agents.run('janitor', { input: 'Delete /tmp/a.', ...(approve === undefined ? {} : { approve }) });
      expect(deleted).toEqual([]);
      const [denied, weather] = result.steps[0]?.toolCalls ?? [];
      expect(denied).toMatchObject({ outcome: 'denied', approval: 'denied', error: { code: 'AGENT_TOOL_DENIED' } });
      expect(weather?.outcome).toBe('succeeded');
      expect(runtime.model.requests[1]?.messages[3]).toEqual({ role: 'tool', toolCallId: 'd1', content: denied?.content });
      expect(result.status).toBe('completed');
    }
  });

  it('follows a list of names or patterns, or a function, as the approval policy', async () => {
    const byName = defineAgent({ ...janitor, name: 'by-name', approval: ['weath*'], budgets: {} });
    const byFunction = defineAgent({ ...janitor, name: 'by-function', approval: (call) => call.tool === 'files.delete', budgets: {} });
    await using runtime = await startAgentKernel({
      agents: [byName, byFunction],
      tools: [deleteTool(), weatherTool],
      model: { script: [...script, ...script] },
    });
    const asked: string[] = [];
    const approve = (request: AgentApprovalRequest) => {
      asked.push(`${request.agent}:${request.tool}`);
      return true;
    };
    await runtime.agents.run('by-name', { input: 'Go.', approve });
    await runtime.agents.run('by-function', { input: 'Go.', approve });
    // The read-only weather tool never needs approval, even when a list names it.
    expect(asked).toEqual(['by-function:files.delete']);
  });
});

describe('ToolTurn cancellation', () => {
  it('ends the run cancelled when the signal aborts during a tool call, and the started call ends in the trace', async () => {
    const entered = deferred<void>();
    const hang = defineTool({
      name: 'hang',
      description: 'Waits until cancelled.',
      input: z.object({}),
      annotations: { readOnlyHint: true },
      handler: (_input, context) =>
        new Promise((_resolve, reject) => {
          entered.resolve();
          context.signal.addEventListener('abort', () => reject(context.signal.reason), { once: true });
        }),
    });
    const agent = defineAgent({ name: 'waiter', description: 'Waits.', instructions: 'Wait.', tools: ['hang'] });
    await using runtime = await startAgentKernel({
      agents: [agent],
      tools: [hang],
      model: { script: [{ toolCalls: [{ name: 'hang', arguments: {} }] }, { text: 'never' }] },
    });
    const controller = new AbortController();
    const run = runtime.agents.run('waiter', { input: 'Wait.', signal: controller.signal });
    await entered.promise;
    controller.abort();
    const result = await run;
    expect(result).toMatchObject({ status: 'cancelled', reason: 'cancelled' });
    expect(result.steps[0]?.toolCalls[0]).toMatchObject({ outcome: 'cancelled', error: { code: 'TOOL_ABORTED' } });
    expect(result.trace.filter((entry) => entry.type.startsWith('tool.')).map((entry) => entry.type)).toEqual([
      'tool.started',
      'tool.ended',
    ]);
    expect(runtime.model.remaining).toBe(1);
  });

  it('ends the run cancelled when the signal aborts during the model call', async () => {
    const agent = defineAgent({ name: 'thinker', description: 'Thinks.', instructions: 'Think.' });
    const controller = new AbortController();
    await using runtime = await startAgentKernel({
      agents: [agent],
      model: {
        script: [
          () => {
            controller.abort();
            return { text: 'too late' };
          },
        ],
      },
    });
    const result = await runtime.agents.run('thinker', { input: 'Think.', signal: controller.signal });
    expect(result).toMatchObject({ status: 'cancelled', reason: 'cancelled' });
    expect(result.output).toBeUndefined();
  });

  it('ends the run cancelled before any model call when the signal is already aborted', async () => {
    const agent = defineAgent({ name: 'thinker', description: 'Thinks.', instructions: 'Think.' });
    await using runtime = await startAgentKernel({ agents: [agent], model: { script: [{ text: 'unused' }] } });
    const result = await runtime.agents.run('thinker', { input: 'Think.', signal: AbortSignal.abort() });
    expect(result).toMatchObject({ status: 'cancelled', usage: { steps: 0 } });
    expect(runtime.model.requests).toEqual([]);
  });
});
