import type { ToolAnnotations } from '@cortex-os/kernel';
import type { RouterGenerateResult } from '@cortex-os/kernel/router';
import type { AgentModelRequestSummary, AgentRunError } from './AgentRunStep.js';

/**
 * A model call as the run's journal sees it.
 * @public
 */
export interface AgentJournalModelCall {
  /** The step's index, counted from 0: the same in every attempt of the run. */
  readonly step: number;
  /** What the step asks of the model. */
  readonly request: AgentModelRequestSummary;
}

/**
 * A tool call as the run's journal sees it: parsed, allowed and approved, about to run.
 * @public
 */
export interface AgentJournalToolCall {
  /** The step the call belongs to. */
  readonly step: number;
  /** The model's id of the call (unique within its step). */
  readonly callId: string;
  /** The tool called. */
  readonly tool: string;
  /** The arguments as the model sent them (JSON text). */
  readonly arguments: string;
  /** The tool's annotations; `idempotentHint` says whether running it twice is safe. */
  readonly annotations?: ToolAnnotations;
}

/**
 * A tool call of a model reply, as the journal's {@link AgentRunJournal.toolInput} sees it before
 * anything is parsed, approved or run.
 * @public
 */
export interface AgentJournalToolInputCall {
  /** The step the call belongs to. */
  readonly step: number;
  /** The model's id of the call. */
  readonly callId: string;
  /** The tool the model called. */
  readonly tool: string;
  /** The arguments as the model sent them (JSON text). */
  readonly arguments: string;
}

/**
 * A tool call's result as the journal records it: plain JSON, what the model is told.
 * @public
 */
export interface AgentJournalToolResult {
  /** How the call ended; `cancelled` when the run's signal aborted it mid-flight. */
  readonly outcome: 'succeeded' | 'failed' | 'cancelled';
  /** The `tool` message content the model receives. */
  readonly content: string;
  /** The error, when the call did not succeed. */
  readonly error?: AgentRunError;
}

/**
 * The seam through which a run's model and tool calls can be checkpointed and replayed (durable
 * tasks use it). The loop calls `model` for every model call and `tool` for every tool call that
 * passed parsing and approval; the journal either runs the call (the function it is given) and
 * records the result, or returns a result recorded by an earlier attempt of the same run without
 * running it. Because every earlier reply and result comes back the same, an attempt rebuilds the
 * same conversation and continues where the last one stopped.
 *
 * An agent with memory also sends the loop's own memory calls through `tool`: the recall
 * (`memory.search`, call id `cortex.memory.recall`, step 0, read-only) and the write of a completed
 * run's answer (`memory.store`, call id `cortex.memory.answer`, the last step), so a new attempt
 * recalls what the first recalled and stores nothing twice; the model's `memory.remember` calls
 * come as the tool calls they are. A run that continues a thread sends its history the same way
 * (`cortex.thread.load`, call id `cortex.thread.history`, step 0, read-only: arguments
 * `{ threadId }`, the fitted history as content) and a completed run's append to the thread
 * (`cortex.thread.append`, call id `cortex.thread.append`, the last step, idempotent), so an
 * attempt is given the history the first was given and appends once; a replaying journal answers
 * the append without appending.
 *
 * A journal that must stop the run (to wait for a person, say) aborts the run's `signal` and
 * throws: the run ends `cancelled`, and the journal's owner knows why. A throw from `tool` makes
 * that call `failed` (or `cancelled` once the signal aborted); a throw from `model` ends the run
 * `model-failed` (or `cancelled`).
 * @public
 */
export interface AgentRunJournal {
  /** Runs (`generate`) or replays the model call of a step. */
  model(call: AgentJournalModelCall, generate: () => Promise<RouterGenerateResult>): Promise<RouterGenerateResult>;
  /** Runs (`execute`) or replays a tool call. */
  tool(call: AgentJournalToolCall, execute: () => Promise<AgentJournalToolResult>): Promise<AgentJournalToolResult>;
  /**
   * Substitutes a tool call's input (time travel: "what if this call had been made with…").
   * Asked for every tool call of a reply, before it is parsed: the arguments (JSON text) to use
   * instead of the model's, or `undefined` to keep them. The substituted call is parsed,
   * approved, journaled and run like the model's would have been, the conversation carries it
   * (so later model calls see the call that ran), and its record keeps the model's arguments in
   * `substitutedFrom`; the step's `reply` stays what the model said. Optional: a journal without
   * it changes nothing.
   */
  toolInput?(call: AgentJournalToolInputCall): string | undefined;
}
