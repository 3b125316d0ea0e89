import type { AgentMemoryOptions, AgentMemoryPolicy, AgentMemoryScope, AgentMemoryWriteBack } from '../definition/AgentDefinition.js';

const SCOPES: readonly AgentMemoryScope[] = ['agent', 'user', 'thread'];
const WRITE_BACKS: readonly AgentMemoryWriteBack[] = ['answer', 'remember'];
/** Tokens of recalled memories in the context by default; keep in sync with `AgentMemoryOptions.maxTokens`. */
const DEFAULT_RECALL_TOKENS = 1000;
/** Memory tags are at most 128 characters; the longest prefix (`thread:`) leaves room for 120. */
export const MAX_SCOPE_ID_LENGTH = 120;

/** Why a scope id (namespace, user or thread id) cannot be a memory tag, or nothing when it can. */
export function scopeIdProblem(field: string, value: unknown): string[] {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: memory tags refuse control characters, so ids must too
  const usable = typeof value === 'string' && value.length >= 1 && value.length <= MAX_SCOPE_ID_LENGTH && !/[\u0000-\u001f]/.test(value);
  return usable ? [] : [`${field} must be 1 to ${MAX_SCOPE_ID_LENGTH} characters without control characters`];
}

function listProblems<T>(field: string, value: unknown, allowed: readonly T[]): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return [`${field} must be a list of ${allowed.map((item) => `'${String(item)}'`).join(', ')}`];
  return value.flatMap((item, i) =>
    allowed.includes(item as T)
      ? []
      : [`${field}[${i}] must be one of ${allowed.map((a) => `'${String(a)}'`).join(', ')}; got ${String(item)}`],
  );
}

function wholeNumberProblem(field: string, value: unknown): string[] {
  return value === undefined || (Number.isInteger(value) && (value as number) >= 1)
    ? []
    : [`${field} must be a whole number, 1 or more; got ${String(value)}`];
}

/**
 * Every problem of an agent's `memory` option that can be seen without a runtime; `maxTokens` is
 * the agent's token budget, which recalled memories alone must not fill.
 */
export function memoryProblems(memory: AgentMemoryOptions | undefined, maxTokens: number): string[] {
  if (memory === undefined) return [];
  if (typeof memory !== 'object' || memory === null) return ['memory must be an object of memory options'];
  const recallTokens = memory.maxTokens ?? DEFAULT_RECALL_TOKENS;
  return [
    // A bad budget is reported by the budget checks; compare only with a usable one.
    ...(Number.isInteger(recallTokens) && Number.isFinite(maxTokens) && maxTokens > 0 && recallTokens >= maxTokens
      ? [
          `memory.maxTokens (${recallTokens}) must be below budgets.maxTokens (${maxTokens}): recalled memories alone would use the whole budget`,
        ]
      : []),
    ...listProblems('memory.scope', memory.scope, SCOPES),
    ...(Array.isArray(memory.scope) && memory.scope.length === 0 ? ['memory.scope must name at least one scope'] : []),
    ...(memory.namespace === undefined ? [] : scopeIdProblem('memory.namespace', memory.namespace)),
    ...wholeNumberProblem('memory.topK', memory.topK),
    ...wholeNumberProblem('memory.maxTokens', memory.maxTokens),
    ...(memory.minScore === undefined || Number.isFinite(memory.minScore)
      ? []
      : [`memory.minScore must be a number; got ${String(memory.minScore)}`]),
    ...listProblems('memory.writeBack', memory.writeBack, WRITE_BACKS),
  ];
}

/** An agent's memory options with defaults applied (frozen); the options must have passed {@link memoryProblems}. */
export function resolveMemoryPolicy(agent: string, memory: AgentMemoryOptions): AgentMemoryPolicy {
  return Object.freeze({
    scope: Object.freeze([...new Set<AgentMemoryScope>(memory.scope ?? ['agent'])]),
    namespace: memory.namespace ?? agent,
    topK: memory.topK ?? 5,
    ...(memory.minScore === undefined ? {} : { minScore: memory.minScore }),
    maxTokens: memory.maxTokens ?? DEFAULT_RECALL_TOKENS,
    writeBack: Object.freeze([...new Set<AgentMemoryWriteBack>(memory.writeBack ?? ['remember'])]),
  });
}

/** Why a run cannot use its agent's memory: a `user` or `thread` scope without the run's id. */
export function memoryRunProblems(
  policy: AgentMemoryPolicy | undefined,
  run: { readonly userId?: unknown; readonly threadId?: unknown },
): string[] {
  const problems = run.userId === undefined ? [] : scopeIdProblem('userId', run.userId);
  if (policy === undefined) return problems;
  if (policy.scope.includes('user') && run.userId === undefined) problems.push('userId is required: the agent recalls memories per user');
  if (policy.scope.includes('thread') && run.threadId === undefined)
    problems.push('threadId is required: the agent recalls memories per thread');
  if (policy.scope.includes('thread') && run.threadId !== undefined) problems.push(...scopeIdProblem('threadId', run.threadId));
  return problems;
}
