import { createRequire } from 'node:module';
import { definePlugin, kernelExtensionPoints, optional, type PluginFactory, type SchemaFits } from '@cortex-os/kernel';
import { type PolicyRouter, policyRouterToken } from '@cortex-os/kernel/router';
import { agentsServiceToken } from '@cortex-os/plugin-agents';
import { taskRunnersToken, tasksServiceToken } from '@cortex-os/plugin-tasks';
import { createPlanTaskRunner } from '../durable/createPlanTaskRunner.js';
import { createTravelTaskRunner } from '../replay/createTravelTaskRunner.js';
import { z } from 'zod';
import type { Critic } from '../critique/Critic.js';
import { createModelCritic } from '../critique/createModelCritic.js';
import { cerebrumEvents } from '../events/cerebrumEvents.js';
import type { PlannerOptions } from '../plan/createPlanner.js';
import { recallFromMemoryTool } from '../plan/recallFromMemoryTool.js';
import { createCerebrumTools } from './createCerebrumTools.js';
import { type CerebrumEvalsOptions, type CerebrumEvalsOptionsInput, cerebrumEvalsOptionsSchema } from './cerebrumEvalsOptions.js';
import { createCritiqueTools } from './createCritiqueTools.js';
import { createEvalsTool } from './createEvalsTool.js';
import { createLearnTool } from './createLearnTool.js';
import { createTaskTools } from './createTaskTools.js';

// The plugin's version is its package's: read from package.json (same path from src/ and dist/), never a literal.
const { version: packageVersion } = createRequire(import.meta.url)('../../package.json') as { version: string };

/**
 * Options of {@link cerebrumPlugin}.
 * @public
 */
export interface CerebrumPluginOptions {
  /** Times an invalid plan goes back to the model with its problems. */
  readonly maxRepairs: number;
  /** Re-plans allowed when a step fails during `cerebrum.execute`. */
  readonly maxReplans: number;
  /** Memories recalled as planning context through `memory.search` (0 turns recall off). */
  readonly recallLimit: number;
  /** Ask the model for structured output; false lets the router use models that cannot constrain output. */
  readonly structuredOutput: boolean;
  /**
   * Run `cerebrum.execute` as a durable plan task when the runtime has the tasks plugin and its
   * worker (the agents plugin): every step checkpointed, resumed after a crash. False runs plans in the call.
   */
  readonly durable: boolean;
  /** Tree of thoughts for every plan the plugin writes: see {@link CerebrumTreeOfThoughtsOptions}. Default: one plan, no critic. */
  readonly treeOfThoughts?: CerebrumTreeOfThoughtsOptions | undefined;
  /** The critic of `cerebrum.critique` and `cerebrum.refine`: see {@link CerebrumCriticOptions}. Default: a model critic asked through the policy router. */
  readonly critic?: CerebrumCriticOptions | undefined;
  /** The `cerebrum.evals` tool (needs the agents plugin): see {@link CerebrumEvalsOptions}. Default: no evals tool. */
  readonly evals?: CerebrumEvalsOptions | undefined;
}

/**
 * The critic the cerebrum plugin's `cerebrum.critique` and `cerebrum.refine` tools judge with:
 * `critic` (code: a rule, schema or tool critic, say), or by default a model critic asked through
 * the policy router, satisfied at `threshold` and judging by the rubric in `criteria`.
 * @public
 */
export interface CerebrumCriticOptions {
  /** Judges instead of the default model critic. */
  readonly critic?: Critic | undefined;
  /** Least score the default model critic is satisfied with (default 0.8). */
  readonly threshold?: number | undefined;
  /** The default model critic's rubric: judging criteria added to its instructions. */
  readonly criteria?: string | undefined;
}

/**
 * Tree of thoughts in the cerebrum plugin: `candidates` plans are written for each planning call
 * (the first plan and every re-plan), the critic scores each valid one, and the best runs; the
 * scores are in `cerebrum.plan.created` and in a plan task's `detail`.
 * @public
 */
export interface CerebrumTreeOfThoughtsOptions {
  /** Candidate plans per planning call, 2 to 8. */
  readonly candidates: number;
  /** Scores the candidates (code only: a rule, schema or tool critic, say). Default: a model critic asked through the policy router. */
  readonly critic?: Critic | undefined;
  /** Least score the default model critic is satisfied with (default 0.8); it does not change which candidate wins. */
  readonly threshold?: number | undefined;
}

/**
 * Options of {@link cerebrumPlugin} as a host writes them: every field optional.
 * @public
 */
export interface CerebrumPluginOptionsInput {
  readonly maxRepairs?: number | undefined;
  readonly maxReplans?: number | undefined;
  readonly recallLimit?: number | undefined;
  readonly structuredOutput?: boolean | undefined;
  readonly durable?: boolean | undefined;
  readonly treeOfThoughts?: CerebrumTreeOfThoughtsOptions | undefined;
  readonly critic?: CerebrumCriticOptions | undefined;
  /** See {@link CerebrumPluginOptions.evals}. */
  readonly evals?: CerebrumEvalsOptionsInput | undefined;
}

const criticSchema = z.custom<Critic>((value) => typeof (value as { critique?: unknown } | null)?.critique === 'function', {
  error: 'Invalid input: expected a critic, an object with a critique() function',
});

const treeOfThoughtsSchema = z.strictObject({
  candidates: z.int().min(2).max(8),
  critic: criticSchema.optional(),
  threshold: z.number().min(0).max(1).optional(),
});

const criticOptionsSchema = z.strictObject({
  critic: criticSchema.optional(),
  threshold: z.number().min(0).max(1).optional(),
  criteria: z.string().min(1).max(4000).optional(),
});

const optionsSchema = z.strictObject({
  maxRepairs: z.int().min(0).max(10).default(2),
  maxReplans: z.int().min(0).max(10).default(2),
  recallLimit: z.int().min(0).max(50).default(5),
  structuredOutput: z.boolean().default(true),
  durable: z.boolean().default(true),
  treeOfThoughts: treeOfThoughtsSchema.optional(),
  critic: criticOptionsSchema.optional(),
  evals: cerebrumEvalsOptionsSchema.optional(),
});

// Compile-time proof that the schema and the option interfaces have not drifted apart.
true satisfies SchemaFits<CerebrumPluginOptions, typeof optionsSchema>;
true satisfies SchemaFits<CerebrumPluginOptionsInput, typeof optionsSchema>;

/**
 * The options schema of {@link cerebrumPlugin}.
 * @public
 */
export const cerebrumPluginOptions: z.ZodType<CerebrumPluginOptions, CerebrumPluginOptionsInput> = optionsSchema;

/** The critic of the critique tools: the one given, or a model critic through the router. */
function toolCritic(options: CerebrumCriticOptions | undefined, router: PolicyRouter): Critic {
  return (
    options?.critic ??
    createModelCritic({
      provider: { name: 'policy-router', generate: (messages, generateOptions) => router.generate(messages, generateOptions) },
      ...(options?.threshold === undefined ? {} : { threshold: options.threshold }),
      ...(options?.criteria === undefined ? {} : { criteria: options.criteria }),
    })
  );
}

/** The planner options of tree of thoughts: the candidates, and the critic (the router's model when none is given). */
function treeOfThoughtsPlanner(
  options: CerebrumTreeOfThoughtsOptions | undefined,
  router: PolicyRouter,
): Pick<PlannerOptions, 'candidates' | 'critic'> {
  if (options === undefined) return {};
  const critic =
    options.critic ??
    createModelCritic({
      provider: { name: 'policy-router', generate: (messages, generateOptions) => router.generate(messages, generateOptions) },
      ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
    });
  return { candidates: options.candidates, critic };
}

/**
 * Planning for the runtime: contributes `cerebrum.plan` and `cerebrum.execute`, which plan with
 * the runtime's policy router (structured output, validated against the tools' contracts,
 * repaired with the exact problems), recall planning context and the caller's learned examples
 * through `memory.search` when the runtime has it, and run plans through the tool registry. With
 * `treeOfThoughts`, each planning call writes several candidates and a critic picks the best; with
 * `evals`, `cerebrum.evals` runs eval cases against the agents the host lists, as the caller.
 *
 * @example
 * ```ts
 * const kernel = createKernel({ plugins: [routerPlugin(), ollamaPlugin(), cerebrumPlugin()] });
 * await kernel.start();
 * const { structured } = await kernel.tools.call('cerebrum.plan', { goal: 'Summarise my notes on otters' });
 * ```
 * @public
 */
export const cerebrumPlugin: PluginFactory<z.ZodType<CerebrumPluginOptions, CerebrumPluginOptionsInput | undefined>> = definePlugin({
  name: 'cerebrum',
  version: packageVersion,
  description: 'Planning: plans validated against tool contracts, plan-and-execute with re-planning.',
  options: optionsSchema.default({ maxRepairs: 2, maxReplans: 2, recallLimit: 5, structuredOutput: true, durable: true }),
  requires: {
    router: policyRouterToken,
    tasks: optional(tasksServiceToken),
    runners: optional(taskRunnersToken),
    agents: optional(agentsServiceToken),
  },
  contributes: { tools: kernelExtensionPoints.tools },
  events: cerebrumEvents,
  start({ deps, options, tools, events }) {
    const recall = options.recallLimit === 0 ? undefined : recallFromMemoryTool(tools, { limit: options.recallLimit });
    const env = {
      registry: tools,
      planner: {
        model: deps.router,
        maxRepairs: options.maxRepairs,
        structuredOutput: options.structuredOutput,
        ...(recall === undefined ? {} : { recall }),
        ...treeOfThoughtsPlanner(options.treeOfThoughts, deps.router),
      },
      maxReplans: options.maxReplans,
      events,
      agents: deps.agents,
    };
    // Plan tasks run on the tasks plugin's worker, which runs only beside the agents plugin.
    const durable = options.durable && deps.tasks !== undefined && deps.runners !== undefined && deps.agents !== undefined;
    // Registered for the runtime's life: taking it out while the tasks worker stops could hand a claimed plan task to no runner.
    if (durable && deps.agents !== undefined && deps.tasks !== undefined) {
      deps.runners?.register(createPlanTaskRunner(env));
      deps.runners?.register(createTravelTaskRunner({ agents: deps.agents, tasks: deps.tasks, plans: env }));
    }
    const taskTools = durable && deps.agents !== undefined && deps.tasks !== undefined ? createTaskTools(deps.agents, deps.tasks, env) : [];
    const { runners } = deps;
    const planTasks =
      durable && deps.tasks !== undefined && runners !== undefined ? { service: deps.tasks, served: () => runners.served } : undefined;
    const critic = toolCritic(options.critic, deps.router);
    const learn = deps.tasks === undefined ? [] : [createLearnTool(tools, deps.tasks)];
    const evals = options.evals === undefined || deps.agents === undefined ? [] : [createEvalsTool(deps.agents, options.evals, deps.tasks)];
    return {
      tools: [
        ...createCerebrumTools(env, planTasks, deps.tasks),
        ...taskTools,
        ...createCritiqueTools(critic, deps.router, deps.tasks),
        ...learn,
        ...evals,
      ],
    };
  },
});
