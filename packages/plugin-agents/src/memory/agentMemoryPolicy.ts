import type { AgentMemoryOptions, AgentMemoryPolicy, AgentMemoryScope, AgentMemoryWriteBack } from '../definition/AgentDefinition.js';

const SCOPES: readonly AgentMemoryScope[] = ['agent', 'user', 'thread'];
const WRITE_BACKS: readonly AgentMemoryWriteBack[] = ['answer', 'remember'];
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

/** Every problem of an agent's `memory` option that can be seen without a runtime. */
export function memoryProblems(memory: AgentMemoryOptions | undefined): string[] {
  if (memory === undefined) return [];
  if (typeof memory !== 'object' || memory === null) return ['memory must be an object of memory options'];
  return [
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
    maxTokens: memory.maxTokens ?? 1000,
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
