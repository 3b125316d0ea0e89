import { createHash } from 'node:crypto';
import { defineTool, type ToolCaller, type ToolDefinition } from '@cortex-os/kernel';
import { type AgentsService, currentDelegation, userIdOfPrincipal } from '@cortex-os/plugin-agents';
import { currentTaskCall, type TasksService } from '@cortex-os/plugin-tasks';
import { z } from 'zod';
import { compareEvalReports } from '../evals/compareEvalReports.js';
import { type EvalDataset, type EvalDatasetCase, evalCasesSchema } from '../evals/evalDataset.js';
import { type AgentEvalReport, runAgentEvals } from '../evals/runAgentEvals.js';
import type { CerebrumEvalConfiguration, CerebrumEvalsOptions } from './cerebrumEvalsOptions.js';
import { planTaskPrincipal } from './planTaskPrincipal.js';

/** A non-empty list of names as a zod enum, so an unknown name is an input error listing the known ones. */
function oneOf(names: readonly string[]) {
  return z.enum(names as [string, ...string[]]);
}

function evalsInput(options: CerebrumEvalsOptions) {
  const configurations = oneOf(options.configurations.map((item) => item.name));
  const datasets = options.datasets.map((item) => item.name);
  return z
    .strictObject({
      // Only names the host registered: a request never names a file.
      dataset: (datasets.length === 0 ? z.string().refine(() => false, 'this runtime registers no datasets: give cases') : oneOf(datasets))
        .optional()
        .describe('A dataset the runtime registered, by name.'),
      cases: evalCasesSchema(options.maxCases)
        .optional()
        .describe(`Instead of a dataset: the cases themselves (at most ${options.maxCases}), each an input and what the run must show.`),
      configuration: configurations.optional().describe('The configuration to run (default: the first the runtime offers).'),
      compareWith: configurations.optional().describe('A second configuration to run on the same cases and compare side by side.'),
      maxTokens: z.int().min(1).max(options.maxTokens).optional().describe('Most tokens the whole call may spend.'),
      maxWallMs: z.int().min(1).max(options.maxWallMs).optional().describe('Most wall time the whole call may take, in milliseconds.'),
    })
    .superRefine((input, ctx) => {
      if ((input.dataset === undefined) === (input.cases === undefined))
        ctx.addIssue({ code: 'custom', path: [input.cases === undefined ? 'dataset' : 'cases'], message: 'give either dataset or cases' });
      if (input.compareWith !== undefined && input.compareWith === (input.configuration ?? options.configurations[0]?.name))
        ctx.addIssue({ code: 'custom', path: ['compareWith'], message: 'compare with another configuration than the one run' });
    });
}

/** Inline cases as a dataset: versioned by their content, so two calls with the same cases compare. */
function inlineDataset(cases: readonly EvalDatasetCase[]): EvalDataset {
  const version = createHash('sha256').update(JSON.stringify(cases)).digest('hex').slice(0, 12);
  return { kind: 'cortex-eval-dataset', name: 'inline', version, cases };
}

/**
 * Whom a call's runs act for, as plan tasks are filed — the caller's principal, `anonymous` for a
 * remote caller without one, `host` for host code, a task's owner for an agent inside a task, whom
 * its run acts for for an agent outside one — except a run no door named anyone for: whoever
 * started it is unknown, so it runs as `anonymous`, never as `host`.
 */
function evalPrincipal(caller: ToolCaller, tasks: Pick<TasksService, 'get'> | undefined): Promise<string> {
  if (caller.transport === 'agent' && currentTaskCall() === undefined)
    return Promise.resolve(currentDelegation()?.principal ?? 'anonymous');
  return planTaskPrincipal(caller, tasks);
}

/**
 * `cerebrum.evals`: runs a dataset the host registered (or cases given inline) against a
 * configuration the host offers, and optionally a second one to compare, as the caller — each run's
 * `userId` is the caller's principal, as `userIdOfPrincipal` makes it a user id — within the call's token and time limits. Evals never approve:
 * a case whose run asked for an approval fails naming the tool.
 */
export function createEvalsTool(agents: AgentsService, options: CerebrumEvalsOptions, tasks?: Pick<TasksService, 'get'>): ToolDefinition {
  const clock = () => performance.now();
  const datasets = new Map(options.datasets.map((item) => [item.name, item]));
  const configurations = new Map(options.configurations.map((item) => [item.name, item]));
  // The options schema holds at least one configuration.
  const first = options.configurations[0] as CerebrumEvalConfiguration;
  return defineTool({
    name: 'cerebrum.evals',
    description:
      "Runs eval cases — a dataset the runtime registered, or cases given inline — against one of the runtime's agent configurations (and optionally a second, compared side by side), as you; reports per case success, steps, tokens and time.",
    input: evalsInput(options),
    annotations: { title: 'Run evals', readOnlyHint: false, destructiveHint: false, openWorldHint: false },
    async handler(input, ctx) {
      // The input schema admits only registered names and exactly one of dataset and cases, so each lookup finds its entry.
      const dataset = input.cases === undefined ? (datasets.get(input.dataset ?? '') as EvalDataset) : inlineDataset(input.cases);
      const chosen = [input.configuration ?? first.name, ...(input.compareWith === undefined ? [] : [input.compareWith])].map(
        (name) => configurations.get(name) as CerebrumEvalConfiguration,
      );
      const principal = await evalPrincipal(ctx.caller, tasks);
      const maxTokens = input.maxTokens ?? options.maxTokens;
      const maxWallMs = input.maxWallMs ?? options.maxWallMs;
      const started = clock();
      const reports: AgentEvalReport[] = [];
      for (const configuration of chosen) {
        // The limits are the call's: a second configuration gets what the first left.
        const spent = reports.reduce((sum, report) => sum + report.cases.reduce((total, item) => total + item.tokens, 0), 0);
        reports.push(
          await runAgentEvals(agents, {
            dataset,
            agent: configuration.agent,
            configuration: configuration.name,
            userId: userIdOfPrincipal(principal),
            limits: { maxTokens: Math.max(0, maxTokens - spent), maxWallMs: Math.max(0, maxWallMs - (clock() - started)) },
            signal: ctx.signal,
          }),
        );
      }
      const [ran, compared] = reports as [AgentEvalReport, AgentEvalReport | undefined];
      return {
        runAs: principal,
        dataset: ran.dataset,
        reports,
        ...(compared === undefined ? {} : { comparison: compareEvalReports(ran, compared) }),
      };
    },
  });
}
