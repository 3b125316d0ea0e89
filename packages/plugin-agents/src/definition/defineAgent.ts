import type { z } from 'zod';
import { AgentError } from '../errors/AgentError.js';
import { budgetProblems, defaultAgentBudgets, resolveBudgets } from './AgentBudgets.js';
import type { AgentDefinition, AgentOutputOf, DefineAgentOptions } from './AgentDefinition.js';
import { memoryProblems, resolveMemoryPolicy } from '../memory/agentMemoryPolicy.js';
import { toolPatternProblem } from './toolPattern.js';

/** Agent names: a lowercase letter, then up to 63 lowercase letters, digits, `-` or `_` (also valid as a tool-name part). */
const AGENT_NAME_PATTERN = /^[a-z][a-z0-9_-]{0,63}$/;

function isZodSchema(value: unknown): value is z.ZodType {
  return typeof value === 'object' && value !== null && typeof (value as { safeParse?: unknown }).safeParse === 'function';
}

function textProblem(field: string, value: unknown): string[] {
  return typeof value === 'string' && value.trim() !== '' ? [] : [`${field} must be a non-empty string`];
}

function approvalProblems(approval: unknown): string[] {
  if (approval === undefined || approval === 'destructive' || typeof approval === 'function') return [];
  if (Array.isArray(approval)) return approval.flatMap((name, i) => toolPatternProblem(name, `approval[${i}]`));
  return [`approval must be 'destructive', a list of tool names or patterns, or a function of the call; got ${String(approval)}`];
}

function modelProblems(model: DefineAgentOptions['model']): string[] {
  if (model === undefined) return [];
  const problems: string[] = [];
  const { maxReplyTokens, temperature } = model;
  if (maxReplyTokens !== undefined && !(Number.isInteger(maxReplyTokens) && maxReplyTokens >= 1))
    problems.push(`model.maxReplyTokens must be a whole number, 1 or more; got ${String(maxReplyTokens)}`);
  if (temperature !== undefined && !(Number.isFinite(temperature) && temperature >= 0))
    problems.push(`model.temperature must be 0 or more; got ${String(temperature)}`);
  return problems;
}

/** Tokens of thread history a run sends by default; keep in sync with `AgentHistoryOptions.maxTokens`. */
const DEFAULT_HISTORY_TOKENS = 4000;

function historyProblems(history: DefineAgentOptions['history']): string[] {
  if (history === undefined) return [];
  const { maxTokens } = history;
  const problems =
    maxTokens === undefined || (Number.isInteger(maxTokens) && maxTokens >= 1)
      ? []
      : [`history.maxTokens must be a whole number, 1 or more; got ${String(maxTokens)}`];
  return [...problems, ...modelProblems(history.summarizer).map((problem) => `history.summarizer: ${problem}`)];
}

function toolSearchProblems(toolSearch: DefineAgentOptions['toolSearch']): string[] {
  if (toolSearch === undefined || toolSearch === false) return [];
  const wholeNumber = (value: unknown): boolean => value === undefined || (Number.isInteger(value) && (value as number) >= 1);
  return [
    ...(wholeNumber(toolSearch.threshold)
      ? []
      : [`toolSearch.threshold must be a whole number, 1 or more; got ${String(toolSearch.threshold)}`]),
    ...(wholeNumber(toolSearch.maxResults)
      ? []
      : [`toolSearch.maxResults must be a whole number, 1 or more; got ${String(toolSearch.maxResults)}`]),
  ];
}

/** Every problem of a definition that can be seen without a runtime. */
function definitionProblems(options: DefineAgentOptions<z.ZodType | undefined>): string[] {
  const { name, tools } = options;
  return [
    ...(typeof name === 'string' && AGENT_NAME_PATTERN.test(name)
      ? []
      : [`name "${String(name)}" must be a lowercase letter, then up to 63 lowercase letters, digits, "-" or "_" (e.g. "researcher")`]),
    ...textProblem('description', options.description),
    ...textProblem('instructions', options.instructions),
    ...(tools === undefined || Array.isArray(tools)
      ? (tools ?? []).flatMap((pattern, i) => toolPatternProblem(pattern, `tools[${i}]`))
      : ['tools must be a list of tool names or patterns']),
    ...(options.output === undefined || isZodSchema(options.output) ? [] : ['output must be a zod schema']),
    ...approvalProblems(options.approval),
    ...modelProblems(options.model),
    ...budgetProblems(options.budgets),
    ...(options.asTool === undefined || typeof options.asTool === 'boolean' ? [] : ['asTool must be true or false']),
    ...historyProblems(options.history),
    ...toolSearchProblems(options.toolSearch),
    ...memoryProblems(options.memory, options.budgets?.maxTokens ?? defaultAgentBudgets.maxTokens),
  ];
}

/**
 * Defines an agent: a name, what it does, its instructions, the tools it may call, how its model
 * is routed, which calls need approval, its budgets and (optionally) the schema of its output.
 *
 * @remarks
 * What can be checked without a runtime is checked here; the tool allow-list and the budgets
 * are checked against the runtime when it starts (`AGENT_DEFINITIONS_INVALID`).
 * @throws {@link AgentError} `AGENT_DEFINITION_INVALID` listing every problem at once.
 * @example
 * ```ts
 * const researcher = defineAgent({
 *   name: 'researcher',
 *   description: 'Answers questions from the notes.',
 *   instructions: 'Search the notes, then answer in two sentences.',
 *   tools: ['notes.*'],
 *   budgets: { maxSteps: 5 },
 * });
 * ```
 * @public
 */
export function defineAgent<S extends z.ZodType | undefined = undefined>(
  options: DefineAgentOptions<S>,
): AgentDefinition<AgentOutputOf<S>> {
  const problems = definitionProblems(options);
  if (problems.length > 0) {
    throw AgentError.create(
      'AGENT_DEFINITION_INVALID',
      { agent: String(options.name), problems: problems.map((problem) => `  - ${problem}`).join('\n') },
      { details: { agent: String(options.name), problems } },
    );
  }
  const definition: AgentDefinition<unknown> = {
    name: options.name,
    description: options.description,
    instructions: options.instructions,
    model: Object.freeze({ ...options.model }),
    tools: Object.freeze([...(options.tools ?? [])]),
    ...(options.output === undefined ? {} : { output: options.output }),
    approval: Array.isArray(options.approval) ? Object.freeze([...options.approval]) : (options.approval ?? 'destructive'),
    budgets: resolveBudgets(options.budgets),
    asTool: options.asTool === true,
    toolSearch:
      options.toolSearch === false
        ? false
        : Object.freeze({ threshold: options.toolSearch?.threshold ?? 30, maxResults: options.toolSearch?.maxResults ?? 5 }),
    history: Object.freeze({
      maxTokens: options.history?.maxTokens ?? DEFAULT_HISTORY_TOKENS,
      ...(options.history?.summarizer === undefined ? {} : { summarizer: Object.freeze({ ...options.history.summarizer }) }),
    }),
    ...(options.memory === undefined ? {} : { memory: resolveMemoryPolicy(options.name, options.memory) }),
  };
  return Object.freeze(definition) as AgentDefinition<AgentOutputOf<S>>;
}
