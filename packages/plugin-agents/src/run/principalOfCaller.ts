import type { ToolCaller } from '@cortex-os/kernel';

/**
 * Who a tool caller is, as the runtime's doors name it: its principal; host code in-process
 * without one is `host`; a remote caller without one is `anonymous` (as the tasks and A2A routes
 * file unauthenticated callers' work).
 * @public
 */
export function principalOfCaller(caller: ToolCaller): string {
  if (caller.id !== undefined) return caller.id;
  return caller.transport === 'in-process' ? 'host' : 'anonymous';
}
