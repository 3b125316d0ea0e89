import type { ChatMessage } from '@cortex-os/kernel/router';
import type { AgentMemoryCall } from '../memory/AgentMemoryCall.js';
import type { AgentRunJournal } from '../run/AgentRunJournal.js';
import type { TrimmedHistory } from './trimHistory.js';

/**
 * The journal call id of a run's thread history, loaded at step 0 (its arguments: `{ threadId }`).
 * A model's call ids never start with `cortex.`.
 * @public
 */
export const THREAD_HISTORY_CALL_ID = 'cortex.thread.history';
/**
 * The journal call id of a completed run's append to its thread, at the last step: a journal that
 * replays answers it without appending.
 * @public
 */
export const THREAD_APPEND_CALL_ID = 'cortex.thread.append';

/**
 * The thread's history for a run — loaded and fitted by `load` — through the run's journal when it
 * has one (call id `cortex.thread.history`, step 0, read-only): a resumed attempt is given the
 * history the first attempt was given, and a replay the recorded one, however the thread has
 * grown since. Without a journal, `load` runs as is.
 */
export async function journaledHistory(
  journal: AgentRunJournal | undefined,
  threadId: string,
  load: () => Promise<TrimmedHistory>,
): Promise<TrimmedHistory> {
  if (journal === undefined) return load();
  const call = { ...threadHistoryCall(threadId), annotations: { readOnlyHint: true } };
  let loaded: TrimmedHistory | undefined;
  const result = await journal.tool(call, async () => {
    loaded = await load();
    return { outcome: 'succeeded', content: JSON.stringify(loaded) };
  });
  if (result.outcome !== 'succeeded') throw new Error(`the thread's history could not be read (${result.error?.code ?? result.outcome})`);
  if (loaded !== undefined) return loaded;
  // Recorded by an earlier attempt, whose summary (if any) was charged to that attempt.
  return { ...(JSON.parse(result.content) as TrimmedHistory), summaryTokens: 0 };
}

/** The thread history load of a run, as the journal and the run's result name it. */
function threadHistoryCall(threadId: string): Omit<AgentMemoryCall, 'outcome' | 'content'> {
  return { step: 0, callId: THREAD_HISTORY_CALL_ID, tool: 'cortex.thread.load', arguments: JSON.stringify({ threadId }) };
}

/**
 * The history a run was given, as one of its result's `memoryCalls`: a recording of the run then
 * holds it, and a replay is given the same history, however the thread has grown since.
 */
export function recordedHistoryCall(threadId: string, history: TrimmedHistory): AgentMemoryCall {
  return { ...threadHistoryCall(threadId), outcome: 'succeeded', content: JSON.stringify(history) };
}

/**
 * Appends a completed run's turn to its thread, through the run's journal when it has one (call id
 * `cortex.thread.append`, the last step): a resumed attempt does not append twice, and a replay
 * answered from its recording appends nothing. Marked idempotent, so an append in doubt after a
 * crash is run again rather than put to a person (a turn at worst twice, never lost).
 */
export async function journaledAppend(
  journal: AgentRunJournal | undefined,
  step: number,
  threadId: string,
  turn: readonly ChatMessage[],
  append: () => Promise<void>,
): Promise<void> {
  if (journal === undefined) return append();
  const call = {
    step,
    callId: THREAD_APPEND_CALL_ID,
    tool: 'cortex.thread.append',
    arguments: JSON.stringify({ threadId, messages: turn.length }),
    annotations: { idempotentHint: true },
  };
  await journal.tool(call, async () => {
    await append();
    return { outcome: 'succeeded', content: JSON.stringify({ appended: turn.length }) };
  });
}
