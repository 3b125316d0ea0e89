import { defineTool, type ToolDefinition } from '@cortex-os/kernel';
import { defineAgent } from '@cortex-os/plugin-agents';
import { compareEvalReports, evalJsonLines, parseEvalDataset, runAgentEvals } from '@cortex-os/plugin-cerebrum';
import type { ScriptedModelStep } from '@cortex-os/provider-kit/testing';
import { startScriptedAgents } from '../support/startScriptedAgents.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const dataset = parseEvalDataset({
  kind: 'cortex-eval-dataset',
  name: 'weather',
  version: '2',
  cases: [
    { id: 'oslo', input: 'Weather in Oslo?', expect: { contains: ['sunny'], tools: ['weather'], maxSteps: 2 } },
    { id: 'bergen', input: 'Weather in Bergen?', expect: { matches: '^Rain', tools: ['weather'] } },
  ],
});

const weather = defineTool({
  name: 'weather',
  description: 'Weather in a city.',
  input: z.object({ city: z.string() }),
  annotations: { readOnlyHint: true },
  handler: ({ city }) => ({ city, sky: city === 'Oslo' ? 'sunny' : 'rain' }),
});

const forecaster = defineAgent({ name: 'forecaster', description: 'Weather.', instructions: 'Use the tool.', tools: ['weather'] });
const agentsWith = (script: readonly ScriptedModelStep[]) => startScriptedAgents(script, [weather as ToolDefinition], [forecaster]);

describe('runAgentEvals', () => {
  it('checks answers and tool trajectories, records cost per case, and compares two configurations', async () => {
    const good = await agentsWith([
      { toolCalls: [{ name: 'weather', arguments: { city: 'Oslo' } }] },
      { text: 'It is sunny in Oslo.', usage: { inputTokens: 20, outputTokens: 5 } },
      { toolCalls: [{ name: 'weather', arguments: { city: 'Bergen' } }] },
      { text: 'Rain in Bergen.' },
    ]);
    const lazy = await agentsWith([{ text: 'Probably sunny.' }, { text: 'Rain, I guess.' }]);
    try {
      const a = await runAgentEvals(good.agents, { dataset, agent: 'forecaster', configuration: 'with tools' });
      const b = await runAgentEvals(lazy.agents, { dataset, agent: 'forecaster', configuration: 'guessing' });

      expect(a).toMatchObject({ kind: 'cortex-eval', total: 2, passed: 2, successRate: 100, dataset: { name: 'weather', version: '2' } });
      expect(a.cases[0]).toMatchObject({ id: 'oslo', passed: true, steps: 2, trajectory: ['weather'] });
      expect(b.passed).toBe(0);
      expect(b.cases.map((item) => item.failures)).toEqual([
        ['tools: expected [weather], called []'],
        ['tools: expected [weather], called []'],
      ]);

      const comparison = compareEvalReports(a, b);
      expect(comparison.successRates).toEqual([100, 0]);
      expect(comparison.cases[0]).toEqual({
        id: 'oslo',
        passed: [true, false],
        steps: [2, 1],
        tokens: [a.cases[0]?.tokens, b.cases[0]?.tokens],
      });
      expect(comparison.table.split('\n')[0]).toBe('case | with tools | guessing');

      const lines = evalJsonLines(a).map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines).toContainEqual({
        bench: 'eval',
        dataset: 'weather@2',
        configuration: 'with tools',
        case: 'oslo',
        metric: 'success',
        unit: 'bool',
        value: 1,
      });
      expect(lines.at(-1)).toMatchObject({ case: '(all)', metric: 'success_rate', value: 100 });
    } finally {
      await good.kernel.stop();
      await lazy.kernel.stop();
    }
  });

  it('fails a case whose run throws with the error code and goes on with the rest', async () => {
    const { kernel, agents } = await agentsWith([]);
    try {
      const report = await runAgentEvals(agents, { dataset, agent: 'nobody' });
      expect(report.cases.map((item) => item.failures)).toEqual([['error: AGENT_UNKNOWN'], ['error: AGENT_UNKNOWN']]);
    } finally {
      await kernel.stop();
    }
  });

  it('runs no case past the time limit or once cancelled, naming why', async () => {
    const { kernel, agents, model } = await agentsWith([
      { toolCalls: [{ name: 'weather', arguments: { city: 'Oslo' } }] },
      { text: 'It is sunny in Oslo.' },
    ]);
    try {
      // The clock reads 0 when the run starts and before the first case, 1000 before the second.
      const readings = [0, 0, 1000];
      const clock = () => readings.shift() ?? 1000;
      const timed = await runAgentEvals(agents, { dataset, agent: 'forecaster', limits: { maxWallMs: 1000 }, clock });
      expect(timed.cases.map((item) => [item.id, item.passed, item.failures])).toEqual([
        ['oslo', true, []],
        ['bergen', false, ["limit: the run's maxWallMs (1000) is spent"]],
      ]);
      const cancelled = await runAgentEvals(agents, { dataset, agent: 'forecaster', signal: AbortSignal.abort() });
      expect(cancelled.cases.map((item) => item.failures)).toEqual([['limit: the run was cancelled'], ['limit: the run was cancelled']]);
      expect(model.requests).toHaveLength(2);
    } finally {
      await kernel.stop();
    }
  });
});

describe('parseEvalDataset and compareEvalReports', () => {
  it('lists every problem of a dataset with its path', () => {
    const error = (() => {
      try {
        parseEvalDataset(
          {
            kind: 'cortex-eval-dataset',
            name: 'Bad Name',
            version: '1',
            cases: [
              { id: 'a', input: 'x', expect: { matches: '(' } },
              { id: 'a', input: 'y', expect: {} },
            ],
          },
          'evals/bad.json',
        );
      } catch (caught) {
        return caught as { code: string; message: string };
      }
      throw new Error('expected a throw');
    })();
    expect(error.code).toBe('CEREBRUM_EVAL_DATASET_INVALID');
    expect(error.message).toContain('evals/bad.json');
    expect(error.message).toContain('name: lowercase letters');
    expect(error.message).toContain('cases.0.expect.matches: not a valid regular expression');
    expect(error.message).toContain('cases: case ids must be unique');
  });

  it('refuses to compare reports of different dataset versions', async () => {
    const { kernel, agents } = await agentsWith([]);
    try {
      const a = await runAgentEvals(agents, { dataset, agent: 'nobody' });
      const b = { ...a, dataset: { name: 'weather', version: '3' } };
      expect(() => compareEvalReports(a, b)).toThrow(expect.objectContaining({ code: 'CEREBRUM_EVAL_REPORTS_MISMATCH' }));
    } finally {
      await kernel.stop();
    }
  });
});
