import { createHash } from 'node:crypto';

/**
 * The agent thread of an A2A context for one sender: `a2a:` and the hex SHA-256 of the principal
 * and the `contextId`. A context continues its sender's own conversation only: a client may name
 * its context, and ids travel in logs and links, so another principal sending the same `contextId`
 * gets a thread of their own instead of the first one's history (and `thread`-scoped memories).
 * Always 68 characters, so it is a valid memory tag id whatever the contextId.
 */
export function a2aThreadId(principal: string, contextId: string): string {
  return `a2a:${createHash('sha256').update(principal).update('\u0000').update(contextId).digest('hex')}`;
}
