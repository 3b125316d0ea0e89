/**
 * The thread a recorded run continued, read from the arguments of its history checkpoint (the
 * loop's `cortex.thread.history` call at step 0, whose arguments name the thread): a replay passes it so
 * the run asks for its history — answered from the checkpoint, however the thread has grown since
 * — and the journal answers the run's append without appending. `undefined` when the run continued
 * no thread, or was recorded before threads were journaled.
 */
export function recordedThreadId(historyArguments: string | undefined): string | undefined {
  if (historyArguments === undefined) return undefined;
  try {
    const { threadId } = JSON.parse(historyArguments) as { threadId?: unknown };
    return typeof threadId === 'string' ? threadId : undefined;
  } catch {
    return undefined;
  }
}
