import { createRuleCritic, type EvalCase, refineAnswer, runEvals } from '@cortex-os/plugin-cerebrum';
import { createScriptedModelProvider } from '@cortex-os/provider-kit/testing';
import { describe, expect, it } from 'vitest';

const contains = (word: string) => ({
  name: `contains-${word}`,
  check: ({ answer }: { answer: string }) => (answer.includes(word) ? undefined : `missing "${word}"`),
});

const cases: EvalCase[] = [
  { id: 'capital', goal: 'Capital of France?', checks: [contains('Paris')] },
  { id: 'sum', goal: '2 + 2?', checks: [contains('4')] },
  { id: 'cite', goal: 'Summarise with a citation', checks: [contains('summary'), contains('[1]')] },
];

describe('runEvals', () => {
  it('scores answers from a scripted model and reports each case as JSON', async () => {
    const model = createScriptedModelProvider({ script: [{ text: 'Paris.' }, { text: 'It is 5.' }, { text: 'summary [1]' }] });
    const report = await runEvals({
      cases,
      solve: async ({ goal }) => (await model.generate([{ role: 'user', content: goal }])).text,
    });
    expect(report).toMatchObject({ kind: 'cortex-eval', total: 3, passed: 2, successRate: 66.66 });
    expect(report.cases.map((c) => [c.id, c.passed, c.failures])).toEqual([
      ['capital', true, []],
      ['sum', false, ['contains-4: missing "4"']],
      ['cite', true, []],
    ]);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(model.requests.map((r) => r.messages[0])).toEqual(cases.map((c) => ({ role: 'user', content: c.goal })));
  });

  it('fails a case whose solver throws and goes on', async () => {
    const report = await runEvals({
      cases,
      solve: async ({ id }) => {
        if (id === 'sum') throw new Error('model unavailable');
        return id === 'capital' ? 'Paris' : 'no';
      },
    });
    expect(report.cases[1]).toEqual({ id: 'sum', goal: '2 + 2?', passed: false, failures: ['error: model unavailable'] });
    expect(report).toMatchObject({ passed: 1, successRate: 33.33 });
    expect(await runEvals({ cases: [], solve: async () => '' })).toMatchObject({ total: 0, successRate: 0 });
  });

  it('measures that refinement raises the success rate over single answers', async () => {
    const drafts: Record<string, string> = { capital: 'Lyon', sum: '4', cite: 'summary' };
    const fixes: Record<string, string> = { capital: 'Paris', sum: '4', cite: 'summary [1]' };
    const single = await runEvals({ cases, solve: async ({ id }) => drafts[id] ?? '' });
    const refined = await runEvals({
      cases,
      solve: async (evalCase) =>
        (
          await refineAnswer({
            goal: evalCase.goal,
            draft: drafts[evalCase.id] ?? '',
            critic: createRuleCritic(evalCase.checks),
            revise: async () => fixes[evalCase.id] ?? '',
          })
        ).answer,
    });
    expect(single.successRate).toBe(33.33);
    expect(refined.successRate).toBe(100);
  });
});
