import { principalThreadId } from '@cortex-os/plugin-agents';

/**
 * Whom an A2A message's run acts for, in the request's process and as a durable task alike: its
 * sender (the run derives the sender's user from it), in the sender's own thread of the message's
 * context (ADR 0039).
 */
export function a2aRunIdentity(principal: string, contextId: string): { readonly principal: string; readonly threadId: string } {
  return { principal, threadId: principalThreadId('a2a', principal, contextId) };
}
