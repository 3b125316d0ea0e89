import type { ToolProgress } from '@cortex-os/kernel';
import { createEventRecorder } from '@cortex-os/kernel/testing';
import { type AgentApprovalRequest, type AgentRunStartedEventData, agentRunStartedEvent, defineAgent } from '@cortex-os/plugin-agents';
import { describe, expect, it } from 'vitest';
import { startAgentKernel } from '../support/agentKernel.js';
import { deleteTool, weatherTool } from '../support/tools.js';

const helper = defineAgent({
  name: 'helper',
  description: 'Looks up the weather.',
  instructions: 'Use the weather tool.',
  tools: ['weather'],
  asTool: true,
  budgets: { maxSteps: 3 },
});
const lead = defineAgent({
  name: 'lead',
  description: 'Delegates.',
  instructions: 'Ask the helper.',
  tools: ['agent.helper'],
  budgets: { maxTokens: 5_000 },
});

describe('agents as tools', () => {
  it('registers the agent as a tool another agent calls, carving its budget and charging what it used', async () => {
    await using runtime = await startAgentKernel({
      agents: [helper, lead],
      tools: [weatherTool],
      model: {
        script: [
          { toolCalls: [{ id: 'h', name: 'agent.helper', arguments: { input: 'Oslo?' } }], usage: { inputTokens: 400, outputTokens: 100 } },
          { toolCalls: [{ name: 'weather', arguments: { city: 'Oslo' } }], usage: { inputTokens: 300, outputTokens: 50 } },
          { text: 'Sunny in Oslo.', usage: { inputTokens: 350, outputTokens: 20 } },
          { text: 'The helper says: sunny.', usage: { inputTokens: 600, outputTokens: 30 } },
        ],
      },
    });
    using started = createEventRecorder(runtime.kernel.events, agentRunStartedEvent);
    const result = await runtime.agents.run('lead', { input: 'Weather in Oslo?' });
    expect(result).toMatchObject({ status: 'completed', output: 'The helper says: sunny.' });
    expect(result.usage).toMatchObject({ inputTokens: 1000, outputTokens: 130, delegatedTokens: 720, totalTokens: 1850 });
    expect(JSON.parse(result.steps[0]?.toolCalls[0]?.content ?? '')).toEqual({
      status: 'completed',
      reason: 'final-answer',
      output: 'Sunny in Oslo.',
      text: 'Sunny in Oslo.',
      steps: 2,
      totalTokens: 720,
    });
    // The helper ran at depth 1 with at most what the lead had left (5,000 − 500 tokens), less its estimated input.
    expect(started.events.map((event: { data: AgentRunStartedEventData }) => [event.data.agent, event.data.depth])).toEqual([
      ['lead', 0],
      ['helper', 1],
    ]);
    const helperCap = runtime.model.requests[1]?.options.maxTokens ?? Number.POSITIVE_INFINITY;
    expect(helperCap).toBeLessThan(4_500);
    expect(runtime.agents.list().find((agent) => agent.name === 'helper')?.tool).toBe('agent.helper');
  });

  it('refuses to nest deeper than maxDepth, telling the calling model', async () => {
    const recursive = defineAgent({
      name: 'recursive',
      description: 'Calls itself.',
      instructions: 'Recurse.',
      tools: ['agent.recursive'],
      asTool: true,
    });
    const callSelf = { toolCalls: [{ name: 'agent.recursive', arguments: { input: 'again' } }] };
    await using runtime = await startAgentKernel({
      agents: [recursive],
      maxDepth: 1,
      model: { script: [callSelf, callSelf, { text: 'inner gave up' }, { text: 'outer done' }] },
    });
    const result = await runtime.agents.run('recursive', { input: 'Go.' });
    expect(result).toMatchObject({ status: 'completed', output: 'outer done' });
    const inner = JSON.parse(result.steps[0]?.toolCalls[0]?.content ?? '') as { text: string };
    expect(inner.text).toBe('inner gave up');
    expect(runtime.model.requests[2]?.messages.at(-1)?.content).toContain('AGENT_DEPTH_EXCEEDED');
  });

  it('reports a progress notification per step to a direct caller, and passes the calling run approver on', async () => {
    const cleaner = defineAgent({
      name: 'cleaner',
      description: 'Deletes.',
      instructions: 'Delete.',
      tools: ['files.delete'],
      asTool: true,
    });
    const boss = defineAgent({ name: 'boss', description: 'Delegates.', instructions: 'Delegate.', tools: ['agent.cleaner'] });
    const deleted: string[] = [];
    await using runtime = await startAgentKernel({
      agents: [cleaner, boss],
      tools: [deleteTool(deleted)],
      model: {
        script: [
          { toolCalls: [{ name: 'files.delete', arguments: { path: '/tmp/x' } }] },
          { text: 'Deleted.' },
          { toolCalls: [{ name: 'agent.cleaner', arguments: { input: 'Delete /tmp/y.' } }] },
          { toolCalls: [{ name: 'files.delete', arguments: { path: '/tmp/y' } }] },
          { text: 'Deleted.' },
          { text: 'All clean.' },
        ],
      },
    });
    const progress: ToolProgress[] = [];
    const direct = await runtime.kernel.tools.call('agent.cleaner', { input: 'Delete /tmp/x.' }, { onProgress: (p) => progress.push(p) });
    expect(direct.structured).toMatchObject({ status: 'completed', text: 'Deleted.' });
    expect(progress.map((p) => p.progress)).toEqual([1, 2]);
    // A direct caller has no approver: the cleaner's destructive call was denied.
    expect(deleted).toEqual([]);
    const asked: AgentApprovalRequest[] = [];
    const result = await runtime.agents.run('boss', { input: 'Clean up.', approve: (request) => asked.push(request) > 0 });
    expect(result.output).toBe('All clean.');
    expect(asked.map((request) => [request.agent, request.tool])).toEqual([['cleaner', 'files.delete']]);
    expect(deleted).toEqual(['/tmp/y']);
  });
});
