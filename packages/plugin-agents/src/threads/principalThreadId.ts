import { createHash } from 'node:crypto';

/**
 * The agent thread a principal's conversation named `name` continues, at a door (`a2a` for an A2A
 * context, `task` for a task's `params.threadId`): `<door>:` and the hex SHA-256 of the pair
 * (principal, name). Callers may choose conversation names, and names travel in logs and links, so a
 * thread is derived per principal: another principal naming the same conversation gets a thread of
 * their own, never the first one's history or `thread`-scoped memories. At most 120 characters for
 * a door name of up to 55 (a usable memory tag id).
 * @example
 * ```ts
 * principalThreadId('a2a', 'ada', 'ctx-7'); // 'a2a:5d41…' (68 characters)
 * ```
 * @public
 */
export function principalThreadId(door: string, principal: string, name: string): string {
  // JSON of the pair, not a separator: no principal and name can spell another pair's input.
  return `${door}:${createHash('sha256')
    .update(JSON.stringify([principal, name]))
    .digest('hex')}`;
}
