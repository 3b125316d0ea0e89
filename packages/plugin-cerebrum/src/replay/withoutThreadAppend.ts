import { type AgentJournalToolCall, type AgentJournalToolResult, THREAD_APPEND_CALL_ID } from '@cortex-os/plugin-agents';

/**
 * A replay or a time travel never appends to the recorded run's conversation: the answer to the
 * run's thread append (`cortex.thread.append`), given without appending; `undefined` for any other call.
 */
export function withoutThreadAppend(call: Pick<AgentJournalToolCall, 'callId'>): AgentJournalToolResult | undefined {
  return call.callId === THREAD_APPEND_CALL_ID ? { outcome: 'succeeded', content: '{"appended":0}' } : undefined;
}
