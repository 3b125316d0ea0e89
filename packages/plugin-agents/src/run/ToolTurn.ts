import type { ToolAnnotations, ToolDefinition, ToolRegistry } from '@cortex-os/kernel';
import { type ModelToolCall, parseModelToolCall } from '@cortex-os/kernel/router';
import { needsApproval } from '../approval/needsApproval.js';
import type { ResolvedAgent } from '../definition/resolveAgent.js';
import { AgentError } from '../errors/AgentError.js';
import { type Delegation, delegationStorage } from '../subagents/Delegation.js';
import { MEMORY_REMEMBER_NAME, memoryRememberAnnotations, parseRememberArguments } from '../memory/rememberTool.js';
import type { ToolSearchHit } from '../toolSearch/ToolSearchIndex.js';
import { parseToolSearchArguments, TOOL_SEARCH_NAME } from '../toolSearch/toolSearchTool.js';
import type { AgentJournalToolResult, AgentRunJournal } from './AgentRunJournal.js';
import type { AgentApprover } from './AgentRunOptions.js';
import type { AgentRunSpans } from './AgentRunSpans.js';
import type { AgentRunError, AgentToolCallOutcome, AgentToolCallRecord } from './AgentRunStep.js';
import type { AgentTraceEntry } from './AgentRunTrace.js';
import { errorText, runErrorOf, toolResultText } from './toolResultText.js';
import { untilAborted } from './untilAborted.js';

/** What a turn of tool calls needs from its run. */
export interface ToolTurnContext {
  readonly agent: ResolvedAgent;
  readonly runId: string;
  readonly step: number;
  readonly registry: ToolRegistry;
  /** Aborts when the run is cancelled or out of time. */
  readonly signal: AbortSignal;
  readonly approve: AgentApprover | undefined;
  readonly now: () => number;
  readonly trace: (entry: AgentTraceEntry) => void;
  /** Told of each call as it ends (the run publishes `agent.tool.called`). */
  readonly onCallEnded: (record: AgentToolCallRecord) => void;
  /** What the run lends a call that turns out to be an agent. */
  readonly delegation: Delegation;
  /** The run's spans, when an OpenTelemetry SDK is registered. */
  readonly spans: AgentRunSpans | undefined;
  /** Checkpoints and replays the calls, when the run is journaled. */
  readonly journal: AgentRunJournal | undefined;
  /** Answers `tools.search` calls (and loads the tools found), when the agent searches its tools. */
  readonly searchTools: ((query: string, limit: number | undefined) => Promise<readonly ToolSearchHit[]>) | undefined;
  /** Answers `memory.remember` calls, when the agent writes back what it decides to remember. */
  readonly remember: ((text: string, kind: string) => Promise<AgentJournalToolResult>) | undefined;
}

type Approval = AgentToolCallRecord['approval'];

/**
 * The tool calls of one model reply: each is parsed against the agent's tools, approved if its
 * policy says so, and run through the registry; all run concurrently, and the records come back
 * in the reply's order. No call throws: every failure becomes a record the model is told about.
 */
export class ToolTurn {
  readonly #context: ToolTurnContext;

  constructor(context: ToolTurnContext) {
    this.#context = context;
  }

  run(calls: readonly ModelToolCall[]): Promise<AgentToolCallRecord[]> {
    return Promise.all(calls.map((call) => this.#call(call)));
  }

  async #call(call: ModelToolCall): Promise<AgentToolCallRecord> {
    const { searchTools } = this.#context;
    if (call.name === TOOL_SEARCH_NAME && searchTools !== undefined) return this.#search(call, searchTools);
    const { remember } = this.#context;
    if (call.name === MEMORY_REMEMBER_NAME && remember !== undefined) return this.#remember(call, remember);
    let parsed: { readonly tool: ToolDefinition; readonly arguments: unknown; readonly input: unknown };
    try {
      parsed = parseModelToolCall(call, this.#context.agent.tools);
    } catch (error) {
      return this.#ended(call, 'invalid', 'not-needed', runErrorOf(error, call.name, true));
    }
    const approval = await this.#approval(call, parsed.tool, parsed.input);
    if (approval.decision === 'denied') return this.#ended(call, approval.cancelled ? 'cancelled' : 'denied', 'denied', approval.error);
    return this.#execute(call, parsed.tool.annotations, approval.decision, () => this.#registryCall(call, parsed.arguments));
  }

  /** Asks the approver when the policy requires it; no approver, a rejection or a throw is a denial. */
  async #approval(
    call: ModelToolCall,
    tool: ToolDefinition,
    input: unknown,
  ): Promise<{ decision: 'not-needed' | 'granted' } | { decision: 'denied'; cancelled: boolean; error: AgentRunError }> {
    const { agent, approve, runId, step, signal } = this.#context;
    const info = {
      agent: agent.definition.name,
      tool: tool.name,
      callId: call.id,
      input,
      ...(tool.annotations === undefined ? {} : { annotations: tool.annotations }),
    };
    if (!needsApproval(agent.definition.approval, info)) return { decision: 'not-needed' };
    let reason = 'no approver was given for this run';
    let granted = false;
    if (approve !== undefined) {
      try {
        granted =
          (await untilAborted(
            Promise.resolve().then(() => approve({ ...info, runId, step })),
            signal,
          )) === true;
        reason = 'the approver denied it';
      } catch (error) {
        if (signal.aborted) return { decision: 'denied', cancelled: true, error: runErrorOf(error, tool.name) };
        reason = 'the approver failed';
      }
    }
    this.#context.trace({ type: 'approval.decided', at: this.#context.now(), step, callId: call.id, tool: tool.name, granted });
    if (granted) return { decision: 'granted' };
    const denied = AgentError.create('AGENT_TOOL_DENIED', { tool: tool.name, reason });
    return { decision: 'denied', cancelled: false, error: { code: denied.code, message: denied.message } };
  }

  /** Runs the call, inside its span when the run is traced. */
  #execute(
    call: ModelToolCall,
    annotations: ToolAnnotations | undefined,
    approval: Approval,
    execute: () => Promise<AgentJournalToolResult>,
  ): Promise<AgentToolCallRecord> {
    const run = (): Promise<AgentToolCallRecord> => this.#executeUntraced(call, annotations, approval, execute);
    const { spans, step } = this.#context;
    return spans === undefined ? run() : spans.toolCall(step, call.id, call.name, run);
  }

  /** Runs the call (through the journal, when the run has one) and records how it ended. */
  async #executeUntraced(
    call: ModelToolCall,
    annotations: ToolAnnotations | undefined,
    approval: Approval,
    execute: () => Promise<AgentJournalToolResult>,
  ): Promise<AgentToolCallRecord> {
    const { step, now, trace, journal } = this.#context;
    trace({ type: 'tool.started', at: now(), step, callId: call.id, tool: call.name });
    let result: AgentJournalToolResult;
    try {
      const info = {
        step,
        callId: call.id,
        tool: call.name,
        arguments: call.arguments,
        ...(annotations === undefined ? {} : { annotations }),
      };
      result = journal === undefined ? await execute() : await journal.tool(info, execute);
    } catch (error) {
      result = this.#failure(call, error);
    }
    const record = this.#record(call, result.outcome, approval, result.error ?? result.content);
    trace({ type: 'tool.ended', at: now(), step, callId: call.id, tool: call.name, outcome: record.outcome });
    this.#context.onCallEnded(record);
    return record;
  }

  /** Runs the call through the registry (validation, interceptors, breakers) under the run's signal; never throws. */
  async #registryCall(call: ModelToolCall, args: unknown): Promise<AgentJournalToolResult> {
    const { registry, signal, agent, runId } = this.#context;
    try {
      const options = { signal, correlationId: runId, caller: { transport: 'agent', id: agent.definition.name } };
      const result = await delegationStorage.run(this.#context.delegation, () => registry.call(call.name, args, options));
      return { outcome: 'succeeded', content: toolResultText(result) };
    } catch (error) {
      return this.#failure(call, error);
    }
  }

  #failure(call: ModelToolCall, error: unknown): AgentJournalToolResult {
    const runError = runErrorOf(error, call.name);
    return { outcome: this.#context.signal.aborted ? 'cancelled' : 'failed', content: errorText(runError), error: runError };
  }

  /** A `tools.search` call, answered here: the tools found, by name and description. */
  async #search(
    call: ModelToolCall,
    searchTools: (query: string, limit: number | undefined) => Promise<readonly ToolSearchHit[]>,
  ): Promise<AgentToolCallRecord> {
    const parsed = parseToolSearchArguments(call.arguments);
    if (typeof parsed === 'string') {
      const message = `The model's call "${call.id}" of tool "${TOOL_SEARCH_NAME}" is invalid: ${parsed}.`;
      return this.#ended(call, 'invalid', 'not-needed', { code: 'PROVIDER_TOOL_CALL_INVALID', message });
    }
    const { step, now, trace } = this.#context;
    trace({ type: 'tool.started', at: now(), step, callId: call.id, tool: call.name });
    const hits = await searchTools(parsed.query, parsed.limit);
    const content = JSON.stringify({ tools: hits.map(({ name, description }) => ({ name, description })) });
    trace({ type: 'tool.ended', at: now(), step, callId: call.id, tool: call.name, outcome: 'succeeded' });
    return this.#ended(call, 'succeeded', 'not-needed', content);
  }

  /** A `memory.remember` call: stored by the run's memory in the agent's scope, through the journal like any call. */
  #remember(call: ModelToolCall, remember: (text: string, kind: string) => Promise<AgentJournalToolResult>): Promise<AgentToolCallRecord> {
    const parsed = parseRememberArguments(call.arguments);
    if (typeof parsed === 'string') {
      const message = `The model's call "${call.id}" of tool "${MEMORY_REMEMBER_NAME}" is invalid: ${parsed}.`;
      return Promise.resolve(this.#ended(call, 'invalid', 'not-needed', { code: 'PROVIDER_TOOL_CALL_INVALID', message }));
    }
    return this.#execute(call, memoryRememberAnnotations, 'not-needed', () => remember(parsed.text, parsed.kind));
  }

  /** A call that never started: invalid, denied, or cancelled while waiting for approval. */
  #ended(call: ModelToolCall, outcome: AgentToolCallOutcome, approval: Approval, result: AgentRunError | string): AgentToolCallRecord {
    const record = this.#record(call, outcome, approval, result);
    this.#context.onCallEnded(record);
    return record;
  }

  #record(call: ModelToolCall, outcome: AgentToolCallOutcome, approval: Approval, result: string | AgentRunError): AgentToolCallRecord {
    const base = { callId: call.id, tool: call.name, arguments: call.arguments, outcome, approval };
    return typeof result === 'string' ? { ...base, content: result } : { ...base, content: errorText(result), error: result };
  }
}
