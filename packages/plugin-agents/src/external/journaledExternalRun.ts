import type { AgentJournalToolResult, AgentRunJournal } from '../run/AgentRunJournal.js';
import type { AgentRunError } from '../run/AgentRunStep.js';
import { errorText, runErrorOf } from '../run/toolResultText.js';
import type { ExternalAgentReply } from './ExternalAgent.js';

/** The journal call id of an external agent's run: one call per run, at step 0. */
export const EXTERNAL_RUN_CALL_ID = 'cortex.external.run';

/** A reply read back from a journal, or the error that stands for it (a call in doubt, a recorded failure). */
export type JournaledExternalReply =
  | { readonly reply: ExternalAgentReply }
  | { readonly error: AgentRunError; readonly cancelled: boolean };

const statuses = new Set(['completed', 'budget-exhausted', 'failed', 'cancelled']);

/** The reply a journal recorded (or just ran): checked, since a store's JSON could hold anything. */
function replyOf(result: AgentJournalToolResult, tool: string): JournaledExternalReply {
  if (result.outcome !== 'succeeded')
    return { error: result.error ?? { code: 'AGENT_TOOL_FAILED', message: result.content }, cancelled: result.outcome === 'cancelled' };
  try {
    const reply = JSON.parse(result.content) as ExternalAgentReply;
    if (typeof reply === 'object' && reply !== null && statuses.has(reply.status) && typeof reply.text === 'string') return { reply };
  } catch {
    // Not JSON: reported below as a failure of the call, never as an answer.
  }
  return { error: runErrorOf(new Error('the recorded reply is not an external agent reply'), tool), cancelled: false };
}

/**
 * Runs an external agent through the run's journal, as the one call `cortex.external.run` of
 * step 0 (tool `agent.<name>`, arguments: the input): a durable task records the reply before the
 * run ends, and a replay or a resumed attempt gets the recorded reply without calling the remote
 * again. A remote that throws is not recorded: the error goes on to the caller, as without a
 * journal (a task then fails, and the started call stays in its log). The remote may reach
 * anything, so the call is neither read-only nor idempotent: in flight at a crash, it waits for a
 * person, as a write does.
 */
export async function journaledExternalRun(
  journal: AgentRunJournal,
  name: string,
  input: string,
  signal: AbortSignal | undefined,
  run: () => Promise<ExternalAgentReply>,
): Promise<JournaledExternalReply> {
  const tool = `agent.${name}`;
  const call = { step: 0, callId: EXTERNAL_RUN_CALL_ID, tool, arguments: JSON.stringify({ input }), annotations: { openWorldHint: true } };
  const execute = async (): Promise<AgentJournalToolResult> => {
    try {
      return { outcome: 'succeeded', content: JSON.stringify(await run()) };
    } catch (error) {
      if (signal?.aborted !== true) throw error;
      const runError = runErrorOf(error, tool);
      return { outcome: 'cancelled', content: errorText(runError), error: runError };
    }
  };
  return replyOf(await journal.tool(call, execute), tool);
}
