import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineTool, type ToolDefinition } from '@cortex-os/kernel';
import { createEventRecorder } from '@cortex-os/kernel/testing';
import { type AgentRecording, recordingOf, replayAgentRun, timeTravel } from '@cortex-os/plugin-cerebrum';
import { defineAgent } from '@cortex-os/plugin-agents';
import type { ScriptedModelStep } from '@cortex-os/provider-kit/testing';
import { startScriptedAgents } from '../support/startScriptedAgents.js';
import { startForecaster, sunnyRun } from './forecasterKernel.js';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

const dir = mkdtempSync(join(tmpdir(), 'replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Tools that count their calls; `offline` ones fail the test if a replay ever runs them. */
function toolsFor(calls: string[], offline = false): ToolDefinition[] {
  const run = (name: string, answer: () => unknown) => () => {
    if (offline) throw new Error(`${name} ran during an offline replay`);
    calls.push(name);
    return answer();
  };
  return [
    defineTool({
      name: 'lookup',
      description: 'Looks a topic up.',
      input: z.object({ q: z.string() }),
      annotations: { readOnlyHint: true },
      handler: run('lookup', () => ({ fact: 'otters hold hands' })),
    }),
    defineTool({
      name: 'save',
      description: 'Saves a note.',
      input: z.object({ text: z.string() }),
      handler: run('save', () => ({ saved: 1 })),
    }),
  ] as ToolDefinition[];
}

const researcher = (instructions = 'Look it up, save a note, answer.') =>
  defineAgent({ name: 'researcher', description: 'Researches.', instructions, tools: ['lookup', 'save'], approval: [] });

const runtime = (script: readonly ScriptedModelStep[], tools: ToolDefinition[], agent = researcher()) =>
  startScriptedAgents(script, tools, [agent]);

const script: ScriptedModelStep[] = [
  { toolCalls: [{ id: 'l1', name: 'lookup', arguments: { q: 'otters' } }], usage: { inputTokens: 30, outputTokens: 5 } },
  { toolCalls: [{ id: 's1', name: 'save', arguments: { text: 'otters hold hands' } }], usage: { inputTokens: 50, outputTokens: 6 } },
  { text: 'Otters hold hands; noted.', usage: { inputTokens: 70, outputTokens: 7 } },
];

/** Records one real run, and keeps it as a JSON file, as a user would between processes. */
async function record(): Promise<AgentRecording> {
  const calls: string[] = [];
  const live = await runtime(script, toolsFor(calls));
  try {
    const result = await live.agents.run('researcher', { input: 'What do otters do?' });
    expect(result.status).toBe('completed');
    expect(calls).toEqual(['lookup', 'save']);
    const file = join(dir, `${result.runId}.json`);
    writeFileSync(file, JSON.stringify(recordingOf(result, 'What do otters do?')));
    return JSON.parse(readFileSync(file, 'utf8')) as AgentRecording;
  } finally {
    await live.kernel.stop();
  }
}

describe('replayAgentRun', () => {
  it('replays a recorded run offline — no model, no tool runs — and takes the identical steps', async () => {
    const recording = await record();
    const offline = await runtime([], toolsFor([], true));
    try {
      const report = await replayAgentRun(offline.agents, recording);
      expect(report.divergence).toBeUndefined();
      expect(report.identical).toBe(true);
      expect(report.replayed).toEqual({ model: 3, tools: 2 });
      expect(report.result.text).toBe('Otters hold hands; noted.');
      expect(offline.model.requests).toEqual([]);
    } finally {
      await offline.kernel.stop();
    }
  });

  it('reproduces the recorded ids: the run id, and every event and tool call correlated by it', async () => {
    const recording = await record();
    const offline = await runtime([], toolsFor([], true));
    using events = createEventRecorder(offline.kernel.events, 'agent.*');
    try {
      const first = await replayAgentRun(offline.agents, recording);
      const second = await replayAgentRun(offline.agents, recording);
      expect([first.result.runId, second.result.runId]).toEqual([recording.runId, recording.runId]);
      const ids = new Set(events.events.map((event) => (event.data as { runId?: unknown }).runId));
      expect(events.events.length).toBeGreaterThan(0);
      expect([...ids]).toEqual([recording.runId]);
      // The tool call ids are the recording's too (the model's, replayed).
      expect(second.result.steps.flatMap((step) => step.toolCalls.map((call) => call.callId))).toEqual(['l1', 's1']);
    } finally {
      await offline.kernel.stop();
    }
  });

  it('names the first step and field where a changed agent leaves its recording', async () => {
    const recording = await record();
    const changed = await runtime([], toolsFor([], true), researcher('Look it up twice, then save a longer note, then answer.'));
    try {
      const report = await replayAgentRun(changed.agents, recording);
      expect(report.identical).toBe(false);
      expect(report.divergence).toMatchObject({ step: 0, field: 'request.estimatedInputTokens' });
      expect(report.result.status).not.toBe('completed');
    } finally {
      await changed.kernel.stop();
    }
  });

  it('reports a planted divergence in a tool call at the step it is in', async () => {
    const recording = await record();
    const planted = structuredClone(recording) as unknown as { steps: { reply: { toolCalls: { arguments: string }[] } }[] };
    const call = planted.steps[1]?.reply.toolCalls[0];
    if (call === undefined) throw new Error('the recording has a tool call at step 1');
    call.arguments = JSON.stringify({ text: 'otters juggle' });
    const offline = await runtime([], toolsFor([], true));
    try {
      const report = await replayAgentRun(offline.agents, planted as unknown as AgentRecording);
      expect(report.divergence).toEqual({
        step: 1,
        field: 'toolCalls.s1.arguments',
        recorded: '{"text":"otters hold hands"}',
        replayed: '{"text":"otters juggle"}',
      });
    } finally {
      await offline.kernel.stop();
    }
  });
});

describe('timeTravel', () => {
  it('replays the steps before k, changes step k’s tool result, and goes on live as a new linked run', async () => {
    const recording = await record();
    const calls: string[] = [];
    const later = await runtime(
      [{ toolCalls: [{ id: 's2', name: 'save', arguments: { text: 'otters juggle' } }] }, { text: 'Otters juggle; noted.' }],
      toolsFor(calls),
    );
    try {
      const { result, travelledFrom } = await timeTravel(later.agents, recording, {
        step: 0,
        overrides: [{ callId: 'l1', content: JSON.stringify({ fact: 'otters juggle' }) }],
      });
      expect(travelledFrom).toEqual({ runId: recording.runId, step: 0 });
      expect(result.runId).not.toBe(recording.runId);
      expect(result.text).toBe('Otters juggle; noted.');
      // Step 0 was replayed (the lookup did not run); from step 1 the model and the save ran for real.
      expect(calls).toEqual(['save']);
      expect(result.steps[0]?.toolCalls[0]?.content).toContain('otters juggle');
      expect(later.model.requests).toHaveLength(2);
    } finally {
      await later.kernel.stop();
    }
  });

  it('changes step k’s tool call input: steps before k replay, the real tool runs with the new input, the original is untouched', async () => {
    const recording = await record();
    const pristine = structuredClone(recording);
    const saved: string[] = [];
    const tools = toolsFor([], true).map((tool) =>
      tool.name === 'save'
        ? defineTool({
            name: 'save',
            description: 'Saves a note.',
            input: z.object({ text: z.string() }),
            handler: ({ text }) => {
              saved.push(text);
              return { saved: 1 };
            },
          })
        : tool,
    ) as ToolDefinition[];
    const later = await runtime([{ text: 'Otters juggle; noted.' }], tools);
    try {
      const { result } = await timeTravel(later.agents, recording, {
        step: 1,
        inputs: [{ callId: 's1', input: { text: 'otters juggle' } }],
      });
      expect(result.text).toBe('Otters juggle; noted.');
      // The lookup replayed (the offline tool would have thrown), the save ran live with the new input, one model call.
      expect(saved).toEqual(['otters juggle']);
      expect(later.model.requests).toHaveLength(1);
      expect(result.steps[1]?.toolCalls[0]).toMatchObject({
        arguments: '{"text":"otters juggle"}',
        substitutedFrom: '{"text":"otters hold hands"}',
        outcome: 'succeeded',
      });
      expect(recording).toEqual(pristine);

      // The branch is a recording like any: it replays offline, its substitution included.
      const offline = await runtime([], toolsFor([], true));
      try {
        const replay = await replayAgentRun(offline.agents, recordingOf(result, recording.input));
        expect(replay).toMatchObject({ identical: true, replayed: { model: 3, tools: 2 } });
      } finally {
        await offline.kernel.stop();
      }
    } finally {
      await later.kernel.stop();
    }
  });

  it('asks its approve option for a live call that needs approval, and denies it without one', async () => {
    const alertThen = [{ toolCalls: [{ id: 'a1', name: 'alert.send', arguments: { text: 'Storm' } }] }, { text: 'Alert handled.' }];
    const { kernel, counts, agents } = await startForecaster(join(dir, 'approve.sqlite'), [...sunnyRun, ...alertThen, ...alertThen]);
    try {
      const original = await agents.run('forecaster', { input: 'Weather in Oslo?' });
      const recording = recordingOf(original, 'Weather in Oslo?');
      const overrides = [{ callId: 'w1', content: '{"city":"Oslo","sky":"storm"}' }];
      const denied = await timeTravel(agents, recording, { step: 0, overrides });
      expect(denied.result.steps[1]?.toolCalls[0]).toMatchObject({ tool: 'alert.send', approval: 'denied' });
      expect(counts.alerts).toBe(0);
      const asked: string[] = [];
      const granted = await timeTravel(agents, recording, {
        step: 0,
        overrides,
        approve: (request) => {
          asked.push(`${request.step}:${request.callId}`);
          return true;
        },
      });
      expect(granted.result.steps[1]?.toolCalls[0]).toMatchObject({ approval: 'granted', outcome: 'succeeded' });
      expect(asked).toEqual(['1:a1']);
      expect(counts.alerts).toBe(1);
    } finally {
      await kernel.stop();
    }
  });
});
