import type { Disposer, EventBus, ExtensionPointContribution, ExtensionPointContributions, ToolRegistry } from '@cortex-os/kernel';
import type { ModelProvider, PolicyRouter } from '@cortex-os/kernel/router';
import { type AgentBudgets, budgetProblems, narrowBudgets, resolveBudgets } from '../definition/AgentBudgets.js';
import type { AgentDefinition } from '../definition/AgentDefinition.js';
import { closestName } from '../definition/closestName.js';
import { type AgentProblem, type ResolvedAgent, resolveAgent } from '../definition/resolveAgent.js';
import { AgentError } from '../errors/AgentError.js';
import { memoryRunProblems } from '../memory/agentMemoryPolicy.js';
import { userIdOfPrincipal } from '../memory/userIdOfPrincipal.js';
import type { ExternalAgent } from '../external/ExternalAgent.js';
import { externalAgentProblems } from '../external/externalAgentProblems.js';
import { runExternalAgent } from '../external/runExternalAgent.js';
import { AgentRunLoop } from '../run/AgentRunLoop.js';
import type { AgentRunOptions } from '../run/AgentRunOptions.js';
import type { AgentRunResult } from '../run/AgentRunResult.js';
import { type AgentToolRunner, agentTool, agentToolName } from '../subagents/agentTool.js';
import { AgentToolExposure } from '../subagents/AgentToolExposure.js';
import type { AgentThreadStore } from '../threads/AgentThreadStore.js';
import { journaledAppend, journaledHistory, recordedHistoryCall } from '../threads/journaledThread.js';
import { type TrimmedHistory, trimHistory } from '../threads/trimHistory.js';
import type { AgentDescriptor, AgentsService } from './AgentsService.js';

/** What the agents service is built from. */
export interface AgentsRuntimeOptions {
  /** The live contributions to the agents extension point. */
  readonly agents: ExtensionPointContributions<AgentDefinition>;
  /** The live contributions of agents that are not model loops. */
  readonly externalAgents: ExtensionPointContributions<ExternalAgent>;
  /** How deep agents may call agents as tools. */
  readonly maxDepth: number;
  readonly router: PolicyRouter;
  readonly tools: ToolRegistry;
  readonly providers: readonly ModelProvider[];
  readonly events?: EventBus;
  /** The runner's clock, in epoch milliseconds. */
  readonly now: () => number;
  /** Where threads keep their history. */
  readonly threads: AgentThreadStore;
}

/** The error listing every problem of the runtime's agents. */
function definitionsError(problems: readonly AgentProblem[]): AgentError {
  const lines = problems.map((problem) => `  - [${problem.code}] ${problem.agent} (plugin ${problem.plugin}): ${problem.message}`);
  return AgentError.create('AGENT_DEFINITIONS_INVALID', { count: problems.length, problems: lines.join('\n') }, { details: { problems } });
}

function duplicateProblems(contributions: readonly ExtensionPointContribution<{ readonly name: string }>[]): AgentProblem[] {
  const byName = new Map<string, string[]>();
  for (const { value, contributor } of contributions) byName.set(value.name, [...(byName.get(value.name) ?? []), contributor]);
  return [...byName].flatMap(([agent, plugins]) => {
    if (plugins.length < 2) return [];
    const error = AgentError.create('AGENT_DUPLICATE', { agent, plugins: plugins.map((plugin) => `"${plugin}"`).join(' and ') });
    return [{ code: error.code, agent, plugin: plugins.join(', '), message: error.message }];
  });
}

/** Why a run's options are unusable (empty when they are fine). */
function runOptionProblems(options: AgentRunOptions): string[] {
  const problems: string[] = [];
  if (typeof options?.input !== 'string' || options.input.trim() === '') problems.push('input must be a non-empty string');
  if (options?.signal !== undefined && !(options.signal instanceof AbortSignal)) problems.push('signal must be an AbortSignal');
  if (options?.approve !== undefined && typeof options.approve !== 'function') problems.push('approve must be a function');
  if (options?.journal !== undefined && (typeof options.journal?.model !== 'function' || typeof options.journal.tool !== 'function'))
    problems.push('journal must have model and tool functions');
  if (options?.journal?.toolInput !== undefined && typeof options.journal.toolInput !== 'function')
    problems.push('journal.toolInput must be a function when given');
  if (options?.threadId !== undefined && (typeof options.threadId !== 'string' || options.threadId === ''))
    problems.push('threadId must be a non-empty string');
  if (options?.principal !== undefined && (typeof options.principal !== 'string' || options.principal === ''))
    problems.push('principal must be a non-empty string');
  if (options?.localOnly !== undefined && typeof options.localOnly !== 'boolean') problems.push('localOnly must be a boolean');
  problems.push(...budgetProblems(options?.budgets as AgentBudgets | undefined));
  return problems;
}

/** A run for a principal acts for that principal's user unless it names another ({@link userIdOfPrincipal}). */
function withPrincipalUser(options: AgentRunOptions): AgentRunOptions {
  const { principal, userId } = options ?? {};
  if (userId !== undefined || typeof principal !== 'string' || principal === '') return options;
  return { ...options, userId: userIdOfPrincipal(principal) };
}

/** The agents service behind `agentsServiceToken`: resolves agents against the runtime and runs them. */
export class AgentsRuntime implements AgentsService, AgentToolRunner {
  readonly #options: AgentsRuntimeOptions;
  /** Agents bound to the registry as it is; cleared whenever a tool comes or goes. */
  readonly #resolved = new WeakMap<AgentDefinition, { agent: ResolvedAgent; problems: AgentProblem[] }>();
  #generation = 0;
  readonly #generations = new WeakMap<AgentDefinition, number>();

  readonly #stopWatching: Disposer;
  readonly #exposure: AgentToolExposure<AgentDefinition>;
  readonly #externalExposure: AgentToolExposure<ExternalAgent>;

  constructor(options: AgentsRuntimeOptions) {
    this.#options = options;
    this.#stopWatching = options.tools.onChange(() => {
      this.#generation += 1;
    });
    // Agent tools are registered as their agents arrive, so validation (once all have started) sees them.
    const { maxDepth } = options;
    this.#exposure = new AgentToolExposure(options.agents, options.tools, (agent) =>
      agent.asTool ? agentTool(agent, this, maxDepth) : undefined,
    );
    this.#externalExposure = new AgentToolExposure(options.externalAgents, options.tools, (agent) =>
      externalAgentProblems(agent).length === 0 ? agentTool(agent, this, maxDepth) : undefined,
    );
  }

  /** Unregisters the agent tools and stops following the tool registry. */
  [Symbol.dispose](): void {
    this.#exposure[Symbol.dispose]();
    this.#externalExposure[Symbol.dispose]();
    this.#stopWatching();
  }

  list(): readonly AgentDescriptor[] {
    const local = this.#options.agents.list().map(({ value, contributor }) => ({
      name: value.name,
      description: value.description,
      plugin: contributor,
      tools: this.#resolve(value, contributor).agent.tools.map((tool) => tool.name),
      structuredOutput: value.output !== undefined,
      ...(value.asTool ? { tool: agentToolName(value.name) } : {}),
      ...(value.memory === undefined ? {} : { memory: value.memory }),
      budgets: resolveBudgets(value.budgets),
    }));
    const external = this.#options.externalAgents.list().map(({ value, contributor }) => ({
      name: value.name,
      description: value.description,
      plugin: contributor,
      tools: [],
      structuredOutput: false,
      tool: agentToolName(value.name),
    }));
    return [...local, ...external];
  }

  validate(): void {
    const contributions = this.#options.agents.list();
    const external = this.#options.externalAgents.list();
    const problems = [
      ...duplicateProblems([...contributions, ...external]),
      ...external.flatMap(({ value, contributor }) =>
        externalAgentProblems(value).map((message) => ({
          code: 'AGENT_DEFINITION_INVALID' as const,
          agent: String(value?.name),
          plugin: contributor,
          message,
        })),
      ),
      ...contributions.flatMap(({ value, contributor }) => this.#resolve(value, contributor).problems),
    ];
    if (problems.length > 0) throw definitionsError(problems);
  }

  run<O>(agent: string | AgentDefinition<O>, options: AgentRunOptions): Promise<AgentRunResult<O>> {
    return this.runAt(typeof agent === 'string' ? agent : agent.name, options, 0) as Promise<AgentRunResult<O>>;
  }

  /** Runs an agent at a depth: 0 when started directly, one more than its caller's when called as a tool. */
  async runAt(name: string, given: AgentRunOptions, depth: number): Promise<AgentRunResult> {
    const options = withPrincipalUser(given);
    const external = this.#options.externalAgents.list().find(({ value }) => value.name === name);
    if (external !== undefined) return this.#runExternal(external.value, external.contributor, options, depth);
    const contribution = this.#find(name);
    const optionProblems = [...runOptionProblems(options), ...memoryRunProblems(contribution.value.memory, options ?? {})];
    if (optionProblems.length > 0) {
      throw AgentError.create(
        'AGENT_RUN_OPTIONS_INVALID',
        { agent: name, problems: optionProblems.join('; ') },
        { details: { problems: optionProblems } },
      );
    }
    const { agent: resolved, problems } = this.#resolve(contribution.value, contribution.contributor);
    if (problems.length > 0) throw definitionsError(problems);
    const budgets = narrowBudgets(resolved.definition.budgets, options.budgets);
    const { pricing } = resolved;
    if (budgets.maxCost !== undefined && (pricing.unpriced.length > 0 || pricing.candidates.length === 0)) {
      const providers = pricing.candidates.length === 0 ? 'no provider' : pricing.unpriced.map((provider) => `"${provider}"`).join(', ');
      throw AgentError.create('AGENT_COST_UNPRICED', { agent: name, providers }, { details: { agent: name, unpriced: pricing.unpriced } });
    }
    const { router, tools, events, now } = this.#options;
    const history = await this.#history(resolved, options);
    const deps = { router, tools, events, now, depth, embed: this.#embed };
    const ran = await new AgentRunLoop(resolved, deps, options, budgets, history).run();
    const { threadId } = options;
    if (threadId === undefined || history === undefined) return ran;
    const result: AgentRunResult = { ...ran, memoryCalls: [recordedHistoryCall(threadId, history), ...(ran.memoryCalls ?? [])] };
    if (result.status === 'completed') {
      const turn = [{ role: 'user' as const, content: options.input }, ...result.steps.flatMap((step) => step.appended)];
      const last = Math.max(0, result.steps.length - 1);
      await journaledAppend(options.journal, last, threadId, turn, () => this.#options.threads.append(threadId, turn));
    }
    return result;
  }

  /** Runs an agent that is not a model loop, after the same checks of the options as a local run. */
  async #runExternal(agent: ExternalAgent, plugin: string, options: AgentRunOptions, depth: number): Promise<AgentRunResult> {
    const problems = runOptionProblems(options);
    if (problems.length > 0) {
      throw AgentError.create('AGENT_RUN_OPTIONS_INVALID', { agent: agent.name, problems: problems.join('; ') }, { details: { problems } });
    }
    return runExternalAgent(agent, options, depth, { now: this.#options.now, events: this.#options.events, plugin });
  }

  /** Embeds with the router's embedding model, for semantic tool search. */
  readonly #embed = async (texts: readonly string[]): Promise<readonly Float32Array[]> => (await this.#options.router.embed(texts)).vectors;

  /** The thread's history fitted to the agent's limit, when the run continues a thread. */
  async #history(agent: ResolvedAgent, options: AgentRunOptions): Promise<TrimmedHistory | undefined> {
    const { threadId } = options;
    if (threadId === undefined) return undefined;
    return journaledHistory(options.journal, threadId, async () => {
      const history = await this.#options.threads.load(threadId);
      return trimHistory(history, agent.definition.history, this.#options.router, options.signal);
    });
  }

  #find(name: string): ExtensionPointContribution<AgentDefinition> {
    const contributions = this.#options.agents.list();
    const found = contributions.find((contribution) => contribution.value.name === name);
    if (found !== undefined) return found;
    const names = [...contributions, ...this.#options.externalAgents.list()].map((contribution) => contribution.value.name);
    const suggestion = closestName(name, names);
    const hint = suggestion === undefined ? '' : ` Did you mean "${suggestion}"?`;
    throw AgentError.create('AGENT_UNKNOWN', { agent: name, hint }, { details: { agent: name } });
  }

  #resolve(definition: AgentDefinition, plugin: string): { agent: ResolvedAgent; problems: AgentProblem[] } {
    const cached = this.#resolved.get(definition);
    if (cached !== undefined && this.#generations.get(definition) === this.#generation) return cached;
    const resolved = resolveAgent(definition, plugin, this.#options);
    this.#resolved.set(definition, resolved);
    this.#generations.set(definition, this.#generation);
    return resolved;
  }
}
