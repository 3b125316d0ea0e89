import type { Plan, PlanStep } from '../plan/planSchema.js';

/**
 * How one step of an example's plan became a step of the adapted plan.
 * @public
 */
export interface StepAdaptation {
  /** The example's step (absent for a step the adapted plan added). */
  readonly original?: PlanStep;
  /** The adapted step (absent for an example step the adapted plan dropped). */
  readonly adapted?: PlanStep;
  /** 0–1: how surely the adapted step does what the original did, for the new goal. See {@link adaptPlan}. */
  readonly confidence: number;
  /** Input paths whose values changed. */
  readonly changed: readonly string[];
}

/** Leaf values of an input, by dotted path. */
function leaves(value: unknown, path = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) leaves(inner, path === '' ? key : `${path}.${key}`, out);
  } else out.set(path, value);
  return out;
}

/** True when a changed value is taken from the new goal: its text appears in the goal (case aside). */
function fromGoal(value: unknown, goal: string): boolean {
  if (typeof value !== 'string' && typeof value !== 'number') return false;
  const text = String(value).trim().toLowerCase();
  return text !== '' && goal.toLowerCase().includes(text);
}

function confidenceOf(original: PlanStep, adapted: PlanStep, goal: string): { confidence: number; changed: string[] } {
  const before = leaves(original.input);
  const after = leaves(adapted.input);
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((path) => !Object.is(before.get(path), after.get(path))).sort();
  if (original.tool !== adapted.tool) return { confidence: 0, changed };
  if (changed.length === 0) return { confidence: 1, changed };
  const taken = changed.filter((path) => after.has(path) && before.has(path) && fromGoal(after.get(path), goal)).length;
  return { confidence: 0.5 + (0.5 * taken) / changed.length, changed };
}

/**
 * Compares an example's plan with the plan adapted from it for a new goal, step by step (steps
 * matched by id). Confidence per step:
 * - **1** — same tool, and the input is the same or differs only in values taken from the new
 *   goal (a changed value whose text appears in the goal);
 * - **0.5 + 0.5 × (values taken from the goal ÷ values changed)** — same tool, other values changed
 *   too (a key added or removed counts as changed and never as taken from the goal);
 * - **0** — another tool under the same id, a step the adapted plan added, or one it dropped.
 * @public
 */
export function adaptPlan(example: Plan, adapted: Plan): readonly StepAdaptation[] {
  const originals = new Map(example.steps.map((step) => [step.id, step]));
  const kept = new Set<string>();
  const result: StepAdaptation[] = adapted.steps.map((step) => {
    const original = originals.get(step.id);
    if (original === undefined) return { adapted: step, confidence: 0, changed: [] };
    kept.add(step.id);
    return { original, adapted: step, ...confidenceOf(original, step, adapted.goal) };
  });
  for (const step of example.steps) if (!kept.has(step.id)) result.push({ original: step, confidence: 0, changed: [] });
  return result;
}
