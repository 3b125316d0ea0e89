import type { ToolDefinition, ToolRegistry } from '@cortex-os/kernel';
import {
  estimateTokens,
  type ModelProvider,
  type ModelResponseFormat,
  type ModelToolDefinition,
  toModelResponseFormat,
  toModelTools,
} from '@cortex-os/kernel/router';
import type { AgentErrorCode } from '../errors/agentErrorCatalogue.js';
import { AgentError } from '../errors/AgentError.js';
import type { AgentDefinition } from './AgentDefinition.js';
import { type AgentPricing, agentPricing, costOf } from './AgentPricing.js';
import { closestName } from './closestName.js';
import { isToolPattern, selectTools } from './toolPattern.js';
import { MEMORY_SEARCH_TOOL, MEMORY_STORE_TOOL } from '../memory/AgentMemory.js';
import { memoryRememberModelTool } from '../memory/rememberTool.js';
import { ToolSearchIndex } from '../toolSearch/ToolSearchIndex.js';
import { toolSearchModelTool } from '../toolSearch/toolSearchTool.js';

/**
 * One problem of an agent in this runtime, as `AGENT_DEFINITIONS_INVALID` lists it.
 * @public
 */
export interface AgentProblem {
  /** The code the problem would have on its own (`AGENT_TOOL_UNKNOWN`, `AGENT_BUDGET_IMPOSSIBLE`, …). */
  readonly code: AgentErrorCode;
  /** The agent's name. */
  readonly agent: string;
  /** The plugin that contributed the agent. */
  readonly plugin: string;
  /** What is wrong, in plain words. */
  readonly message: string;
}

/** An agent bound to this runtime: its tools, what the model is offered, and what every request costs before any message. */
export interface ResolvedAgent {
  readonly definition: AgentDefinition;
  readonly plugin: string;
  readonly tools: readonly ToolDefinition[];
  readonly modelTools: readonly ModelToolDefinition[];
  readonly responseFormat: ModelResponseFormat | undefined;
  /** Estimated tokens of the tool definitions and response format, sent with every request. */
  readonly overheadTokens: number;
  /** Tool search, when the agent allows more tools than its threshold: `modelTools` is then the meta-tool alone. */
  readonly search?: { readonly index: ToolSearchIndex; readonly maxResults: number };
  readonly pricing: AgentPricing;
}

/** What {@link resolveAgent} needs of the runtime. */
export interface AgentRuntimeView {
  readonly tools: ToolRegistry;
  readonly providers: readonly ModelProvider[];
}

/** A problem record from the error the problem would be on its own. */
function problem(error: AgentError, agent: string, plugin: string): AgentProblem {
  return { code: error.code, agent, plugin, message: error.message };
}

/** The tools an allow-list selects, with a problem per exact name not registered and per pattern that matches nothing. */
function allowedTools(definition: AgentDefinition, plugin: string, registry: ToolRegistry): { names: string[]; problems: AgentProblem[] } {
  const registered = registry.list().map((tool) => tool.name);
  const problems: AgentProblem[] = [];
  for (const entry of definition.tools) {
    if (selectTools([entry], registered).length > 0) continue;
    if (isToolPattern(entry)) {
      problems.push(
        problem(AgentError.create('AGENT_TOOL_PATTERN_UNMATCHED', { agent: definition.name, pattern: entry }), definition.name, plugin),
      );
    } else {
      const suggestion = closestName(entry, registered);
      const hint = suggestion === undefined ? '' : ` Did you mean "${suggestion}"?`;
      problems.push(
        problem(AgentError.create('AGENT_TOOL_UNKNOWN', { agent: definition.name, tool: entry, hint }), definition.name, plugin),
      );
    }
  }
  return { names: selectTools(definition.tools, registered), problems };
}

/** The memory tools an agent with memory needs and the registry lacks. */
function memoryToolProblems(definition: AgentDefinition, plugin: string, registry: ToolRegistry): AgentProblem[] {
  const { memory } = definition;
  if (memory === undefined) return [];
  const needed: [string, string][] = [[MEMORY_SEARCH_TOOL, 'recall memories with']];
  if (memory.writeBack.length > 0) needed.push([MEMORY_STORE_TOOL, 'write memories back with']);
  return needed.flatMap(([tool, purpose]) =>
    registry.get(tool) === undefined
      ? [problem(AgentError.create('AGENT_MEMORY_UNAVAILABLE', { agent: definition.name, tool, purpose }), definition.name, plugin)]
      : [],
  );
}

/** Budget problems only a runtime shows: the first request alone over the token or cost budget, a cost budget without prices. */
function budgetProblems(agent: ResolvedAgent): AgentProblem[] {
  const { definition, plugin, pricing } = agent;
  const { budgets } = definition;
  const problems: AgentProblem[] = [];
  const firstRequest = estimateTokens(definition.instructions) + agent.overheadTokens;
  if (firstRequest >= budgets.maxTokens) {
    const reason = `budgets.maxTokens is ${budgets.maxTokens}, and the first request (instructions, tools and output schema) alone takes about ${firstRequest} tokens`;
    problems.push(problem(AgentError.create('AGENT_BUDGET_IMPOSSIBLE', { agent: definition.name, reason }), definition.name, plugin));
  }
  if (budgets.maxCost === undefined) return problems;
  if (pricing.unpriced.length > 0 || pricing.candidates.length === 0) {
    const providers = pricing.candidates.length === 0 ? 'no provider' : pricing.unpriced.map((name) => `"${name}"`).join(', ');
    problems.push(problem(AgentError.create('AGENT_COST_UNPRICED', { agent: definition.name, providers }), definition.name, plugin));
  } else if (costOf(firstRequest, pricing.cheapestInputPer1k ?? 0) >= budgets.maxCost) {
    const reason = `budgets.maxCost is ${budgets.maxCost}, and the first request costs at least ${costOf(firstRequest, pricing.cheapestInputPer1k ?? 0)} at the cheapest provider`;
    problems.push(problem(AgentError.create('AGENT_BUDGET_IMPOSSIBLE', { agent: definition.name, reason }), definition.name, plugin));
  }
  return problems;
}

/**
 * Binds an agent to the runtime: selects its tools from the registry and prices its providers,
 * returning every problem found (the agent is usable only when there are none).
 */
export function resolveAgent(
  definition: AgentDefinition,
  plugin: string,
  runtime: AgentRuntimeView,
): { agent: ResolvedAgent; problems: AgentProblem[] } {
  const { names, problems } = allowedTools(definition, plugin, runtime.tools);
  const tools = names.flatMap((name) => {
    const tool = runtime.tools.get(name);
    return tool === undefined ? [] : [tool];
  });
  const { toolSearch } = definition;
  const searching = toolSearch !== false && tools.length > toolSearch.threshold;
  const remembering = definition.memory?.writeBack.includes('remember') === true;
  const modelTools = [...(searching ? [toolSearchModelTool] : toModelTools(tools)), ...(remembering ? [memoryRememberModelTool] : [])];
  const responseFormat =
    definition.output === undefined ? undefined : toModelResponseFormat(`${definition.name}_output`, definition.output);
  const overheadTokens =
    (modelTools.length === 0 ? 0 : estimateTokens(JSON.stringify(modelTools))) +
    (responseFormat === undefined ? 0 : estimateTokens(JSON.stringify(responseFormat)));
  const agent: ResolvedAgent = {
    definition,
    plugin,
    tools,
    modelTools,
    responseFormat,
    overheadTokens,
    pricing: agentPricing(runtime.providers, definition.model.policy),
    ...(searching ? { search: { index: new ToolSearchIndex(tools), maxResults: toolSearch.maxResults } } : {}),
  };
  return { agent, problems: [...problems, ...memoryToolProblems(definition, plugin, runtime.tools), ...budgetProblems(agent)] };
}
