// `cerebrum.evals` in-process: the host registers datasets and configurations, a caller runs them
// as themselves within the call's bounds, and no tool call is ever approved. The agents follow the
// scripted model; the tools are real registry tools (the tasks plugin on a SQLite file is there too).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { defineAgent } from '@cortex-os/plugin-agents';
import { type CerebrumEvalsOptionsInput, parseEvalDataset } from '@cortex-os/plugin-cerebrum';
import type { ScriptedModelReply } from '@cortex-os/provider-kit/testing';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { startForecaster } from '../replay/forecasterKernel.js';

const ada = { caller: { transport: 'rest', id: 'ada' } } as const;

const weatherDataset = parseEvalDataset({
  kind: 'cortex-eval-dataset',
  name: 'weather',
  version: '1',
  cases: [
    { id: 'oslo', input: 'Weather in Oslo?', expect: { contains: ['sunny'], tools: ['weather'] } },
    { id: 'bergen', input: 'Weather in Bergen?', expect: { contains: ['sunny'], tools: ['weather'] } },
  ],
});

const evals: CerebrumEvalsOptionsInput = {
  configurations: [
    { name: 'tools', agent: 'forecaster' },
    { name: 'guess', agent: 'guesser' },
  ],
  datasets: [weatherDataset],
  maxCases: 3,
  maxTokens: 1000,
};

const dir = mkdtempSync(join(tmpdir(), 'cerebrum-evals-tool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let runtimes = 0;

async function startEvals(script: readonly ScriptedModelReply[], options: CerebrumEvalsOptionsInput = evals) {
  const guesser = defineAgent({ name: 'guesser', description: 'Guesses.', instructions: 'Guess.' });
  const cerebrum = { recallLimit: 0, durable: false, evals: options };
  const runtime = await startForecaster(join(dir, `tasks-${runtimes++}.sqlite`), script, 'Look it up.', { cerebrum, agents: [guesser] });
  onTestFinished(async () => {
    await runtime.kernel.stop();
  });
  return runtime;
}

const looked = (city: string): ScriptedModelReply[] => [
  { toolCalls: [{ name: 'weather', arguments: { city } }], usage: { inputTokens: 10, outputTokens: 2 } },
  { text: `Sunny in ${city}.`, usage: { inputTokens: 10, outputTokens: 3 } },
];

describe('cerebrum.evals', () => {
  it('runs a registered dataset as the caller and compares it with a second configuration', async () => {
    const { kernel } = await startEvals([...looked('Oslo'), ...looked('Bergen'), { text: 'Sunny, surely.' }, { text: 'Rain.' }]);
    const { structured } = await kernel.tools.call('cerebrum.evals', { dataset: 'weather', compareWith: 'guess' }, ada);
    expect(structured).toMatchObject({
      runAs: 'ada',
      dataset: { name: 'weather', version: '1' },
      reports: [
        { configuration: 'tools', total: 2, passed: 2, successRate: 100 },
        { configuration: 'guess', total: 2, passed: 0, successRate: 0 },
      ],
      comparison: { configurations: ['tools', 'guess'], successRates: [100, 0] },
    });
    const [tools, guess] = (structured as { reports: { cases: Record<string, unknown>[] }[] }).reports;
    expect(tools?.cases[0]).toMatchObject({ id: 'oslo', passed: true, steps: 2, tokens: 25, trajectory: ['weather'] });
    expect(typeof tools?.cases[0]?.wallMs).toBe('number');
    expect(guess?.cases.map((item) => item.failures)).toEqual([
      ['tools: expected [weather], called []'],
      ['contains: the answer lacks "sunny"', 'tools: expected [weather], called []'],
    ]);
  });

  it('fails a case whose run asks for an approval, naming the tool, and never runs it', async () => {
    const { kernel, counts } = await startEvals([
      { toolCalls: [{ name: 'alert.send', arguments: { text: 'Storm' } }] },
      { text: 'I could not send the alert; it is sunny anyway.' },
    ]);
    const cases = [{ id: 'storm', input: 'Warn Oslo of the storm', expect: { contains: ['sunny'] } }];
    const { structured } = await kernel.tools.call('cerebrum.evals', { cases }, ada);
    expect(structured).toMatchObject({
      dataset: { name: 'inline' },
      reports: [
        {
          passed: 0,
          cases: [{ id: 'storm', passed: false, failures: ['approval: alert.send needs approval, and an eval never approves'] }],
        },
      ],
    });
    expect(counts.alerts).toBe(0);
  });

  it("stops running cases once the call's token budget is spent, naming the limit", async () => {
    const costly = { toolCalls: [{ name: 'weather', arguments: { city: 'Oslo' } }], usage: { inputTokens: 400, outputTokens: 100 } };
    const { kernel, model } = await startEvals([costly, ...looked('Oslo'), ...looked('Bergen')]);
    const { structured } = await kernel.tools.call('cerebrum.evals', { dataset: 'weather', maxTokens: 500 }, ada);
    const [report] = (structured as { reports: { cases: { id: string; passed: boolean; failures: string[] }[] }[] }).reports;
    // Oslo's run had 500 tokens to spend and spent them on its first reply; Bergen never started.
    expect(report?.cases[0]?.failures[0]).toMatch(/^status: expected completed, got budget-exhausted \(tokens\)/);
    expect(report?.cases[1]).toEqual(
      expect.objectContaining({ id: 'bergen', passed: false, failures: ["limit: the run's maxTokens (500) is spent"] }),
    );
    expect(model.requests).toHaveLength(1);
  });

  it('acts for the caller: a remote caller without a principal or an agent outside a task as anonymous, host code as host', async () => {
    const { kernel } = await startEvals([{ text: 'Sunny.' }, { text: 'Sunny.' }, { text: 'Sunny.' }]);
    const cases = [{ id: 'one', input: 'Weather?', expect: {} }];
    const remote = await kernel.tools.call('cerebrum.evals', { cases, configuration: 'guess' }, { caller: { transport: 'mcp' } });
    expect(remote.structured).toMatchObject({ runAs: 'anonymous', reports: [{ passed: 1 }] });
    const host = await kernel.tools.call('cerebrum.evals', { cases, configuration: 'guess' });
    expect(host.structured).toMatchObject({ runAs: 'host' });
    // An agent outside a task may have been started by anyone (a remote caller through agent.<name>): never host.
    const agent = await kernel.tools.call(
      'cerebrum.evals',
      { cases, configuration: 'guess' },
      { caller: { transport: 'agent', id: 'forecaster' } },
    );
    expect(agent.structured).toMatchObject({ runAs: 'anonymous' });
  });

  it('refuses a request outside what the host offers, naming the field', async () => {
    const { kernel, model } = await startEvals([]);
    const call = (input: unknown) => expectCortexError(kernel.tools.call('cerebrum.evals', input, ada), 'TOOL_INPUT_INVALID');
    expect((await call({ dataset: '/etc/passwd' })).message).toContain('dataset');
    expect((await call({ dataset: 'weather', configuration: 'root' })).message).toContain('configuration');
    expect((await call({})).message).toContain('dataset: give either dataset or cases');
    const both = await call({ dataset: 'weather', cases: [{ id: 'a', input: 'x', expect: {} }] });
    expect(both.message).toContain('cases: give either dataset or cases');
    const bad = await call({ cases: [{ id: 'a', input: 'x', expect: { matches: '(' } }] });
    expect(bad.message).toContain('cases[0].expect.matches: not a valid regular expression');
    const many = Array.from({ length: 4 }, (_, index) => ({ id: `c${index}`, input: 'x', expect: {} }));
    expect((await call({ cases: many })).message).toContain('cases');
    expect((await call({ dataset: 'weather', maxTokens: 1001 })).message).toContain('maxTokens');
    expect((await call({ dataset: 'weather', compareWith: 'tools' })).message).toContain('compareWith');
    expect(model.requests).toHaveLength(0);
  });

  it('refuses at start a registered dataset with more cases than a call may run', async () => {
    await expect(startEvals([], { ...evals, maxCases: 1 })).rejects.toThrow(
      /evals\.datasets\[0\]\.cases: dataset "weather" has 2 cases, more than maxCases \(1\)/,
    );
  });
});
