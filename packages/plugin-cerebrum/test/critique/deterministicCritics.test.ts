import { defineTool } from '@cortex-os/kernel';
import { createToolRegistry } from '@cortex-os/kernel/internal';
import { createSchemaCritic, createToolCritic, refineAnswer } from '@cortex-os/plugin-cerebrum';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const summary = z.object({ title: z.string().min(3), points: z.array(z.string()).min(1) });

describe('createSchemaCritic', () => {
  it('passes an answer whose JSON fits the schema, and names each path that does not', async () => {
    const critic = createSchemaCritic(summary);
    expect(await critic.critique({ goal: 'g', answer: '{"title":"Release","points":["plans"]}' })).toEqual({
      score: 1,
      satisfied: true,
      feedback: [],
    });
    const verdict = await critic.critique({ goal: 'g', answer: '{"title":"R","points":[]}' });
    expect(verdict.satisfied).toBe(false);
    expect(verdict.score).toBe(0);
    expect(verdict.feedback.map((line) => line.split(':')[0])).toEqual(['schema at title', 'schema at points']);
  });

  it('says so when the answer is not JSON at all', async () => {
    const verdict = await createSchemaCritic(summary, { name: 'summary' }).critique({ goal: 'g', answer: 'Release: plans' });
    expect(verdict).toEqual({ score: 0, satisfied: false, feedback: ['summary: the answer is not JSON'] });
  });
});

function commandRegistry() {
  const tools = createToolRegistry();
  const runs: string[] = [];
  tools.register(
    defineTool({
      name: 'check.run',
      description: 'Runs a check command on a text and reports its exit code.',
      input: z.object({ command: z.string(), text: z.string() }),
      output: z.object({ exitCode: z.number(), output: z.string() }),
      annotations: { readOnlyHint: true },
      handler: ({ command, text }) => {
        runs.push(command);
        return text.includes('[1]') ? { exitCode: 0, output: 'ok' } : { exitCode: 1, output: 'no citation' };
      },
    }),
  );
  return { tools, runs };
}

describe('createToolCritic', () => {
  it('runs a command through a registry tool and judges its result; a refusing tool fails with its code', async () => {
    const { tools, runs } = commandRegistry();
    const critic = createToolCritic(tools, {
      tool: 'check.run',
      input: ({ answer }) => ({ command: 'cite-check', text: answer }),
      judge: (result) => {
        const { exitCode, output } = result as { exitCode: number; output: string };
        return exitCode === 0 ? undefined : `exit ${exitCode}: ${output}`;
      },
    });
    expect(await critic.critique({ goal: 'g', answer: 'plans [1]' })).toEqual({ score: 1, satisfied: true, feedback: [] });
    expect(await critic.critique({ goal: 'g', answer: 'plans' })).toEqual({
      score: 0,
      satisfied: false,
      feedback: ['check.run: exit 1: no citation'],
    });
    expect(runs).toEqual(['cite-check', 'cite-check']);

    // An input the tool's contract refuses: the verdict carries the error's code, never a throw.
    const broken = createToolCritic(tools, { tool: 'check.run', input: () => ({ command: 7 }) });
    const verdict = await broken.critique({ goal: 'g', answer: 'x' });
    expect(verdict.satisfied).toBe(false);
    expect(verdict.feedback).toHaveLength(1);
    expect(verdict.feedback[0]).toMatch(/^check\.run: failed with [A-Z_]+$/);
    expect(runs).toHaveLength(2);
  });

  it('drives refinement: revisions until the command passes', async () => {
    const { tools } = commandRegistry();
    const critic = createToolCritic(tools, {
      tool: 'check.run',
      input: ({ answer }) => ({ command: 'cite-check', text: answer }),
      judge: (result) => ((result as { exitCode: number }).exitCode === 0 ? undefined : 'cite a source'),
    });
    const result = await refineAnswer({ goal: 'g', draft: 'plans', critic, revise: async ({ answer }) => `${answer} [1]` });
    expect(result).toMatchObject({ answer: 'plans [1]', satisfied: true, rounds: 1, stoppedBecause: 'satisfied' });
  });
});
