import type { AgentRunResult, AgentsService } from '@cortex-os/plugin-agents';
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

/**
 * Runs every case of a dataset through an agent, one at a time (reproducible with a scripted
 * model), and checks each run against its expectations: status, answer checks and the tool
 * trajectory. A case whose run throws fails with the error's code without stopping the others.
 * The report is what the `eval.successRate` gate reads; {@link evalJsonLines} gives bench lines.
 * @public
 */
export async function runAgentEvals(agents: AgentsService, options: RunAgentEvalsOptions): Promise<AgentEvalReport> {
  const cases: AgentEvalCaseResult[] = [];
  for (const item of options.dataset.cases) {
    const base = { id: item.id, goal: item.input };
    let result: AgentRunResult;
    try {
      result = await agents.run(options.agent, { input: item.input });
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      cases.push({
        ...base,
        passed: false,
        failures: [`error: ${typeof code === 'string' ? code : 'the run threw'}`],
        steps: 0,
        tokens: 0,
        wallMs: 0,
        trajectory: [],
      });
      continue;
    }
    const trajectory = trajectoryOf(result);
    const failures = failuresOf(item.expect, result, trajectory);
    cases.push({
      ...base,
      passed: failures.length === 0,
      answer: result.text,
      failures,
      steps: result.usage.steps,
      tokens: result.usage.totalTokens,
      wallMs: result.usage.wallMs,
      trajectory,
    });
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
