// Concurrent steps complete in any order: fast-check's scheduler resolves the steps of each wave
// in a generated order (steps may fail, and the re-plan reuses what finished). Whatever the order,
// a step starts only once its dependencies are done, a wave runs all at once, and what the run
// reports — the steps it ran, their outputs, the step and plan events, the re-plans — is the same
// as when every step completes in plan order.
import { KernelError } from '@cortex-os/kernel';
import { executePlan, type PlanStep } from '@cortex-os/plugin-cerebrum';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/** A DAG in plan order: each step depends on some earlier ones; `fails` marks steps whose first run fails. */
const dag = fc
  .integer({ min: 2, max: 7 })
  .chain((size) =>
    fc.tuple(
      ...Array.from({ length: size }, (_, index) =>
        fc.record({ deps: fc.subarray(Array.from({ length: index }, (__, dep) => `s${dep}`)), fails: fc.boolean() }),
      ),
    ),
  )
  .map((rows) =>
    rows.map(
      ({ deps, fails }, index): PlanStep => ({
        id: `s${index}`,
        tool: fails ? 'flaky' : 'ok',
        input: { n: index },
        dependsOn: deps,
        inputsFrom: Object.fromEntries(deps.map((dep) => [`from_${dep}`, dep])),
      }),
    ),
  );

/** Runs the plan; `settle` decides when each step's call completes. Returns what the run reported and saw. */
async function run(steps: PlanStep[], settle: (id: string) => Promise<void>) {
  const completed = new Set<string>();
  const log: string[] = [];
  let inFlight = 0;
  let widest = 0;
  const execution = await executePlan(
    { goal: 'g', steps },
    {
      tools: ['ok', 'flaky', 'fixed'],
      maxReplans: 1,
      runStep: async (step, args) => {
        const early = step.dependsOn.filter((dep) => !completed.has(dep));
        if (early.length > 0) throw new Error(`${step.id} started before ${early.join(', ')} completed`);
        inFlight++;
        widest = Math.max(widest, inFlight);
        await settle(step.id);
        inFlight--;
        completed.add(step.id);
        if (step.tool === 'flaky') throw new KernelError('TOOL_EXECUTION_FAILED', `${step.id} failed`);
        return { step: step.id, args };
      },
      // The re-plan keeps every id and swaps the failing tool: finished steps are reused, failed ones run again.
      replan: async ({ plan }) => ({
        ...plan,
        steps: plan.steps.map((step) => (step.tool === 'flaky' ? { ...step, tool: 'fixed' } : step)),
      }),
      onPlan: (plan, replan) => log.push(`plan ${replan}: ${plan.steps.map((step) => step.tool).join(',')}`),
      onStep: (step, outcome) => log.push(`${step.id} ${outcome}`),
    },
  );
  return { ran: execution.ran, outputs: [...execution.outputs], replans: execution.replans, log, widest };
}

describe('completion order of concurrent steps', () => {
  it('never changes what a plan run reports, and never starts a step before its dependencies', async () => {
    await fc.assert(
      fc.asyncProperty(dag, fc.scheduler(), async (steps, scheduler) => {
        const inPlanOrder = await run(steps, () => Promise.resolve());
        const completions: string[] = [];
        const shuffled = await scheduler.waitFor(
          run(steps, (id) => scheduler.schedule(Promise.resolve(id), id).then(() => void completions.push(id))),
        );
        expect(shuffled).toEqual(inPlanOrder);
        // Every step ran (failing ones twice), in an order the scheduler chose.
        expect(new Set(completions)).toEqual(new Set(steps.map((step) => step.id)));
      }),
      { seed: 19_2026, numRuns: 150 },
    );
  });

  it('runs the steps of a wave at once, and the scheduler does complete them out of plan order', async () => {
    const wave: PlanStep[] = ['a', 'b', 'c'].map((id) => ({ id, tool: 'ok', input: {}, dependsOn: [], inputsFrom: {} }));
    const orders = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), async (scheduler) => {
        const completions: string[] = [];
        const result = await scheduler.waitFor(
          run(wave, (id) => scheduler.schedule(Promise.resolve(id), id).then(() => void completions.push(id))),
        );
        expect(result.widest).toBe(3);
        expect(result.ran).toEqual(['a', 'b', 'c']);
        orders.add(completions.join(''));
      }),
      { seed: 19_2026, numRuns: 30 },
    );
    // The property above held under more than one completion order (so it tested something).
    expect(orders.size).toBeGreaterThan(1);
  });
});
