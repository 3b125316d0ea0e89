import { createEventRecorder } from '@cortex-os/kernel/testing';
import {
  type AgentDelegationView,
  AgentError,
  type AgentJournalToolCall,
  type AgentJournalToolResult,
  type AgentRunJournal,
  currentDelegation,
  defineAgent,
  type ExternalAgent,
  type ExternalAgentReply,
  type ExternalAgentRequest,
} from '@cortex-os/plugin-agents';
import { describe, expect, it } from 'vitest';
import { createAgentKernel, startAgentKernel } from '../support/agentKernel.js';

/** An external agent that records each request and what `currentDelegation()` said during it. */
function recordingAgent(name: string, reply: ExternalAgentReply | Error) {
  const requests: { request: ExternalAgentRequest; seen: AgentDelegationView | undefined }[] = [];
  const agent: ExternalAgent = {
    name,
    description: `The remote ${name}.`,
    run: async (request) => {
      requests.push({ request, seen: currentDelegation() });
      if (reply instanceof Error) throw reply;
      return reply;
    },
  };
  return { agent, requests };
}

const lead = defineAgent({
  name: 'lead',
  description: 'Delegates.',
  instructions: 'Ask the remote.',
  tools: ['agent.remote'],
  budgets: { maxTokens: 5_000 },
});

describe('external agents', () => {
  it('are listed and run by name at depth 0, with no caller', async () => {
    const remote = recordingAgent('remote', { status: 'completed', text: 'Sunny.', totalTokens: 42, cost: 0.5 });
    await using runtime = await startAgentKernel({ agents: [], externalAgents: [remote.agent], model: { script: [] } });
    expect(runtime.agents.list()).toEqual([
      { name: 'remote', description: 'The remote remote.', plugin: 'crew', tools: [], structuredOutput: false, tool: 'agent.remote' },
    ]);
    const result = await runtime.agents.run('remote', { input: 'Weather?', runId: 'run-1', budgets: { maxSteps: 2 } });
    expect(result).toMatchObject({
      runId: 'run-1',
      agent: 'remote',
      status: 'completed',
      reason: 'final-answer',
      text: 'Sunny.',
      steps: [],
    });
    expect(result.output).toBeUndefined();
    expect(result.usage).toMatchObject({ steps: 0, delegatedTokens: 42, totalTokens: 42, cost: 0.5 });
    expect(result.budgets.maxSteps).toBe(2);
    expect(remote.requests).toHaveLength(1);
    expect(remote.requests[0]?.request).toMatchObject({ input: 'Weather?', runId: 'run-1', depth: 0, budgets: { maxSteps: 2 } });
    expect(remote.requests[0]?.request.delegation).toBeUndefined();
    expect(currentDelegation()).toBeUndefined();
  });

  it('run as agent.<name> for a local agent, seeing its delegation read-only and charging what they report', async () => {
    const remote = recordingAgent('remote', { status: 'completed', text: 'Rain.', output: { sky: 'rain' }, totalTokens: 300 });
    await using runtime = await startAgentKernel({
      agents: [lead],
      externalAgents: [remote.agent],
      model: {
        script: [
          { toolCalls: [{ id: 'r', name: 'agent.remote', arguments: { input: 'Oslo?' } }], usage: { inputTokens: 400, outputTokens: 100 } },
          { text: 'The remote says rain.', usage: { inputTokens: 600, outputTokens: 30 } },
        ],
      },
    });
    const result = await runtime.agents.run('lead', { input: 'Weather in Oslo?', runId: 'lead-1', principal: 'ada' });
    expect(result).toMatchObject({ status: 'completed', output: 'The remote says rain.' });
    expect(result.usage).toMatchObject({ inputTokens: 1000, outputTokens: 130, delegatedTokens: 300, totalTokens: 1430 });
    expect(JSON.parse(result.steps[0]?.toolCalls[0]?.content ?? '')).toEqual({
      status: 'completed',
      reason: 'final-answer',
      output: { sky: 'rain' },
      text: 'Rain.',
      steps: 0,
      totalTokens: 300,
    });
    const [{ request, seen } = { request: undefined, seen: undefined }] = remote.requests;
    // The remote acts for whom the lead acts for.
    expect(request).toMatchObject({ input: 'Oslo?', depth: 1, principal: 'ada' });
    expect(request?.delegation).toMatchObject({ depth: 0, runId: 'lead-1', localOnly: false, principal: 'ada' });
    // The lead had 5,000 tokens and had used 500: the remote was lent at most what was left.
    expect(request?.delegation?.budgets.maxTokens).toBeLessThanOrEqual(4_500);
    expect(request?.budgets).toEqual(request?.delegation?.budgets);
    expect(seen).toEqual(request?.delegation);
    expect(Object.isFrozen(seen)).toBe(true);
    expect(Object.isFrozen(seen?.budgets)).toBe(true);
  });

  it('refuse to run deeper than maxDepth and fail the calling tool call when they throw', async () => {
    const remote = recordingAgent('remote', new Error('remote down'));
    const nested = defineAgent({ name: 'nested', description: 'Nests.', instructions: 'Call lead.', tools: ['agent.lead'], asTool: true });
    const leadAsTool = defineAgent({ ...lead, asTool: true });
    const callLead = { toolCalls: [{ name: 'agent.lead', arguments: { input: 'go' } }] };
    const callRemote = { toolCalls: [{ name: 'agent.remote', arguments: { input: 'go' } }] };
    await using runtime = await startAgentKernel({
      agents: [nested, leadAsTool],
      externalAgents: [remote.agent],
      maxDepth: 1,
      model: { script: [callLead, callRemote, { text: 'lead gave up' }, { text: 'done' }] },
    });
    const result = await runtime.agents.run('nested', { input: 'Go.' });
    expect(result.status).toBe('completed');
    expect(remote.requests).toHaveLength(0);
    expect(runtime.model.requests[2]?.messages.at(-1)?.content).toContain('AGENT_DEPTH_EXCEEDED');
    await expect(runtime.agents.run('remote', { input: 'x' })).rejects.toThrow('remote down');
    expect(remote.requests).toHaveLength(1);
  });

  it('check run options as local runs do and words replies without a reason', async () => {
    const cancelled = recordingAgent('gone', { status: 'cancelled', text: '' });
    const failed = recordingAgent('broken', { status: 'failed', text: 'no' });
    await using runtime = await startAgentKernel({ agents: [], externalAgents: [cancelled.agent, failed.agent], model: { script: [] } });
    await expect(runtime.agents.run('gone', { input: ' ' })).rejects.toMatchObject({ code: 'AGENT_RUN_OPTIONS_INVALID' });
    expect(cancelled.requests).toHaveLength(0);
    expect((await runtime.agents.run('gone', { input: 'x' })).reason).toBe('cancelled');
    expect((await runtime.agents.run('broken', { input: 'x' })).reason).toBe('model-failed');
    await expect(runtime.agents.run('gon', { input: 'x' })).rejects.toThrow(/Did you mean "gone"/);
  });

  it('fail the start when a name is taken by a local agent or the contribution is malformed', async () => {
    const clash = recordingAgent('lead', { status: 'completed', text: '' });
    const malformed = { name: 'bad name', description: '', run: 'no' } as unknown as ExternalAgent;
    const { kernel } = createAgentKernel({ agents: [lead], externalAgents: [clash.agent, malformed], model: { script: [] } });
    const failure = await kernel.start().then(
      () => undefined,
      (error: unknown) => error,
    );
    await kernel.stop();
    expect(failure).toBeDefined();
    const text = String((failure as Error).message) + JSON.stringify((failure as { details?: unknown }).details ?? {});
    expect(text).toContain('AGENT_DUPLICATE');
    expect(text).toContain('name must be 1–64 letters');
    expect(text).toContain('run must be a function');
  });

  it('publish agent.run.* events as local runs do: started, then completed, failed or cancelled', async () => {
    const sunny = recordingAgent('remote', { status: 'completed', text: 'Sunny.', totalTokens: 42, cost: 0.5 });
    const broke = recordingAgent('broke', { status: 'failed', reason: 'model-failed', text: '' });
    const thrower = recordingAgent('thrower', new AgentError('AGENT_MODEL_FAILED', 'the remote is down'));
    await using runtime = await startAgentKernel({
      agents: [],
      externalAgents: [sunny.agent, broke.agent, thrower.agent],
      model: { script: [] },
    });
    using events = createEventRecorder(runtime.kernel.events, 'agent.run.*');
    await runtime.agents.run('remote', { input: 'Weather?', runId: 'r1' });
    await runtime.agents.run('broke', { input: 'Weather?', runId: 'r2' });
    await expect(runtime.agents.run('thrower', { input: 'Weather?', runId: 'r3' })).rejects.toMatchObject({ code: 'AGENT_MODEL_FAILED' });
    expect(events.events.map((event) => [event.type, event.data])).toEqual([
      ['agent.run.started', { runId: 'r1', agent: 'remote', plugin: 'crew', depth: 0 }],
      [
        'agent.run.completed',
        { runId: 'r1', agent: 'remote', status: 'completed', reason: 'final-answer', steps: 0, totalTokens: 42, cost: 0.5 },
      ],
      ['agent.run.started', { runId: 'r2', agent: 'broke', plugin: 'crew', depth: 0 }],
      ['agent.run.failed', { runId: 'r2', agent: 'broke', status: 'failed', reason: 'model-failed', steps: 0, totalTokens: 0, cost: 0 }],
      ['agent.run.started', { runId: 'r3', agent: 'thrower', plugin: 'crew', depth: 0 }],
      [
        'agent.run.failed',
        {
          runId: 'r3',
          agent: 'thrower',
          status: 'failed',
          reason: 'model-failed',
          steps: 0,
          totalTokens: 0,
          cost: 0,
          code: 'AGENT_MODEL_FAILED',
        },
      ],
    ]);
  });

  it("send the remote call through the run's journal: recorded once, replayed without calling the remote again", async () => {
    // A test double of a remote agent (an A2A agent, say): it answers in-process and counts its calls.
    const remoteDouble = recordingAgent('remote', { status: 'completed', text: 'Rain.', output: { sky: 'rain' }, totalTokens: 7 });
    await using runtime = await startAgentKernel({ agents: [], externalAgents: [remoteDouble.agent], model: { script: [] } });
    const recorded = new Map<string, AgentJournalToolResult>();
    const calls: AgentJournalToolCall[] = [];
    const journal: AgentRunJournal = {
      model: () => Promise.reject(new Error('an external run asks no model')),
      async tool(call, execute) {
        calls.push(call);
        const key = `${call.step}/${call.callId}`;
        const hit = recorded.get(key) ?? (await execute());
        recorded.set(key, JSON.parse(JSON.stringify(hit)) as AgentJournalToolResult);
        return hit;
      },
    };
    const first = await runtime.agents.run('remote', { input: 'Oslo?', runId: 't1', journal });
    const replay = await runtime.agents.run('remote', { input: 'Oslo?', runId: 't1', journal });
    expect(remoteDouble.requests).toHaveLength(1);
    expect(replay).toEqual({ ...first, usage: { ...first.usage, wallMs: replay.usage.wallMs } });
    expect(replay).toMatchObject({ status: 'completed', output: { sky: 'rain' }, text: 'Rain.' });
    expect(calls[0]).toEqual({
      step: 0,
      callId: 'cortex.external.run',
      tool: 'agent.remote',
      arguments: '{"input":"Oslo?"}',
      annotations: { openWorldHint: true },
    });

    // What the journal answers instead of a reply (a call in doubt, a corrupt record) ends the run failed, with its code.
    const doubtful: AgentRunJournal = {
      model: journal.model,
      tool: async () => ({ outcome: 'failed', content: 'waits', error: { code: 'TASK_CALL_IN_DOUBT', message: 'waits for a person' } }),
    };
    expect(await runtime.agents.run('remote', { input: 'Oslo?', journal: doubtful })).toMatchObject({
      status: 'failed',
      reason: 'model-failed',
      error: { code: 'TASK_CALL_IN_DOUBT' },
    });
    const corrupt: AgentRunJournal = { model: journal.model, tool: async () => ({ outcome: 'succeeded', content: '{"status":"maybe"}' }) };
    expect(await runtime.agents.run('remote', { input: 'Oslo?', journal: corrupt })).toMatchObject({
      status: 'failed',
      error: { code: 'AGENT_TOOL_FAILED' },
    });
    expect(remoteDouble.requests).toHaveLength(1);
  });
});
