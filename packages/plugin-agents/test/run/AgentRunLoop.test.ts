import { defineTool } from '@cortex-os/kernel';
import { createEventRecorder, deferred } from '@cortex-os/kernel/testing';
import { defineAgent } from '@cortex-os/plugin-agents';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startAgentKernel } from '../support/agentKernel.js';
import { brokenTool, weatherTool } from '../support/tools.js';

const forecaster = defineAgent({
  name: 'forecaster',
  description: 'Tells the weather.',
  instructions: 'Use the weather tool, then answer in one sentence.',
  tools: ['weather'],
});

describe('AgentRunLoop', () => {
  it('calls the model, runs the tools it asks for, sends the results back and ends with the final answer', async () => {
    await using runtime = await startAgentKernel({
      agents: [forecaster],
      tools: [weatherTool],
      model: {
        script: [
          { toolCalls: [{ id: 'c1', name: 'weather', arguments: { city: 'Oslo' } }], usage: { inputTokens: 50, outputTokens: 10 } },
          { text: 'Sunny in Oslo.', usage: { inputTokens: 70, outputTokens: 5 } },
        ],
      },
    });
    const result = await runtime.agents.run(forecaster, { input: 'Weather in Oslo?' });
    expect(result).toMatchObject({ status: 'completed', reason: 'final-answer', output: 'Sunny in Oslo.', text: 'Sunny in Oslo.' });
    expect(result.usage).toMatchObject({ steps: 2, inputTokens: 120, outputTokens: 15, totalTokens: 135, toolCalls: 1 });
    const [first, second] = runtime.model.requests;
    expect(first?.messages).toEqual([
      { role: 'system', content: forecaster.instructions },
      { role: 'user', content: 'Weather in Oslo?' },
    ]);
    expect(first?.options).toMatchObject({ toolChoice: 'auto', tools: [{ name: 'weather' }] });
    expect(second?.messages.slice(2)).toEqual([
      { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'weather', arguments: '{"city":"Oslo"}' }] },
      { role: 'tool', toolCallId: 'c1', content: '{"city":"Oslo","sky":"sunny"}' },
    ]);
    expect(result.steps[0]?.toolCalls).toEqual([
      {
        callId: 'c1',
        tool: 'weather',
        arguments: '{"city":"Oslo"}',
        outcome: 'succeeded',
        approval: 'not-needed',
        content: '{"city":"Oslo","sky":"sunny"}',
      },
    ]);
  });

  it('records each step as serialisable values whose appended messages rebuild the conversation', async () => {
    await using runtime = await startAgentKernel({
      agents: [forecaster],
      tools: [weatherTool],
      model: { script: [{ toolCalls: [{ name: 'weather', arguments: { city: 'Oslo' } }] }, { text: 'Sunny.' }] },
    });
    const result = await runtime.agents.run('forecaster', { input: 'Weather?' });
    expect(JSON.parse(JSON.stringify(result.steps))).toEqual(result.steps);
    const conversation = [
      { role: 'system', content: forecaster.instructions },
      { role: 'user', content: 'Weather?' },
      ...result.steps.flatMap((step) => step.appended),
    ];
    expect(conversation.slice(0, -1)).toEqual(runtime.model.requests[1]?.messages);
    expect(result.steps.map((step) => step.usage.estimated)).toEqual([true, true]);
  });

  it('publishes agent.run.started, agent.tool.called, agent.step.completed and agent.run.completed in order', async () => {
    await using runtime = await startAgentKernel({
      agents: [forecaster],
      tools: [weatherTool],
      model: { script: [{ toolCalls: [{ name: 'weather', arguments: { city: 'Oslo' } }] }, { text: 'Sunny.' }] },
    });
    using recorder = createEventRecorder(runtime.kernel.events, 'agent.*');
    const result = await runtime.agents.run('forecaster', { input: 'Weather?' });
    await recorder.waitFor((event) => event.type === 'agent.run.completed');
    const { events } = recorder;
    expect(events.map((event) => event.type)).toEqual([
      'agent.run.started',
      'agent.tool.called',
      'agent.step.completed',
      'agent.step.completed',
      'agent.run.completed',
    ]);
    expect(events[1]?.data).toMatchObject({ runId: result.runId, tool: 'weather', outcome: 'succeeded', step: 0 });
    expect(events[4]?.data).toMatchObject({ status: 'completed', reason: 'final-answer', steps: 2 });
  });

  it('runs the tool calls of one reply concurrently and appends their results in call order', async () => {
    const started = { a: deferred<void>(), b: deferred<void>() };
    const release = deferred<void>();
    const slow = (name: 'a' | 'b') =>
      defineTool({
        name: `slow.${name}`,
        description: `Slow tool ${name}.`,
        input: z.object({}),
        annotations: { readOnlyHint: true },
        handler: async () => {
          started[name].resolve();
          await release.promise;
          return { tool: name };
        },
      });
    const agent = defineAgent({ name: 'parallel', description: 'Calls two tools.', instructions: 'Call both.', tools: ['slow.*'] });
    await using runtime = await startAgentKernel({
      agents: [agent],
      tools: [slow('a'), slow('b')],
      model: {
        script: [
          {
            toolCalls: [
              { id: 'b1', name: 'slow.b', arguments: {} },
              { id: 'a1', name: 'slow.a', arguments: {} },
            ],
          },
          { text: 'Both done.' },
        ],
      },
    });
    const run = runtime.agents.run('parallel', { input: 'Go.' });
    // Both handlers are running at once before either may finish: a sequential loop would never get here.
    await Promise.all([started.a.promise, started.b.promise]);
    release.resolve();
    const result = await run;
    expect(result.status).toBe('completed');
    expect(runtime.model.requests[1]?.messages.slice(3)).toEqual([
      { role: 'tool', toolCallId: 'b1', content: '{"tool":"b"}' },
      { role: 'tool', toolCallId: 'a1', content: '{"tool":"a"}' },
    ]);
  });

  it('returns a failing tool and an invalid call to the model as tool results with code and a safe message', async () => {
    const agent = defineAgent({
      name: 'fixer',
      description: 'Copes.',
      instructions: 'Try.',
      tools: ['broken', 'weather'],
      budgets: { maxConsecutiveToolFailures: 5 },
    });
    await using runtime = await startAgentKernel({
      agents: [agent],
      tools: [brokenTool, weatherTool],
      model: {
        script: [
          {
            toolCalls: [
              { id: 'x', name: 'broken', arguments: {} },
              { id: 'y', name: 'weather', arguments: '{"city": 4' },
              { id: 'z', name: 'nope', arguments: {} },
            ],
          },
          { text: 'I could not.' },
        ],
      },
    });
    const result = await runtime.agents.run('fixer', { input: 'Do it.' });
    expect(result.status).toBe('completed');
    const calls = result.steps[0]?.toolCalls ?? [];
    expect(calls.map((call) => [call.outcome, call.error?.code])).toEqual([
      ['failed', 'TOOL_EXECUTION_FAILED'],
      ['invalid', 'PROVIDER_TOOL_CALL_INVALID'],
      ['invalid', 'PROVIDER_TOOL_CALL_INVALID'],
    ]);
    // The tool's own message (a server path) never reaches the model; the model's own mistakes are explained in full.
    expect(calls[0]?.content).not.toContain('/srv/private');
    expect(JSON.parse(calls[0]?.content ?? '')).toEqual({ error: { code: 'TOOL_EXECUTION_FAILED', message: expect.any(String) } });
    expect(calls[1]?.content).toContain('not valid JSON');
    expect(calls[2]?.content).toContain('no such tool was offered (offered: broken, weather)');
    expect(result.trace.filter((entry) => entry.type === 'tool.started').map((entry) => entry.callId)).toEqual(['x']);
  });

  it('ends the run when tool calls fail in a row up to the limit, and a success resets the count', async () => {
    const agent = defineAgent({
      name: 'stubborn',
      description: 'Keeps trying.',
      instructions: 'Try.',
      tools: ['broken', 'weather'],
      budgets: { maxConsecutiveToolFailures: 2 },
    });
    const broken = { toolCalls: [{ name: 'broken', arguments: {} }] };
    await using runtime = await startAgentKernel({
      agents: [agent],
      tools: [brokenTool, weatherTool],
      model: { script: [broken, { toolCalls: [{ name: 'weather', arguments: { city: 'Oslo' } }] }, broken, broken, { text: 'never' }] },
    });
    const result = await runtime.agents.run('stubborn', { input: 'Go.' });
    expect(result).toMatchObject({ status: 'budget-exhausted', reason: 'tool-failures' });
    expect(result.usage.steps).toBe(4);
    expect(runtime.model.remaining).toBe(1);
  });

  it('fails with model-failed when the router cannot get a reply', async () => {
    await using runtime = await startAgentKernel({ agents: [forecaster], tools: [weatherTool], model: { script: [] } });
    const result = await runtime.agents.run('forecaster', { input: 'Weather?' });
    expect(result).toMatchObject({ status: 'failed', reason: 'model-failed', error: { code: 'AGENT_MODEL_FAILED' } });
    expect(result.trace.map((entry) => entry.type)).toEqual(['model.started', 'model.ended']);
  });
});
