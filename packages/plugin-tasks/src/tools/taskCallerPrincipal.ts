import type { ToolCaller } from '@cortex-os/kernel';
import { principalOfCaller } from '@cortex-os/plugin-agents';

/** The caller's scopes, when its transport passed any (only a list of strings counts: callers from plain JavaScript are not typed). */
function scopesOf(caller: ToolCaller): readonly string[] {
  const { scopes } = caller;
  return Array.isArray(scopes) ? scopes.filter((scope): scope is string => typeof scope === 'string') : [];
}

/**
 * Whose tasks a caller may read and act on: its principal's only (another principal's task is
 * reported unknown), or every principal's (`undefined`) for host code in-process without a
 * principal and for a caller whose scopes include `adminScope`.
 */
export function taskScopeOf(caller: ToolCaller, adminScope: string): string | undefined {
  if (caller.transport === 'in-process' && caller.id === undefined) return undefined;
  if (scopesOf(caller).includes(adminScope)) return undefined;
  // Anyone else: who owns what it submits (a remote caller without a principal is `anonymous`).
  return principalOfCaller(caller);
}
