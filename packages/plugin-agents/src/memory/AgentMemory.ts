import type { ToolRegistry } from '@cortex-os/kernel';
import type { ChatMessage } from '@cortex-os/kernel/router';
import { z } from 'zod';
import type { AgentMemoryPolicy } from '../definition/AgentDefinition.js';
import type { AgentJournalToolResult, AgentRunJournal } from '../run/AgentRunJournal.js';
import type { AgentRunSpans } from '../run/AgentRunSpans.js';
import type { AgentTraceEntry } from '../run/AgentRunTrace.js';
import { errorText, runErrorOf, toolResultText } from '../run/toolResultText.js';
import type { AgentMemoryCall } from './AgentMemoryCall.js';
import { fitMemories, recalledMemoriesMessage } from './fitMemories.js';
import { memoryRememberAnnotations } from './rememberTool.js';

/** The registry tools memory goes through (those of `@cortex-os/plugin-memory`). */
export const MEMORY_SEARCH_TOOL = 'memory.search';
export const MEMORY_STORE_TOOL = 'memory.store';
/** Longest query `memory.search` accepts; a longer input is searched by its beginning. */
const MAX_QUERY_CHARS = 10_000;
/** Journal call ids of the loop's own memory calls; a model's call ids never start with `cortex.`. */
const RECALL_CALL_ID = 'cortex.memory.recall';
const ANSWER_CALL_ID = 'cortex.memory.answer';

/** The parts of a `memory.search` answer recall reads; anything else in it is ignored. */
const searchAnswerSchema = z.object({
  hits: z.array(z.object({ memory: z.object({ id: z.string(), kind: z.string(), text: z.string() }), score: z.number() })),
  mode: z.string().optional(),
  degraded: z.object({ reason: z.string() }).optional(),
});
const storeAnswerSchema = z.object({ memories: z.array(z.object({ id: z.string() })).min(1) });

/** What a run's memory needs from the run. */
export interface AgentMemoryContext {
  readonly policy: AgentMemoryPolicy;
  readonly agent: string;
  readonly runId: string;
  readonly registry: ToolRegistry;
  readonly signal: AbortSignal;
  readonly journal: AgentRunJournal | undefined;
  readonly userId: string | undefined;
  readonly threadId: string | undefined;
  readonly now: () => number;
  readonly trace: (entry: AgentTraceEntry) => void;
  /** The run's spans once it has started, when an OpenTelemetry SDK is registered. */
  readonly spans: () => AgentRunSpans | undefined;
}

/** The memory tags of a run's scopes: a recall finds memories with all of them, a write gives them all. */
export function memoryScopeTags(
  policy: AgentMemoryPolicy,
  ids: { readonly userId: string | undefined; readonly threadId: string | undefined },
): string[] {
  return policy.scope.map((scope) => {
    if (scope === 'agent') return `agent:${policy.namespace}`;
    if (scope === 'user') return `user:${ids.userId ?? ''}`;
    return `thread:${ids.threadId ?? ''}`;
  });
}

/**
 * A run's memory: recalls the memories of its scope into the context and writes back through
 * the registry's memory tools, every call through the run's journal when it has one (so a
 * resumed run recalls what the first attempt recalled). A failing memory call never ends the
 * run: the trace says what failed and the run goes on without it.
 */
export class AgentMemory {
  readonly #context: AgentMemoryContext;
  readonly #tags: readonly string[];
  readonly #calls: AgentMemoryCall[] = [];

  constructor(context: AgentMemoryContext) {
    this.#context = context;
    this.#tags = memoryScopeTags(context.policy, { userId: context.userId, threadId: context.threadId });
  }

  /** Recalls the memories for `query`, fitted to the token budget; the system message that holds them, or nothing. */
  async recall(query: string): Promise<ChatMessage | undefined> {
    const { policy, now, trace } = this.#context;
    const args = {
      query: query.slice(0, MAX_QUERY_CHARS),
      mode: 'hybrid',
      limit: policy.topK,
      ...(policy.minScore === undefined ? {} : { minScore: policy.minScore }),
      filter: { tags: this.#tags },
    };
    const result = await this.#call(0, RECALL_CALL_ID, MEMORY_SEARCH_TOOL, args);
    const answer = result.outcome === 'succeeded' ? searchAnswerSchema.safeParse(parseJson(result.content)) : undefined;
    if (answer === undefined || !answer.success) {
      trace({ type: 'memory.recalled', at: now(), memories: [], dropped: 0, tokens: 0, error: result.error?.code ?? 'AGENT_TOOL_FAILED' });
      return undefined;
    }
    const found = answer.data.hits.map(({ memory, score }) => ({ id: memory.id, kind: memory.kind, text: memory.text, score }));
    const fitted = fitMemories(found, policy.maxTokens);
    trace({
      type: 'memory.recalled',
      at: now(),
      memories: fitted.kept.map(({ id, score }) => ({ id, score })),
      dropped: fitted.dropped,
      tokens: fitted.tokens,
      ...(answer.data.mode === undefined ? {} : { mode: answer.data.mode }),
      ...(answer.data.degraded === undefined ? {} : { degraded: answer.data.degraded.reason }),
    });
    return fitted.kept.length === 0 ? undefined : { role: 'system', content: recalledMemoriesMessage(fitted.kept) };
  }

  /**
   * Stores what the model asked to remember (`memory.remember`); the result is what the model is
   * told. Not journaled here: the tool turn journals the model's call as a whole.
   */
  remember(step: number, text: string, kind: string): Promise<AgentJournalToolResult> {
    return this.#write(step, undefined, 'remember', { text, kind });
  }

  /** Stores a completed run's input and answer, when the policy says so. */
  async writeAnswer(step: number, input: string, answer: string): Promise<void> {
    if (!this.#context.policy.writeBack.includes('answer')) return;
    await this.#write(step, ANSWER_CALL_ID, 'answer', { text: `Asked: ${input}\nAnswered: ${answer}`, kind: 'agent-answer' });
  }

  async #write(
    step: number,
    callId: string | undefined,
    source: 'answer' | 'remember',
    memory: { text: string; kind: string },
  ): Promise<AgentJournalToolResult> {
    const { agent, runId, now, trace } = this.#context;
    const args = { memory: { ...memory, tags: [...this.#tags], metadata: { agent, runId } } };
    const result = await this.#call(step, callId, MEMORY_STORE_TOOL, args);
    const stored = result.outcome === 'succeeded' ? storeAnswerSchema.safeParse(parseJson(result.content)) : undefined;
    const id = stored?.success === true ? stored.data.memories[0]?.id : undefined;
    trace({
      type: 'memory.written',
      at: now(),
      step,
      source,
      ...(id === undefined ? { error: result.error?.code ?? 'AGENT_TOOL_FAILED' } : { id }),
    });
    // The model is told the id alone: the memory tool's full answer repeats the text.
    return id === undefined ? result : { outcome: 'succeeded', content: JSON.stringify({ remembered: { id } }) };
  }

  /**
   * One memory tool call through the registry, and through the journal and in an `execute_tool`
   * span under `callId` when given (a `memory.remember` call has both from its tool turn); never throws.
   */
  #call(step: number, callId: string | undefined, tool: string, args: unknown): Promise<AgentJournalToolResult> {
    const spans = callId === undefined ? undefined : this.#context.spans();
    const run = (): Promise<AgentJournalToolResult> => this.#callUntraced(step, callId, tool, args);
    return spans === undefined || callId === undefined ? run() : spans.toolCall(step, callId, tool, run);
  }

  async #callUntraced(step: number, callId: string | undefined, tool: string, args: unknown): Promise<AgentJournalToolResult> {
    const { registry, signal, runId, agent, journal } = this.#context;
    const execute = async (): Promise<AgentJournalToolResult> => {
      const options = { signal, correlationId: runId, caller: { transport: 'agent', id: agent } };
      return { outcome: 'succeeded', content: toolResultText(await registry.call(tool, args, options)) };
    };
    try {
      const annotations = tool === MEMORY_SEARCH_TOOL ? { readOnlyHint: true } : memoryRememberAnnotations;
      const call = { step, tool, arguments: JSON.stringify(args), annotations };
      if (callId === undefined) return await execute();
      const result = journal === undefined ? await execute() : await journal.tool({ ...call, callId }, execute);
      this.#calls.push({ step, callId, tool, arguments: call.arguments, ...result });
      return result;
    } catch (error) {
      const runError = runErrorOf(error, tool);
      const result: AgentJournalToolResult = {
        outcome: signal.aborted ? 'cancelled' : 'failed',
        content: errorText(runError),
        error: runError,
      };
      if (callId !== undefined) this.#calls.push({ step, callId, tool, arguments: JSON.stringify(args), ...result });
      return result;
    }
  }

  /** The loop's own memory calls so far (recall, answer write-back), in order, with their results. */
  calls(): readonly AgentMemoryCall[] {
    return this.#calls;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
