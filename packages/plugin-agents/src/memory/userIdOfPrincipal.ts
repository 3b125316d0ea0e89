import { createHash } from 'node:crypto';
import { scopeIdProblem } from './agentMemoryPolicy.js';

/** Marks a user id derived from a principal that cannot be one itself. */
const DIGEST_PREFIX = 'principal-sha256:';

/**
 * The `userId` of a run that acts for `principal`, so an agent whose memory is scoped per user
 * (`memory.scope` with `user`) recalls and writes that principal's memories: the principal itself
 * when it can be a memory tag's id (1 to 120 characters, no control characters), else
 * `principal-sha256:` and the hex SHA-256 of it — stable across runs and processes, and never
 * another principal's (a principal that itself starts with the prefix is hashed too).
 *
 * A run given a `principal` (the agent tool, durable tasks, A2A runs and replays pass the
 * authenticated caller's) and no `userId` acts for this user, as evals do for their caller, so no
 * caller can name another user's memories.
 * @example
 * ```ts
 * userIdOfPrincipal('ann'); // 'ann'
 * userIdOfPrincipal(oidcSubject.repeat(3)); // 'principal-sha256:3f0a…' (81 characters)
 * ```
 * @public
 */
export function userIdOfPrincipal(principal: string): string {
  if (scopeIdProblem('userId', principal).length === 0 && !principal.startsWith(DIGEST_PREFIX)) return principal;
  // 17 + 64 characters: always a usable id.
  return `${DIGEST_PREFIX}${createHash('sha256').update(principal).digest('hex')}`;
}
