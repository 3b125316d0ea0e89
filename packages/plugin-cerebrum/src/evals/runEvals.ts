import type { CriticRule } from '../critique/createRuleCritic.js';

/**
 * One eval case: a goal and the checks its answer must pass (the same rules a rule critic uses).
 * @public
 */
export interface EvalCase {
  readonly id: string;
  readonly goal: string;
  readonly checks: readonly CriticRule[];
}

/**
 * One case's outcome in an {@link EvalReport}.
 * @public
 */
export interface EvalCaseResult {
  readonly id: string;
  readonly goal: string;
  readonly passed: boolean;
  /** The answer, absent when solving threw. */
  readonly answer?: string;
  /** Each failed check as `name: reason`, or `error: message` when solving threw. */
  readonly failures: readonly string[];
}

/**
 * What {@link runEvals} measured; JSON-serialisable, the report the `eval.successRate` gate of
 * `@cortex-os/plugin-gates` reads.
 * @public
 */
export interface EvalReport {
  readonly kind: 'cortex-eval';
  readonly total: number;
  readonly passed: number;
  /** Passed cases as a percentage of all cases (0 when there are none). */
  readonly successRate: number;
  readonly cases: readonly EvalCaseResult[];
}

/**
 * Options of {@link runEvals}.
 * @public
 */
export interface RunEvalsOptions {
  readonly cases: readonly EvalCase[];
  /** Produces the answer for a case, e.g. an agent run or plan-and-execute plus refinement. */
  readonly solve: (evalCase: EvalCase) => Promise<string>;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function runCase(evalCase: EvalCase, solve: RunEvalsOptions['solve']): Promise<EvalCaseResult> {
  const base = { id: evalCase.id, goal: evalCase.goal };
  let answer: string;
  try {
    answer = await solve(evalCase);
  } catch (error) {
    return { ...base, passed: false, failures: [`error: ${reasonOf(error)}`] };
  }
  const failures: string[] = [];
  for (const check of evalCase.checks) {
    const problem = check.check({ goal: evalCase.goal, answer });
    if (problem !== undefined) failures.push(`${check.name}: ${problem}`);
  }
  return { ...base, passed: failures.length === 0, answer, failures };
}

/**
 * Runs every case in order (one at a time, so cases that share a model script or tool state stay
 * reproducible), checks each answer, and reports the success rate and every case's outcome. A case
 * whose `solve` throws fails with the error's message; it never stops the run.
 * @public
 */
export async function runEvals(options: RunEvalsOptions): Promise<EvalReport> {
  const cases: EvalCaseResult[] = [];
  for (const evalCase of options.cases) cases.push(await runCase(evalCase, options.solve));
  const passed = cases.filter((result) => result.passed).length;
  const successRate = cases.length === 0 ? 0 : Math.floor((passed / cases.length) * 10_000) / 100;
  return { kind: 'cortex-eval', total: cases.length, passed, successRate, cases };
}
