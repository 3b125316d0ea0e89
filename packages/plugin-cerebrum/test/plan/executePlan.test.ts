import { CerebrumError, executePlan, type PlanStep, type ReplanRequest } from '@cortex-os/plugin-cerebrum';
import { describe, expect, it } from 'vitest';

const tools = ['fetch', 'summarise', 'write', 'fetch.mirror'];

describe('executePlan', () => {
  it('runs steps in dependency order and passes outputs along', async () => {
    const calls: string[] = [];
    const result = await executePlan(
      {
        goal: 'summary note',
        steps: [
          { id: 'note', tool: 'write', dependsOn: ['sum'], inputsFrom: { text: 'sum' } },
          { id: 'sum', tool: 'summarise', dependsOn: ['page'], inputsFrom: { text: 'page' } },
          { id: 'page', tool: 'fetch', input: { url: 'http://127.0.0.1/x' } },
        ],
      },
      {
        tools,
        runStep: async (step: PlanStep, args) => {
          calls.push(`${step.id}:${JSON.stringify(args)}`);
          return `${step.tool}(${String(args.text ?? args.url)})`;
        },
      },
    );
    expect(calls).toEqual([
      'page:{"url":"http://127.0.0.1/x"}',
      'sum:{"text":"fetch(http://127.0.0.1/x)"}',
      'note:{"text":"summarise(fetch(http://127.0.0.1/x))"}',
    ]);
    expect(result.outputs.get('note')).toBe('write(summarise(fetch(http://127.0.0.1/x)))');
    expect(result.replans).toBe(0);
  });

  it('runs independent steps at the same time, and a step after both only once both are done', async () => {
    const started: string[] = [];
    const release = new Map<string, () => void>();
    let bothStarted!: () => void;
    const bothStartedNow = new Promise<void>((resolve) => {
      bothStarted = resolve;
    });
    const execution = executePlan(
      {
        goal: 'compare',
        steps: [
          { id: 'left', tool: 'fetch', input: { url: 'a' } },
          { id: 'right', tool: 'fetch', input: { url: 'b' } },
          { id: 'diff', tool: 'summarise', dependsOn: ['left', 'right'], inputsFrom: { a: 'left', b: 'right' } },
        ],
      },
      {
        tools,
        runStep: (step, args) => {
          started.push(step.id);
          if (step.id === 'diff') return Promise.resolve(`${String(args.a)}≠${String(args.b)}`);
          return new Promise<string>((resolve) => {
            release.set(step.id, () => resolve(String(args.url)));
            if (release.size === 2) bothStarted();
          });
        },
      },
    );
    // Neither fetch has finished, yet both have started: they run concurrently.
    await bothStartedNow;
    expect(started).toEqual(['left', 'right']);
    release.get('right')?.();
    release.get('left')?.();
    const result = await execution;
    expect(started).toEqual(['left', 'right', 'diff']);
    expect(result.outputs.get('diff')).toBe('a≠b');
  });

  it('re-plans after a failure, reusing finished steps, within the budget', async () => {
    const requests: ReplanRequest[] = [];
    const ran: string[] = [];
    const result = await executePlan(
      {
        goal: 'g',
        steps: [
          { id: 'a', tool: 'write' },
          { id: 'b', tool: 'fetch', dependsOn: ['a'] },
        ],
      },
      {
        tools,
        runStep: async (step) => {
          ran.push(`${step.id}/${step.tool}`);
          if (step.tool === 'fetch') throw new Error('fetch is down');
          return step.id;
        },
        replan: async (request) => {
          requests.push(request);
          return {
            goal: 'g',
            steps: [
              { id: 'a', tool: 'write' },
              { id: 'b', tool: 'fetch.mirror', dependsOn: ['a'] },
            ],
          };
        },
      },
    );
    expect(ran).toEqual(['a/write', 'b/fetch', 'b/fetch.mirror']);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.failedStep).toBe('b');
    expect([...(requests[0]?.completed.keys() ?? [])]).toEqual(['a']);
    expect(result.replans).toBe(1);
    expect(result.ran).toEqual(['a', 'b']);
  });

  it('stops with CEREBRUM_REPLAN_EXHAUSTED once the budget is spent', async () => {
    let replans = 0;
    const run = executePlan(
      { goal: 'g', steps: [{ id: 'a', tool: 'fetch' }] },
      {
        tools,
        maxReplans: 2,
        runStep: async () => {
          throw new Error('still down');
        },
        replan: async () => {
          replans++;
          return { goal: 'g', steps: [{ id: 'a', tool: 'fetch' }] };
        },
      },
    );
    await expect(run).rejects.toSatisfy((error) => CerebrumError.is(error, 'CEREBRUM_REPLAN_EXHAUSTED'));
    await expect(run).rejects.toThrow('failed at step "a" after 2 re-plans: still down');
    expect(replans).toBe(2);
  });

  it('rejects a re-plan that names an unknown tool', async () => {
    const run = executePlan(
      { goal: 'g', steps: [{ id: 'a', tool: 'fetch' }] },
      {
        tools,
        runStep: async () => {
          throw new Error('down');
        },
        replan: async () => ({ goal: 'g', steps: [{ id: 'a', tool: 'teleport' }] }),
      },
    );
    await expect(run).rejects.toSatisfy((error) => CerebrumError.is(error, 'CEREBRUM_PLAN_INVALID'));
  });

  it('throws an error stopOn picks at once, without a re-plan, once its wave settled', async () => {
    const stopped = new Error('stopped');
    const ran: string[] = [];
    let replans = 0;
    const run = executePlan(
      {
        goal: 'g',
        steps: [
          { id: 'a', tool: 'fetch' },
          { id: 'b', tool: 'fetch.mirror' },
          { id: 'c', tool: 'write', dependsOn: ['a', 'b'] },
        ],
      },
      {
        tools,
        runStep: async (step) => {
          if (step.id === 'b') throw stopped;
          ran.push(step.id);
          return step.id;
        },
        replan: async ({ plan }) => {
          replans++;
          return plan;
        },
        stopOn: (error) => error === stopped,
      },
    );
    await expect(run).rejects.toBe(stopped);
    expect(ran).toEqual(['a']);
    expect(replans).toBe(0);
  });
});
