import { CerebrumError, checkPlan, orderPlan, type PlanInput, validatePlan } from '@cortex-os/plugin-cerebrum';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const tools = ['notes.search', 'notes.write', 'web.fetch'];

function step(id: string, dependsOn: string[] = [], extra: Partial<PlanInput['steps'][number]> = {}) {
  return { id, tool: 'notes.search', dependsOn, ...extra };
}

describe('validatePlan', () => {
  it('accepts a DAG and fills defaults', () => {
    const plan = validatePlan({ goal: 'g', steps: [step('a'), step('b', ['a'], { inputsFrom: { q: 'a' } })] }, { tools });
    expect(plan.steps[0]).toEqual({ id: 'a', tool: 'notes.search', input: {}, inputsFrom: {}, dependsOn: [] });
    expect(plan.context).toEqual([]);
  });

  it('names the step of each problem: unknown tool, unknown dependency, missing input, duplicate', () => {
    const { problems } = checkPlan(
      {
        goal: 'g',
        steps: [step('a', [], { tool: 'nope' }), step('b', ['zz']), step('c', [], { inputsFrom: { q: 'a' } }), step('a')],
      },
      { tools },
    );
    expect(problems.map((p) => [p.code, p.step])).toEqual([
      ['unknown-tool', 'a'],
      ['duplicate-step', 'a'],
      ['unknown-dependency', 'b'],
      ['missing-input', 'c'],
    ]);
  });

  it('throws CEREBRUM_PLAN_INVALID with every problem in details', () => {
    const bad = { goal: 'write notes', steps: [step('a', ['b']), step('b', ['a'])] };
    try {
      validatePlan(bad, { tools });
      expect.unreachable();
    } catch (error) {
      expect(CerebrumError.is(error, 'CEREBRUM_PLAN_INVALID')).toBe(true);
      expect((error as CerebrumError).kind).toBe('invalid-input');
      expect((error as CerebrumError).message).toContain('[a] cycle');
      expect((error as CerebrumError).details?.problems).toHaveLength(2);
    }
  });

  it('reports a malformed plan without throwing anything else', () => {
    const { problems, plan } = checkPlan({ goal: '', steps: [{ id: 'Bad Id', tool: 'x' }] }, { tools });
    expect(plan).toBeUndefined();
    expect(problems.every((p) => p.code === 'malformed')).toBe(true);
    expect(problems.length).toBeGreaterThanOrEqual(2);
    expect(() => validatePlan(null, { tools })).toThrow(CerebrumError);
  });
});

/** A random DAG: step i may depend only on steps before it in a hidden order, then shuffled. */
const dag = fc
  .integer({ min: 1, max: 12 })
  .chain((n) =>
    fc.tuple(
      fc.array(fc.array(fc.nat(), { maxLength: 4 }), { minLength: n, maxLength: n }),
      fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
    ),
  )
  .map(([deps, perm]) => {
    const steps = deps.map((candidates, i) => ({
      id: `s${i}`,
      tool: 'notes.search',
      dependsOn: [...new Set(i === 0 ? [] : candidates.map((c) => `s${c % i}`))],
    }));
    return perm.map((index) => steps[index] as (typeof steps)[number]);
  });

describe('plan ordering (properties)', () => {
  it('orders every step of an acyclic plan after all its dependencies', () => {
    fc.assert(
      fc.property(dag, (steps) => {
        const plan = validatePlan({ goal: 'g', steps }, { tools });
        const { order, cyclic } = orderPlan(plan.steps);
        expect(cyclic).toEqual([]);
        expect(order).toHaveLength(steps.length);
        const position = new Map(order.map((s, i) => [s.id, i]));
        for (const s of order) for (const dep of s.dependsOn) expect(position.get(dep)).toBeLessThan(position.get(s.id) as number);
      }),
      { seed: 1930, numRuns: 200 },
    );
  });

  it('always rejects a plan once a back edge makes a cycle, naming a step on it', () => {
    fc.assert(
      fc.property(dag, fc.nat(), fc.nat(), (steps, from, to) => {
        fc.pre(steps.length >= 1);
        const sorted = orderPlan(validatePlan({ goal: 'g', steps }, { tools }).steps).order;
        const lo = sorted[Math.min(from, to) % sorted.length] as (typeof sorted)[number];
        const hi = sorted[Math.max(from, to) % sorted.length] as (typeof sorted)[number];
        // lo ≤ hi in topological order; making lo depend on hi closes a cycle (or a self-loop).
        const withCycle = steps.map((s) => (s.id === lo.id ? { ...s, dependsOn: [...s.dependsOn, hi.id] } : s));
        const pathExists = lo.id === hi.id || reaches(withCycle, hi.id, lo.id);
        const { problems } = checkPlan({ goal: 'g', steps: withCycle }, { tools });
        const cyclic = problems.filter((p) => p.code === 'cycle').map((p) => p.step);
        expect(cyclic.length > 0).toBe(pathExists);
        if (pathExists) expect(cyclic).toContain(lo.id);
      }),
      { seed: 1930, numRuns: 200 },
    );
  });
});

function reaches(steps: readonly { id: string; dependsOn: string[] }[], from: string, to: string): boolean {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const stack = [from];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(byId.get(id)?.dependsOn ?? []));
  }
  return false;
}
