import type { ModelToolCall } from '@cortex-os/kernel/router';
import type { AgentRunJournal } from './AgentRunJournal.js';

/**
 * The tool calls of a reply as the run makes them: each with the input the journal substitutes
 * (time travel), or the model's. `substituted` maps a changed call's id to the model's arguments,
 * which its record keeps, so a trace shows both what the model asked and what ran.
 */
export function substituteToolInputs(
  journal: AgentRunJournal | undefined,
  step: number,
  calls: readonly ModelToolCall[],
): { readonly calls: readonly ModelToolCall[]; readonly substituted: ReadonlyMap<string, string> } {
  const substituted = new Map<string, string>();
  if (journal?.toolInput === undefined) return { calls, substituted };
  const made = calls.map((call) => {
    const input = journal.toolInput?.({ step, callId: call.id, tool: call.name, arguments: call.arguments });
    if (input === undefined || input === call.arguments) return call;
    substituted.set(call.id, call.arguments);
    return { ...call, arguments: input };
  });
  return { calls: made, substituted };
}
