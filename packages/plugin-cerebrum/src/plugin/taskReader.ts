import type { ToolCaller } from '@cortex-os/kernel';

/**
 * Whose tasks a caller of the task tools may act on: its principal; every remote caller without
 * one shares `anonymous`, as the tasks routes file their tasks; only host code in-process without
 * a caller id sees every task (undefined).
 */
export function taskReader(caller: ToolCaller): string | undefined {
  return caller.id ?? (caller.transport === 'in-process' ? undefined : 'anonymous');
}
