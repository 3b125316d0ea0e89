import { CerebrumError, createModelCritic, createRuleCritic, refineAnswer } from '@cortex-os/plugin-cerebrum';
import { createScriptedModelProvider } from '@cortex-os/provider-kit/testing';
import { describe, expect, it } from 'vitest';

const cites = { name: 'cites', check: ({ answer }: { answer: string }) => (answer.includes('[1]') ? undefined : 'cite a source as [1]') };
const mentionsGoal = {
  name: 'on-topic',
  check: ({ answer, goal }: { answer: string; goal: string }) =>
    answer.toLowerCase().includes(goal.split(' ')[0]?.toLowerCase() ?? '') ? undefined : 'stay on the goal',
};

describe('createRuleCritic', () => {
  it('scores the share of rules passed and lists each failure', async () => {
    const critic = createRuleCritic([cites, mentionsGoal]);
    expect(await critic.critique({ goal: 'Release summary', answer: 'release adds plans' })).toEqual({
      score: 0.5,
      satisfied: false,
      feedback: ['cites: cite a source as [1]'],
    });
    expect(await critic.critique({ goal: 'Release summary', answer: 'release adds plans [1]' })).toMatchObject({
      score: 1,
      satisfied: true,
    });
  });
});

describe('createModelCritic', () => {
  it('asks the model with the goal and answer and reads its JSON verdict', async () => {
    const model = createScriptedModelProvider({
      script: [{ text: 'Verdict: {"score": 0.6, "feedback": ["add numbers"]}' }, { text: '```json\n{"score": 0.9}\n```' }],
    });
    const critic = createModelCritic({ provider: model, threshold: 0.8, criteria: 'numbers matter' });
    expect(await critic.critique({ goal: 'Sum up Q3', answer: 'It went well.' })).toEqual({
      score: 0.6,
      satisfied: false,
      feedback: ['add numbers'],
    });
    expect(await critic.critique({ goal: 'Sum up Q3', answer: 'Revenue +12%.' })).toEqual({ score: 0.9, satisfied: true, feedback: [] });
    const first = model.requests[0];
    expect(first?.messages[0]).toMatchObject({ role: 'system' });
    expect(JSON.stringify(first?.messages[0])).toContain('numbers matter');
    expect(first?.messages[1]).toEqual({ role: 'user', content: 'Goal:\nSum up Q3\n\nAnswer:\nIt went well.' });
  });

  it('throws CEREBRUM_CRITIQUE_UNREADABLE for a reply without a valid verdict', async () => {
    const model = createScriptedModelProvider({ script: [{ text: 'looks fine to me' }, { text: '{"score": 7}' }] });
    const critic = createModelCritic({ provider: model });
    for (let i = 0; i < 2; i++) {
      await expect(critic.critique({ goal: 'g', answer: 'a' })).rejects.toSatisfy((error) =>
        CerebrumError.is(error, 'CEREBRUM_CRITIQUE_UNREADABLE'),
      );
    }
  });
});

describe('refineAnswer', () => {
  it('revises with the model until the critic is satisfied', async () => {
    const critic = createRuleCritic([cites, mentionsGoal]);
    const reviser = createScriptedModelProvider({ script: [{ text: 'release adds plans' }, { text: 'release adds plans [1]' }] });
    const seen: string[][] = [];
    const result = await refineAnswer({
      goal: 'Release summary',
      draft: 'it is out',
      critic,
      maxRounds: 5,
      revise: async ({ critique, answer }) => {
        seen.push([...critique.feedback]);
        const reply = await reviser.generate([{ role: 'user', content: `${answer}\nFix: ${critique.feedback.join('; ')}` }]);
        return reply.text;
      },
    });
    expect(result).toMatchObject({ answer: 'release adds plans [1]', satisfied: true, rounds: 2, stoppedBecause: 'satisfied' });
    expect(seen).toEqual([['cites: cite a source as [1]', 'on-topic: stay on the goal'], ['cites: cite a source as [1]']]);
    expect(reviser.remaining).toBe(0);
  });

  it('stops after maxRounds and keeps the best answer, not the last', async () => {
    const model = createScriptedModelProvider({
      script: [{ text: '{"score": 0.2}' }, { text: '{"score": 0.7}' }, { text: '{"score": 0.4}' }],
    });
    let n = 0;
    const result = await refineAnswer({
      goal: 'g',
      draft: 'v0',
      critic: createModelCritic({ provider: model }),
      maxRounds: 2,
      revise: async () => `v${++n}`,
    });
    expect(result).toMatchObject({ answer: 'v1', satisfied: false, rounds: 2, stoppedBecause: 'max-rounds' });
    expect(result.critique.score).toBe(0.7);
    expect(result.history.map((h) => h.critique.score)).toEqual([0.2, 0.7, 0.4]);
  });

  it('stops once the revisions spent maxTokens, charging what each reports (or its estimated tokens)', async () => {
    const model = createScriptedModelProvider({
      script: [{ text: '{"score": 0.1}' }, { text: '{"score": 0.2}' }, { text: '{"score": 0.3}' }],
    });
    let n = 0;
    const result = await refineAnswer({
      goal: 'g',
      draft: 'v0',
      critic: createModelCritic({ provider: model }),
      maxRounds: 5,
      maxTokens: 501,
      // The first revision reports 500 tokens; the second only its answer (8 characters: 2 tokens estimated).
      revise: async () => (++n === 1 ? { answer: 'v1', tokens: 500 } : 'answer 2'),
    });
    expect(result).toMatchObject({ rounds: 2, tokens: 502, stoppedBecause: 'budget' });
    expect(model.requests).toHaveLength(3);
  });

  it('stops when a revision repeats the answer, without critiquing it again', async () => {
    const critic = createRuleCritic([cites]);
    let critiques = 0;
    const counted = {
      critique: (request: Parameters<typeof critic.critique>[0]) => {
        critiques++;
        return critic.critique(request);
      },
    };
    const result = await refineAnswer({
      goal: 'g',
      draft: 'no source',
      critic: counted,
      maxRounds: 5,
      revise: async ({ answer }) => answer,
    });
    expect(result).toMatchObject({ rounds: 1, satisfied: false, stoppedBecause: 'no-progress' });
    expect(critiques).toBe(1);
  });

  it('stops when two rounds in a row get the same critique', async () => {
    const critic = createRuleCritic([cites]);
    let n = 0;
    const result = await refineAnswer({ goal: 'g', draft: 'v0', critic, maxRounds: 5, revise: async () => `v${++n} still no source` });
    expect(result).toMatchObject({ rounds: 1, stoppedBecause: 'no-progress' });
    expect(result.history).toHaveLength(2);
  });
});
