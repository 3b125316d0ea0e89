import type { AgentApprovalPolicy, AgentToolCallInfo } from '../definition/AgentDefinition.js';
import { matchesToolEntry } from '../definition/toolPattern.js';

/**
 * True when a tool call needs approval under the agent's policy. Read-only tools never do;
 * under `destructive`, a tool does unless it is read-only or says `destructiveHint: false`
 * (MCP's defaults: an unannotated tool may destroy data).
 */
export function needsApproval(policy: AgentApprovalPolicy, call: AgentToolCallInfo): boolean {
  if (call.annotations?.readOnlyHint === true) return false;
  if (policy === 'destructive') return call.annotations?.destructiveHint !== false;
  if (typeof policy === 'function') return policy(call) === true;
  return policy.some((entry) => matchesToolEntry(entry, call.tool));
}
