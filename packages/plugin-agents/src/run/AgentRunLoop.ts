import { randomUUID } from 'node:crypto';
import {
  CortexError,
  type EventBus,
  type EventData,
  type EventDefinition,
  type ToolDefinition,
  type ToolRegistry,
} from '@cortex-os/kernel';
import {
  type ChatMessage,
  estimateTokens,
  type ModelToolDefinition,
  toModelTools,
  type PolicyRouter,
  parseStructuredOutput,
  type RouterGenerateRequest,
  type RouterGenerateResult,
} from '@cortex-os/kernel/router';
import type { AgentBudgetLimits, AgentBudgetName } from '../definition/AgentBudgets.js';
import type { ResolvedAgent } from '../definition/resolveAgent.js';
import { AgentError } from '../errors/AgentError.js';
import {
  agentRunCancelledEvent,
  agentRunCompletedEvent,
  agentRunFailedEvent,
  agentRunStartedEvent,
  agentStepCompletedEvent,
  agentToolCalledEvent,
} from '../events/agentEvents.js';
import type { AgentJournalToolResult } from './AgentRunJournal.js';
import type { AgentRunOptions } from './AgentRunOptions.js';
import type { AgentRunReason, AgentRunResult, AgentRunStatus } from './AgentRunResult.js';
import type { AgentModelRequestSummary, AgentRunError, AgentRunStep, AgentStepUsage, AgentToolCallRecord } from './AgentRunStep.js';
import type { AgentTraceEntry } from './AgentRunTrace.js';
import { AgentRunSpans } from './AgentRunSpans.js';
import { AgentMemory } from '../memory/AgentMemory.js';
import type { TrimmedHistory } from '../threads/trimHistory.js';
import type { ToolSearchEmbed, ToolSearchHit } from '../toolSearch/ToolSearchIndex.js';
import { RunBudget, usageCost } from './RunBudget.js';
import { substituteToolInputs } from './substituteToolInputs.js';
import { ToolTurn } from './ToolTurn.js';
import { runErrorOf } from './toolResultText.js';

/** What a run needs from the runtime. */
export interface AgentRunDependencies {
  readonly router: PolicyRouter;
  readonly tools: ToolRegistry;
  readonly events: EventBus | undefined;
  /** The runner's clock, in epoch milliseconds. */
  readonly now: () => number;
  /** 0 for a run started directly, 1 for an agent called by an agent, … */
  readonly depth: number;
  /** Embeds texts for semantic tool search, when the runtime has an embedder. */
  readonly embed?: ToolSearchEmbed;
}

/** How a run ends. */
interface RunEnd {
  readonly status: AgentRunStatus;
  readonly reason: AgentRunReason;
  readonly output?: unknown;
  readonly error?: AgentRunError;
}

/** A model reply and what the step knows about the call that produced it. */
interface StepReply {
  readonly index: number;
  readonly startedAt: number;
  readonly request: AgentModelRequestSummary;
  readonly reply: RouterGenerateResult;
  readonly usage: AgentStepUsage;
}

/** Longest timer Node accepts (about 24.8 days); a later deadline is checked between calls only. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * One run of an agent: model → tool calls → results → model … until a final answer, a valid
 * structured output, a budget, a failure or cancellation ends it. Each step is recorded as a
 * serialisable {@link AgentRunStep}; the conversation is the instructions and input followed by
 * every step's `appended` messages.
 */
export class AgentRunLoop {
  readonly #agent: ResolvedAgent;
  readonly #deps: AgentRunDependencies;
  readonly #options: AgentRunOptions;
  readonly #runId: string;
  readonly #budget: RunBudget;
  readonly #messages: ChatMessage[];
  #messageTokens = 0;
  readonly #steps: AgentRunStep[] = [];
  readonly #trace: AgentTraceEntry[] = [];
  /** Aborts what is in flight when the caller cancels or the wall-time budget runs out. */
  readonly #controller = new AbortController();
  #abortedBy: 'cancelled' | 'wall-time' | undefined;
  readonly #baseRequest: RouterGenerateRequest;
  #outputRetries = 0;
  #lastText = '';
  /** The run's OpenTelemetry spans; absent when no SDK is registered. */
  #spans: AgentRunSpans | undefined;
  /** The tools offered to the model and their estimated tokens; grows as tool search loads tools. */
  #offered: { readonly tools: readonly ModelToolDefinition[]; readonly tokens: number };
  readonly #loaded = new Map<string, ToolDefinition>();
  /** The run's memory, when the agent has one. */
  readonly #memory: AgentMemory | undefined;

  constructor(
    agent: ResolvedAgent,
    deps: AgentRunDependencies,
    options: AgentRunOptions,
    budgets: AgentBudgetLimits,
    history?: TrimmedHistory,
  ) {
    this.#agent = agent;
    this.#deps = deps;
    this.#options = options;
    this.#runId = options.runId ?? randomUUID();
    this.#budget = new RunBudget(budgets, deps.now, agent.pricing.worst);
    this.#messages = [];
    this.#append({ role: 'system', content: agent.definition.instructions }, ...(history?.messages ?? []), {
      role: 'user',
      content: options.input,
    });
    this.#baseRequest = baseRequest(agent, options.localOnly === true);
    this.#offered = { tools: agent.modelTools, tokens: agent.overheadTokens };
    const policy = agent.definition.memory;
    this.#memory =
      policy === undefined
        ? undefined
        : new AgentMemory({
            policy,
            agent: agent.definition.name,
            runId: this.#runId,
            registry: deps.tools,
            signal: this.#controller.signal,
            journal: options.journal,
            userId: options.userId,
            threadId: options.threadId,
            now: deps.now,
            trace: (entry) => this.#trace.push(entry),
            spans: () => this.#spans,
          });
    if (history !== undefined && history.droppedTurns > 0) {
      const { keptTurns, droppedTurns, droppedTokens, summarized, summaryTokens } = history;
      this.#budget.charge(summaryTokens, 0);
      this.#trace.push({ type: 'history.trimmed', at: deps.now(), keptTurns, droppedTurns, droppedTokens, summarized });
    }
  }

  /** Runs to the end; never rejects for what happens inside the run (the result says how it ended). */
  async run(): Promise<AgentRunResult> {
    this.#publish(agentRunStartedEvent, {
      runId: this.#runId,
      agent: this.#agent.definition.name,
      plugin: this.#agent.plugin,
      depth: this.#deps.depth,
    });
    this.#spans = AgentRunSpans.start(this.#agent.definition.name, this.#runId, this.#deps.depth);
    const release = this.#watchAborts();
    try {
      await this.#recall();
      let end: RunEnd | undefined;
      while (end === undefined) end = await this.#step();
      if (end.status === 'completed') await this.#memory?.writeAnswer(this.#steps.length - 1, this.#options.input, this.#lastText);
      return this.#finish(end);
    } finally {
      release();
    }
  }

  /** Puts the memories recalled for the input right after the instructions, when the agent has memory. */
  async #recall(): Promise<void> {
    const message = await this.#memory?.recall(this.#options.input);
    if (message === undefined) return;
    this.#messages.splice(1, 0, message);
    this.#messageTokens += estimateTokens(JSON.stringify(message));
  }

  /** One model call and what follows from its reply; the run's end, or nothing to go on. */
  async #step(): Promise<RunEnd | undefined> {
    const aborted = this.#abortEnd();
    if (aborted !== undefined) return aborted;
    const estimatedInputTokens = this.#messageTokens + this.#offered.tokens;
    const allowance = this.#budget.beforeModelCall(estimatedInputTokens, this.#agent.definition.model.maxReplyTokens);
    if ('exhausted' in allowance) return this.#exhausted(allowance.exhausted);
    const index = this.#steps.length;
    const startedAt = this.#deps.now();
    const request = this.#summary(estimatedInputTokens, allowance.maxTokens);
    this.#trace.push({ type: 'model.started', at: startedAt, step: index });
    const span = this.#spans?.modelStarted(index, this.#baseRequest.model);
    let reply: RouterGenerateResult;
    try {
      const generate = (): Promise<RouterGenerateResult> =>
        this.#deps.router.generate(this.#messages, {
          ...this.#baseRequest,
          ...(this.#offered.tools.length === 0 ? {} : { tools: this.#offered.tools, toolChoice: 'auto' as const }),
          ...(allowance.maxTokens === undefined ? {} : { maxTokens: allowance.maxTokens }),
          signal: this.#controller.signal,
        });
      const { journal } = this.#options;
      const call = (): Promise<RouterGenerateResult> =>
        journal === undefined ? generate() : journal.model({ step: index, request }, generate);
      // Inside the chat span, so the provider's own span (and its worker's or database's) nests under it.
      reply = await (span === undefined || this.#spans === undefined ? call() : this.#spans.within(span, call));
    } catch (error) {
      // Trace the failure by its code, or by its name when it is not ours (an abort's DOMException).
      const code = CortexError.is(error) ? error.code : error instanceof Error ? error.name : 'unknown';
      this.#trace.push({ type: 'model.ended', at: this.#deps.now(), step: index, error: code });
      if (span !== undefined) this.#spans?.modelEnded(span, undefined, undefined, code);
      return this.#abortEnd() ?? this.#modelFailed(error, index);
    }
    this.#trace.push({ type: 'model.ended', at: this.#deps.now(), step: index, provider: reply.provider });
    const usage = this.#usageOf(reply, estimatedInputTokens);
    if (span !== undefined) this.#spans?.modelEnded(span, reply, usage);
    this.#budget.afterModelCall(usage);
    this.#lastText = reply.text;
    const stepReply = { index, startedAt, request, reply, usage };
    return (reply.toolCalls ?? []).length > 0 ? this.#toolStep(stepReply) : this.#answerStep(stepReply);
  }

  /** A reply with tool calls: run them (unless the run is over), record the step, and check the budgets. */
  async #toolStep(step: StepReply): Promise<RunEnd | undefined> {
    const { calls, substituted } = substituteToolInputs(this.#options.journal, step.index, step.reply.toolCalls ?? []);
    const assistant: ChatMessage = { role: 'assistant', content: step.reply.text, toolCalls: calls };
    const stop = this.#abortEnd() ?? this.#budgetEnd(this.#budget.checkTime());
    if (stop !== undefined) {
      this.#record(step, [], [assistant]);
      return stop;
    }
    const turn = new ToolTurn({
      agent: this.#agent,
      runId: this.#runId,
      step: step.index,
      registry: this.#deps.tools,
      signal: this.#controller.signal,
      approve: this.#options.approve,
      now: this.#deps.now,
      trace: (entry) => this.#trace.push(entry),
      onCallEnded: (record) => this.#toolCalled(step.index, record),
      spans: this.#spans,
      journal: this.#options.journal,
      searchTools: this.#agent.search === undefined ? undefined : (query, limit) => this.#searchTools(query, limit),
      remember: this.#rememberer(step.index),
      delegation: {
        depth: this.#deps.depth,
        runId: this.#runId,
        budgets: this.#budget.left(calls.length),
        approve: this.#options.approve,
        localOnly: this.#options.localOnly === true,
        userId: this.#options.userId,
        principal: this.#options.principal,
        threadId: this.#options.threadId,
        charge: (tokens, cost) => this.#budget.charge(tokens, cost),
      },
    });
    const records = (await turn.run(calls)).map((record) => {
      const from = substituted.get(record.callId);
      return from === undefined ? record : { ...record, substitutedFrom: from };
    });
    const results = records.map((record): ChatMessage => ({ role: 'tool', toolCallId: record.callId, content: record.content }));
    this.#record(step, records, [assistant, ...results]);
    const failures = this.#budget.afterToolCalls(records.map((record) => record.outcome));
    return this.#abortEnd() ?? this.#budgetEnd(failures ?? this.#budget.spent());
  }

  /** A reply without tool calls: the final answer, or a structured output to validate (and correct, a bounded number of times). */
  #answerStep(step: StepReply): RunEnd | undefined {
    const { text } = step.reply;
    const assistant: ChatMessage = { role: 'assistant', content: text };
    const schema = this.#agent.definition.output;
    if (schema === undefined) {
      this.#record(step, [], [assistant]);
      return { status: 'completed', reason: 'final-answer', output: text };
    }
    try {
      const output: unknown = parseStructuredOutput(text, schema, this.#agent.responseFormat?.name);
      this.#record(step, [], [assistant]);
      return { status: 'completed', reason: 'structured-output', output };
    } catch (error) {
      const outputError = runErrorOf(error, '', true);
      this.#trace.push({ type: 'output.rejected', at: this.#deps.now(), step: step.index, code: outputError.code });
      if (this.#outputRetries >= this.#budget.limits.maxOutputRetries) {
        this.#record(step, [], [assistant], outputError);
        const attempts = this.#outputRetries + 1;
        const failed = AgentError.create('AGENT_OUTPUT_INVALID', { agent: this.#agent.definition.name, attempts }, { cause: error });
        return { status: 'failed', reason: 'output-invalid', error: { code: failed.code, message: failed.message } };
      }
      this.#outputRetries += 1;
      const correction: ChatMessage = {
        role: 'user',
        content: `${outputError.message} Reply again with only the JSON of "${this.#agent.responseFormat?.name ?? 'output'}", matching its schema.`,
      };
      this.#record(step, [], [assistant, correction], outputError);
      return undefined;
    }
  }

  /** Searches the agent's tools and loads those found: they are offered from the next step on. */
  async #searchTools(query: string, limit: number | undefined): Promise<readonly ToolSearchHit[]> {
    const search = this.#agent.search;
    if (search === undefined) return [];
    const hits = await search.index.search(query, Math.min(limit ?? search.maxResults, search.maxResults), this.#deps.embed);
    for (const hit of hits) {
      const tool = this.#agent.tools.find((candidate) => candidate.name === hit.name);
      if (tool !== undefined) this.#loaded.set(tool.name, tool);
    }
    const loaded = toModelTools([...this.#loaded.values()]);
    this.#offered = {
      tools: [...this.#agent.modelTools, ...loaded],
      tokens: this.#agent.overheadTokens + (loaded.length === 0 ? 0 : estimateTokens(JSON.stringify(loaded))),
    };
    return hits;
  }

  /** Answers the model's `memory.remember` calls of a step, when the agent writes back what it decides to remember. */
  #rememberer(step: number): ((text: string, kind: string) => Promise<AgentJournalToolResult>) | undefined {
    const memory = this.#memory;
    if (memory === undefined || this.#agent.definition.memory?.writeBack.includes('remember') !== true) return undefined;
    return (text, kind) => memory.remember(step, text, kind);
  }

  /** Adds messages to the conversation and to the running token estimate. */
  #append(...messages: ChatMessage[]): void {
    for (const message of messages) {
      this.#messages.push(message);
      this.#messageTokens += estimateTokens(JSON.stringify(message));
    }
  }

  /** Records a step, appends its messages to the conversation, and tells subscribers. */
  #record(step: StepReply, toolCalls: readonly AgentToolCallRecord[], appended: readonly ChatMessage[], outputError?: AgentRunError): void {
    const { reply } = step;
    const record: AgentRunStep = {
      index: step.index,
      startedAt: step.startedAt,
      endedAt: this.#deps.now(),
      request: step.request,
      reply: {
        provider: reply.provider,
        model: reply.model,
        fellBack: reply.fellBack,
        text: reply.text,
        finishReason: reply.finishReason,
        toolCalls: reply.toolCalls ?? [],
        ...(reply.usage === undefined ? {} : { usage: reply.usage }),
      },
      toolCalls,
      appended,
      usage: step.usage,
      ...(outputError === undefined ? {} : { outputError }),
    };
    this.#append(...appended);
    this.#steps.push(record);
    this.#publish(agentStepCompletedEvent, {
      runId: this.#runId,
      agent: this.#agent.definition.name,
      step: step.index,
      provider: reply.provider,
      model: reply.model,
      tools: record.reply.toolCalls.map((call) => call.name),
      inputTokens: step.usage.inputTokens,
      outputTokens: step.usage.outputTokens,
    });
    this.#options.onStep?.(record);
  }

  #summary(estimatedInputTokens: number, maxTokens: number | undefined): AgentModelRequestSummary {
    const { responseFormat } = this.#agent;
    return {
      messages: this.#messages.length,
      tools: this.#offered.tools.map((tool) => tool.name),
      ...(responseFormat === undefined ? {} : { responseFormat: responseFormat.name }),
      ...(maxTokens === undefined ? {} : { maxTokens }),
      estimatedInputTokens,
    };
  }

  /** The call's usage: reported counts where the provider gave them, estimates otherwise; cost at the serving provider's prices. */
  #usageOf(reply: RouterGenerateResult, estimatedInputTokens: number): AgentStepUsage {
    const reported = reply.usage;
    const inputTokens = reported?.inputTokens ?? estimatedInputTokens;
    const outputTokens =
      reported?.outputTokens ??
      estimateTokens(reply.text) + (reply.toolCalls ?? []).reduce((sum, call) => sum + estimateTokens(call.name + call.arguments), 0);
    const cost = usageCost(inputTokens, outputTokens, this.#agent.pricing.byProvider.get(reply.provider));
    return {
      inputTokens,
      outputTokens,
      estimated: reported?.inputTokens === undefined || reported.outputTokens === undefined,
      ...(cost === undefined ? {} : { cost }),
    };
  }

  #toolCalled(step: number, record: AgentToolCallRecord): void {
    this.#publish(agentToolCalledEvent, {
      runId: this.#runId,
      agent: this.#agent.definition.name,
      step,
      callId: record.callId,
      tool: record.tool,
      outcome: record.outcome,
      ...(record.error === undefined ? {} : { code: record.error.code }),
    });
  }

  /** Aborts in-flight work when the caller's signal aborts or the wall-time budget runs out; returns the clean-up. */
  #watchAborts(): () => void {
    const signal = this.#options.signal;
    const onCancel = (): void => this.#abort('cancelled', signal?.reason);
    if (signal?.aborted === true) onCancel();
    else signal?.addEventListener('abort', onCancel, { once: true });
    const remaining = this.#budget.remainingMs();
    // A real timer bounds a call in flight; an injected clock is checked between calls as well.
    const timer = remaining > 0 && remaining <= MAX_TIMER_MS ? setTimeout(() => this.#abort('wall-time', undefined), remaining) : undefined;
    timer?.unref();
    return () => {
      signal?.removeEventListener('abort', onCancel);
      if (timer !== undefined) clearTimeout(timer);
    };
  }

  #abort(by: 'cancelled' | 'wall-time', reason: unknown): void {
    if (this.#abortedBy !== undefined) return;
    this.#abortedBy = by;
    this.#controller.abort(reason ?? new DOMException(`Agent run ${this.#runId} ran out of wall time.`, 'TimeoutError'));
  }

  /** The end of an aborted run: `cancelled`, or `wall-time` when the deadline aborted it. */
  #abortEnd(): RunEnd | undefined {
    if (this.#abortedBy === 'cancelled') return { status: 'cancelled', reason: 'cancelled' };
    if (this.#abortedBy === 'wall-time') return this.#exhausted('wall-time');
    return undefined;
  }

  #budgetEnd(budget: AgentBudgetName | undefined): RunEnd | undefined {
    return budget === undefined ? undefined : this.#exhausted(budget);
  }

  #exhausted(budget: AgentBudgetName): RunEnd {
    this.#trace.push({ type: 'budget.exhausted', at: this.#deps.now(), budget });
    return { status: 'budget-exhausted', reason: budget };
  }

  #modelFailed(thrown: unknown, step: number): RunEnd {
    const reason = thrown instanceof Error ? thrown.message : String(thrown);
    const error = AgentError.create('AGENT_MODEL_FAILED', { agent: this.#agent.definition.name, step, reason }, { cause: thrown });
    return { status: 'failed', reason: 'model-failed', error: { code: error.code, message: error.message } };
  }

  #finish(end: RunEnd): AgentRunResult {
    const usage = this.#budget.usage();
    const result: AgentRunResult = {
      runId: this.#runId,
      agent: this.#agent.definition.name,
      status: end.status,
      reason: end.reason,
      ...(end.status === 'completed' ? { output: end.output } : {}),
      text: this.#lastText,
      ...(end.error === undefined ? {} : { error: end.error }),
      steps: this.#steps,
      usage,
      budgets: this.#budget.limits,
      trace: this.#trace,
      ...(this.#options.userId === undefined ? {} : { userId: this.#options.userId }),
      ...(this.#options.threadId === undefined ? {} : { threadId: this.#options.threadId }),
      ...(this.#memory === undefined ? {} : { memoryCalls: this.#memory.calls() }),
    };
    this.#spans?.ended(end.status, end.reason, usage.totalTokens, end.error?.code);
    const event =
      end.status === 'completed' ? agentRunCompletedEvent : end.status === 'cancelled' ? agentRunCancelledEvent : agentRunFailedEvent;
    this.#publish(event, {
      runId: this.#runId,
      agent: result.agent,
      status: end.status,
      reason: end.reason,
      steps: usage.steps,
      totalTokens: usage.totalTokens,
      cost: usage.cost,
      ...(end.error === undefined ? {} : { code: end.error.code }),
    });
    return result;
  }

  #publish<E extends EventDefinition>(event: E, data: EventData<E>): void {
    const events = this.#deps.events;
    if (events !== undefined && !events.closed) events.publish(event, data);
  }
}

/** The parts of every request of an agent's run that do not change between steps; `localOnly` narrows the agent's policy. */
function baseRequest(agent: ResolvedAgent, localOnly: boolean): RouterGenerateRequest {
  const { model } = agent.definition;
  const policy = localOnly ? { ...model.policy, localOnly: true } : model.policy;
  return {
    ...(agent.responseFormat === undefined ? {} : { responseFormat: agent.responseFormat }),
    ...(model.model === undefined ? {} : { model: model.model }),
    ...(model.temperature === undefined ? {} : { temperature: model.temperature }),
    ...(policy === undefined ? {} : { policy }),
  };
}
