import { principalThreadId, userIdOfPrincipal } from '@cortex-os/plugin-agents';

/**
 * Whom an A2A message's run acts for, in the request's process and as a durable task alike: its
 * sender (its principal and user), in the sender's own thread of the message's context (ADR 0039).
 */
export function a2aRunIdentity(
  principal: string,
  contextId: string,
): { readonly userId: string; readonly principal: string; readonly threadId: string } {
  return { userId: userIdOfPrincipal(principal), principal, threadId: principalThreadId('a2a', principal, contextId) };
}
