import type { ToolRegistry } from '@cortex-os/kernel';
import { type ChatMessage, type ModelResponseFormat, toModelResponseFormat } from '@cortex-os/kernel/router';
import type { Critic } from '../critique/Critic.js';
import { CerebrumError } from '../errors/CerebrumError.js';
import { tracedCritic } from './PlanSpans.js';
import type { PlanProblem } from './PlanProblem.js';
import { type Plan, planSchema } from './planSchema.js';
import { type PlanConstraints, registryToolContracts } from './PlanToolContract.js';
import { checkPlan, type PlanValidationOptions } from './validatePlan.js';
import { planningPrompt, repairPrompt } from './planningPrompt.js';

/**
 * What the planner asks for plans: a model provider or the runtime's policy router (both fit).
 * @public
 */
export interface PlanModel {
  generate(
    messages: readonly ChatMessage[],
    options?: {
      readonly responseFormat?: ModelResponseFormat;
      readonly signal?: AbortSignal;
      /** The routing policy (the policy router reads it): `localOnly` for a `localOnly` plan. */
      readonly policy?: { readonly localOnly?: boolean };
    },
  ): Promise<{ readonly text: string }>;
}

/**
 * Options of {@link createPlanner}.
 * @public
 */
export interface PlannerOptions {
  /** The model that writes plans (structured output is requested; the reply is validated either way). */
  readonly model: PlanModel;
  /** The runtime's tools: offered to the model with their schemas, and the plan is checked against their contracts. */
  readonly tools: Pick<ToolRegistry, 'list' | 'get'>;
  /** The tools plans may use (an agent's resolved allow-list). Default: every registered tool. */
  readonly allowedTools?: Iterable<string>;
  /** The runtime's agents (the agents service): offered for sub-goal steps (`tool: "agent:<name>"`). Default: none. */
  readonly agents?: {
    list(): readonly {
      readonly name: string;
      readonly description: string;
      /** Its budgets, for the plan's estimate (default the agents plugin's defaults). */
      readonly budgets?: { readonly maxTokens: number; readonly maxWallMs: number } | undefined;
    }[];
  };
  /** The agents sub-goal steps may use. Default: every agent in `agents`. */
  readonly allowedAgents?: Iterable<string>;
  /**
   * Recalls context for a goal (memories of kind `planning-context`, learned examples) for the
   * principal the plan is for ({@link PlanRequest.principal}); see {@link recallFromMemoryTool}.
   */
  readonly recall?: (goal: string, signal: AbortSignal | undefined, principal?: string) => Promise<readonly (string | RecalledContext)[]>;
  /** Times an invalid plan goes back to the model with its problems (default 2). */
  readonly maxRepairs?: number;
  /** Candidate plans to write (tree of thoughts); more than 1 needs a `critic` to choose (default 1). */
  readonly candidates?: number;
  /** Scores each valid candidate; the best runs. */
  readonly critic?: Critic;
  /**
   * Ask for the plan as structured output (default true). Turn off for models that cannot
   * constrain their output (the router then also routes to them); replies are validated either way.
   */
  readonly structuredOutput?: boolean;
}

/**
 * One recalled piece of context: its text, and where it came from when it is a memory.
 * @public
 */
export interface RecalledContext {
  readonly text: string;
  readonly kind?: string;
  /** The memory's id. */
  readonly id?: string;
}

/**
 * One request for a plan.
 * @public
 */
export interface PlanRequest {
  /** Context the caller already has; recalled context is added after it. */
  readonly context?: readonly string[];
  /** What the plan must hold (`localOnly`, `maxSteps`). */
  readonly constraints?: PlanConstraints;
  /** A plan that worked for a similar goal: the model is asked to adapt it (adapted replay). */
  readonly example?: Plan;
  /** A plan a critic judged, with its feedback: the model is asked for a better one (see `refinePlan`). */
  readonly revise?: { readonly plan: Plan; readonly feedback: readonly string[] };
  readonly signal?: AbortSignal;
  /** Whom the plan is for: `recall` gives only this principal's learning examples (none without one). */
  readonly principal?: string;
}

/**
 * One reply of the model: which candidate, which round, and what was wrong with it (empty when valid).
 * @public
 */
export interface PlanAttempt {
  readonly candidate: number;
  readonly round: number;
  readonly problems: readonly PlanProblem[];
}

/**
 * A valid candidate plan, with the critic's score when candidates were compared.
 * @public
 */
export interface PlanCandidate {
  readonly candidate: number;
  readonly plan: Plan;
  readonly score?: number;
  readonly feedback?: readonly string[];
  readonly chosen: boolean;
}

/**
 * What planning produced: the chosen plan, the context it was given, every attempt and every candidate.
 * @public
 */
export interface PlanningResult {
  readonly plan: Plan;
  readonly context: readonly string[];
  /** Ids of the recalled learning examples (memories of kind `learning-example`) that informed the plan. */
  readonly examples: readonly string[];
  readonly attempts: readonly PlanAttempt[];
  readonly candidates: readonly PlanCandidate[];
}

/**
 * A planner. See {@link createPlanner}.
 * @public
 */
export interface Planner {
  plan(goal: string, request?: PlanRequest): Promise<PlanningResult>;
}

/** The JSON object in a reply, fenced or bare; `undefined` when there is none. */
function jsonIn(text: string): unknown {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end < start) return undefined;
  try {
    return JSON.parse(text.slice(start, end + 1));
  } catch {
    return undefined;
  }
}

const responseFormat = toModelResponseFormat('plan', planSchema, 'A plan: steps calling tools, with dependencies.');

/**
 * Creates a planner: `plan(goal)` gathers context (the caller's, then recalled memories), offers
 * the allowed tools with their input schemas, and asks the model for a plan as structured output.
 * Each reply is validated ({@link checkPlan} with the tools' contracts and the constraints); an
 * invalid one goes back to the model with its exact problems, `maxRepairs` times. With
 * `candidates` > 1 (tree of thoughts) each candidate is written the same way, the critic scores
 * every valid one, and the best is chosen (the first on a tie); scores and discarded candidates
 * stay in the result.
 *
 * @throws {@link CerebrumError} `CEREBRUM_PLAN_INVALID` when no candidate became valid, listing the last problems of each.
 * @throws {@link CerebrumError} `CEREBRUM_PLANNER_OPTIONS_INVALID` for `candidates` > 1 without a critic, or counts out of range.
 * @public
 */
export function createPlanner(options: PlannerOptions): Planner {
  const maxRepairs = options.maxRepairs ?? 2;
  const candidates = options.candidates ?? 1;
  const problems = [
    ...(Number.isInteger(maxRepairs) && maxRepairs >= 0 && maxRepairs <= 10 ? [] : ['maxRepairs must be an integer from 0 to 10']),
    ...(Number.isInteger(candidates) && candidates >= 1 && candidates <= 8 ? [] : ['candidates must be an integer from 1 to 8']),
    ...(candidates > 1 && options.critic === undefined ? ['candidates above 1 need a critic to choose between them'] : []),
  ];
  if (problems.length > 0) throw CerebrumError.create('CEREBRUM_PLANNER_OPTIONS_INVALID', { problems: problems.join('; ') });
  return { plan: (goal, request = {}) => new Planning(options, goal, request, maxRepairs).run(candidates) };
}

/** The agents a plan's sub-goal steps are checked against, with their budgets for the estimate. */
export function agentValidation(
  agents: readonly { readonly name: string; readonly budgets?: { readonly maxTokens: number; readonly maxWallMs: number } | undefined }[],
): Pick<PlanValidationOptions, 'agents' | 'estimate'> {
  const budgets = new Map(agents.map((agent) => [agent.name, agent.budgets]));
  return { agents: agents.map((agent) => agent.name), estimate: { agentBudgets: (name) => budgets.get(name) } };
}

/** One call of `plan`: the shared prompt and validation, then each candidate's rounds. */
class Planning {
  readonly #options: PlannerOptions;
  readonly #goal: string;
  readonly #request: PlanRequest;
  readonly #maxRepairs: number;
  readonly #attempts: PlanAttempt[] = [];

  constructor(options: PlannerOptions, goal: string, request: PlanRequest, maxRepairs: number) {
    this.#options = options;
    this.#goal = goal;
    this.#request = request;
    this.#maxRepairs = maxRepairs;
  }

  async run(count: number): Promise<PlanningResult> {
    const recalled = ((await this.#options.recall?.(this.#goal, this.#request.signal, this.#request.principal)) ?? []).map((item) =>
      typeof item === 'string' ? { text: item } : item,
    );
    const context = [...(this.#request.context ?? []), ...recalled.map((item) => item.text)];
    const examples = recalled.flatMap((item) => (item.kind === 'learning-example' && item.id !== undefined ? [item.id] : []));
    const validation = this.#validation();
    const allowed = new Set(validation.allowedTools ?? validation.tools);
    const offered = this.#options.tools.list().filter((tool) => allowed.has(tool.name));
    const allowedAgents = new Set(validation.allowedAgents ?? validation.agents ?? []);
    const subAgents = (this.#options.agents?.list() ?? []).filter((agent) => allowedAgents.has(agent.name));
    const prompt = planningPrompt(
      this.#goal,
      context,
      offered,
      this.#request.constraints,
      this.#request.example,
      subAgents,
      this.#request.revise,
    );
    const valid: { candidate: number; plan: Plan }[] = [];
    for (let candidate = 0; candidate < count; candidate++) {
      const plan = await this.#candidate(candidate, prompt, validation, context);
      if (plan !== undefined) valid.push({ candidate, plan });
    }
    if (valid.length === 0) throw this.#invalid();
    const scored = await this.#score(valid, count);
    const best = scored.reduce((top, entry) => ((entry.score ?? 0) > (top.score ?? 0) ? entry : top), scored[0] as (typeof scored)[number]);
    return {
      plan: best.plan,
      context,
      examples,
      attempts: this.#attempts,
      candidates: scored.map((entry) => ({ ...entry, chosen: entry === best })),
    };
  }

  #validation(): PlanValidationOptions {
    const names = this.#options.tools.list().map((tool) => tool.name);
    return {
      tools: names,
      ...(this.#options.allowedTools === undefined ? {} : { allowedTools: [...this.#options.allowedTools] }),
      describeTool: registryToolContracts(this.#options.tools),
      ...(this.#request.constraints === undefined ? {} : { constraints: this.#request.constraints }),
      ...(this.#options.agents === undefined ? {} : agentValidation(this.#options.agents.list())),
      ...(this.#options.allowedAgents === undefined ? {} : { allowedAgents: [...this.#options.allowedAgents] }),
    };
  }

  /** Writes one candidate: the first reply, then up to `maxRepairs` corrections. */
  async #candidate(candidate: number, prompt: readonly ChatMessage[], validation: PlanValidationOptions, context: readonly string[]) {
    const messages: ChatMessage[] = [...prompt];
    for (let round = 0; round <= this.#maxRepairs; round++) {
      const reply = await this.#options.model.generate(messages, {
        ...(this.#options.structuredOutput === false ? {} : { responseFormat }),
        ...(this.#request.signal === undefined ? {} : { signal: this.#request.signal }),
        // A localOnly plan is also written locally: the goal and context never reach a remote model.
        ...(this.#request.constraints?.localOnly === true ? { policy: { localOnly: true } } : {}),
      });
      const json = jsonIn(reply.text);
      // The goal and context are the planner's own: a model may not rewrite what it was asked.
      const input = typeof json === 'object' && json !== null ? { ...json, goal: this.#goal, context } : json;
      const checked =
        input === undefined
          ? { problems: [{ code: 'malformed' as const, message: 'the reply holds no JSON object' }] }
          : checkPlan(input, validation);
      this.#attempts.push({ candidate, round, problems: checked.problems });
      if (checked.plan !== undefined && checked.problems.length === 0) return checked.plan;
      messages.push({ role: 'assistant', content: reply.text }, { role: 'user', content: repairPrompt(checked.problems) });
    }
    return undefined;
  }

  /** The critic's verdict on each valid candidate (none when one candidate was asked for). */
  async #score(
    valid: readonly { candidate: number; plan: Plan }[],
    count: number,
  ): Promise<{ candidate: number; plan: Plan; score?: number; feedback?: readonly string[] }[]> {
    if (count === 1 || this.#options.critic === undefined) return [...valid];
    const critic = tracedCritic(this.#options.critic, 'plan');
    const scored = [];
    for (const entry of valid) {
      const verdict = await critic.critique({ goal: this.#goal, answer: JSON.stringify(entry.plan.steps), signal: this.#request.signal });
      scored.push({ ...entry, score: verdict.score, feedback: verdict.feedback });
    }
    return scored;
  }

  #invalid(): CerebrumError {
    const last = new Map<number, readonly PlanProblem[]>();
    for (const attempt of this.#attempts) last.set(attempt.candidate, attempt.problems);
    const problems = [...last.values()].flat();
    const lines = problems.map(
      (problem) => `- ${problem.step === undefined ? '' : `[${problem.step}] `}${problem.code}: ${problem.message}`,
    );
    return CerebrumError.create(
      'CEREBRUM_PLAN_INVALID',
      { goal: this.#goal, count: String(problems.length), problems: lines.join('\n') },
      { details: { problems, attempts: this.#attempts.length } },
    );
  }
}
