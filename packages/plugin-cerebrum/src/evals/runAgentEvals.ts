import type { AgentBudgets, AgentRunResult, AgentsService } from '@cortex-os/plugin-agents';
import type { EvalDataset, EvalDatasetCase } from './evalDataset.js';
import type { EvalCaseResult, EvalReport } from './runEvals.js';

/**
 * One case's result with what the run cost.
 * @public
 */
export interface AgentEvalCaseResult extends EvalCaseResult {
  readonly steps: number;
  readonly tokens: number;
  readonly wallMs: number;
  /** The tools the run called, in order. */
  readonly trajectory: readonly string[];
}

/**
 * An eval report of a dataset run against one agent configuration.
 * @public
 */
export interface AgentEvalReport extends EvalReport {
  readonly dataset: { readonly name: string; readonly version: string };
  /** A label for the configuration that ran (an agent name, a model, a setting). */
  readonly configuration: string;
  readonly cases: readonly AgentEvalCaseResult[];
}

/**
 * Options of {@link runAgentEvals}.
 * @public
 */
export interface RunAgentEvalsOptions {
  readonly dataset: EvalDataset;
  /** The agent to run each case with. */
  readonly agent: string;
  /** Label of this configuration in reports and comparisons (default: the agent's name). */
  readonly configuration?: string;
  /** The user the runs act for (each run's `userId`: the `user` scope of the agent's memory). */
  readonly userId?: string;
  /** Bounds of the whole run, shared by its cases: see {@link RunAgentEvalsLimits}. */
  readonly limits?: RunAgentEvalsLimits;
  /** Stops the run: the case in flight is cancelled, the rest are not started. */
  readonly signal?: AbortSignal;
  /** Milliseconds for the `maxWallMs` limit (default `performance.now`). */
  readonly clock?: () => number;
}

/**
 * What one eval run may spend in all. Each case runs with what is left as its budgets (never more
 * than its agent's own); once a limit is spent, the remaining cases are not run and fail with
 * `limit: …` naming it, so the report still holds every case.
 * @public
 */
export interface RunAgentEvalsLimits {
  /** Tokens all cases together may use. */
  readonly maxTokens?: number | undefined;
  /** Wall time all cases together may take, in milliseconds. */
  readonly maxWallMs?: number | undefined;
}

function trajectoryOf(result: AgentRunResult): string[] {
  return result.steps.flatMap((step) => step.toolCalls.filter((call) => call.outcome === 'succeeded').map((call) => call.tool));
}

/** Every expectation the run misses, in words. */
function failuresOf(expect: EvalDatasetCase['expect'], result: AgentRunResult, trajectory: readonly string[]): string[] {
  const answer = result.text.toLowerCase();
  const failures: string[] = [];
  const status = expect.status ?? 'completed';
  if (result.status !== status) failures.push(`status: expected ${status}, got ${result.status} (${result.reason})`);
  for (const text of expect.contains ?? []) if (!answer.includes(text.toLowerCase())) failures.push(`contains: the answer lacks "${text}"`);
  for (const text of expect.notContains ?? [])
    if (answer.includes(text.toLowerCase())) failures.push(`notContains: the answer has "${text}"`);
  if (expect.matches !== undefined && !new RegExp(expect.matches).test(result.text))
    failures.push(`matches: the answer does not match /${expect.matches}/`);
  if (expect.tools !== undefined && JSON.stringify(expect.tools) !== JSON.stringify(trajectory)) {
    failures.push(`tools: expected [${expect.tools.join(', ')}], called [${trajectory.join(', ')}]`);
  }
  if (expect.maxSteps !== undefined && result.usage.steps > expect.maxSteps)
    failures.push(`maxSteps: took ${result.usage.steps} steps, at most ${expect.maxSteps}`);
  return failures;
}

/** A case that did not run, or whose run threw: failed, with no cost. */
function unrun(item: EvalDatasetCase, failure: string): AgentEvalCaseResult {
  return { id: item.id, goal: item.input, passed: false, failures: [failure], steps: 0, tokens: 0, wallMs: 0, trajectory: [] };
}

/** What is left of the run's limits: the budgets of the next case, or the limit that is spent. */
function remaining(options: RunAgentEvalsOptions, spentTokens: number, elapsedMs: number) {
  const { maxTokens, maxWallMs } = options.limits ?? {};
  if (maxTokens !== undefined && spentTokens >= maxTokens) return { spent: `limit: the run's maxTokens (${maxTokens}) is spent` };
  if (maxWallMs !== undefined && elapsedMs >= maxWallMs) return { spent: `limit: the run's maxWallMs (${maxWallMs}) is spent` };
  return {
    budgets: {
      ...(maxTokens === undefined ? {} : { maxTokens: maxTokens - spentTokens }),
      ...(maxWallMs === undefined ? {} : { maxWallMs: maxWallMs - elapsedMs }),
    },
  };
}

/**
 * Runs one case. Evals never approve: a tool call that needs approval is denied, as a run without
 * an approver denies it, and the case fails naming the tool even if the agent recovered — the run
 * did not show what the case asked of it.
 */
async function runCase(
  agents: AgentsService,
  options: RunAgentEvalsOptions,
  item: EvalDatasetCase,
  budgets: AgentBudgets,
): Promise<AgentEvalCaseResult> {
  const asked: string[] = [];
  let result: AgentRunResult;
  try {
    result = await agents.run(options.agent, {
      input: item.input,
      approve: (request) => {
        asked.push(request.tool);
        return false;
      },
      budgets,
      ...(options.userId === undefined ? {} : { userId: options.userId }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    return unrun(item, `error: ${typeof code === 'string' ? code : 'the run threw'}`);
  }
  const trajectory = trajectoryOf(result);
  const approvals = [...new Set(asked)].map((tool) => `approval: ${tool} needs approval, and an eval never approves`);
  const failures = [...approvals, ...failuresOf(item.expect, result, trajectory)];
  return {
    id: item.id,
    goal: item.input,
    passed: failures.length === 0,
    answer: result.text,
    failures,
    steps: result.usage.steps,
    tokens: result.usage.totalTokens,
    wallMs: result.usage.wallMs,
    trajectory,
  };
}

/**
 * Runs every case of a dataset through an agent, one at a time (reproducible with a scripted
 * model), and checks each run against its expectations: status, answer checks and the tool
 * trajectory. A case whose run throws fails with the error's code without stopping the others.
 * No tool call is ever approved: a case whose run asked for an approval fails with `approval: …`.
 * `limits` bound the whole run; cases past a spent limit fail with `limit: …` unrun.
 * The report is what the `eval.successRate` gate reads; {@link evalJsonLines} gives bench lines.
 * @public
 */
export async function runAgentEvals(agents: AgentsService, options: RunAgentEvalsOptions): Promise<AgentEvalReport> {
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  const cases: AgentEvalCaseResult[] = [];
  let tokens = 0;
  for (const item of options.dataset.cases) {
    const left =
      options.signal?.aborted === true ? { spent: 'limit: the run was cancelled' } : remaining(options, tokens, clock() - started);
    const result = left.budgets === undefined ? unrun(item, left.spent) : await runCase(agents, options, item, left.budgets);
    tokens += result.tokens;
    cases.push(result);
  }
  const passed = cases.filter((entry) => entry.passed).length;
  return {
    kind: 'cortex-eval',
    dataset: { name: options.dataset.name, version: options.dataset.version },
    configuration: options.configuration ?? options.agent,
    total: cases.length,
    passed,
    successRate: Math.floor((passed / cases.length) * 10_000) / 100,
    cases,
  };
}
