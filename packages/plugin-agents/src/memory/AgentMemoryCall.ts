import type { AgentJournalToolResult } from '../run/AgentRunJournal.js';

/**
 * One of the run loop's own memory calls — the thread's history given to a run that continues a
 * thread (`cortex.thread.history`), the recall before the first model call
 * (`cortex.memory.recall`, `memory.search`) and a completed run's answer write-back
 * (`cortex.memory.answer`, `memory.store`) — as it went through the journal: what a replay of
 * the run answers it with. (A `memory.remember` call is the model's and is in its step.)
 * @public
 */
export interface AgentMemoryCall extends AgentJournalToolResult {
  /** The step it belongs to (the history and the recall: 0; the write-back: the last). */
  readonly step: number;
  /** `cortex.thread.history`, `cortex.memory.recall` or `cortex.memory.answer`. */
  readonly callId: string;
  /** The memory tool it called (`cortex.thread.load` for the history). */
  readonly tool: string;
  /** Its arguments, as JSON text. */
  readonly arguments: string;
}
