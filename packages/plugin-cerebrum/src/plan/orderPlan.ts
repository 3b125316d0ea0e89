import type { PlanStep } from './planSchema.js';

/**
 * Orders steps so that each comes after every step it depends on (Kahn's algorithm; ties keep
 * the plan's own order, so the order is deterministic). Dependencies on unknown ids are ignored
 * here: {@link validatePlan} reports them.
 *
 * @returns the ordered steps and the ids left on a cycle (empty when the plan is acyclic).
 * @public
 */
export function orderPlan(steps: readonly PlanStep[]): { readonly order: readonly PlanStep[]; readonly cyclic: readonly string[] } {
  const ids = new Set(steps.map((step) => step.id));
  const waiting = new Map(steps.map((step) => [step.id, new Set(step.dependsOn.filter((dep) => ids.has(dep) && dep !== undefined))]));
  const order: PlanStep[] = [];
  const placed = new Set<string>();
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (const step of steps) {
      if (placed.has(step.id)) continue;
      const deps = waiting.get(step.id) ?? new Set<string>();
      if ([...deps].every((dep) => placed.has(dep))) {
        placed.add(step.id);
        order.push(step);
        progressed = true;
      }
    }
  }
  return { order, cyclic: steps.filter((step) => !placed.has(step.id)).map((step) => step.id) };
}
