import type { Redis } from 'ioredis';
import type { GroupBacklog } from './registerTransportMetrics.js';

/**
 * The stream's length and each group's pending count and lag, (XLEN, then XINFO GROUPS).
 * A missing stream is length 0 with no groups. RESP2 reply of XINFO GROUPS: one flat
 * `[name, g, consumers, n, pending, n, last-delivered-id, id, entries-read, n, lag, n]` per group.
 */
export async function readBacklog(client: Redis, stream: string): Promise<{ length: number; groups: GroupBacklog[] }> {
  const length = Number(await client.call('XLEN', stream));
  if (length === 0 && Number(await client.call('EXISTS', stream)) === 0) return { length: 0, groups: [] };
  const reply = (await client.call('XINFO', 'GROUPS', stream)) as unknown[];
  const groups: GroupBacklog[] = [];
  for (const item of reply) {
    if (!Array.isArray(item)) continue;
    const fields = new Map<string, unknown>();
    for (let i = 0; i + 1 < item.length; i += 2) fields.set(String(item[i]), item[i + 1]);
    const lag = fields.get('lag');
    groups.push({
      group: String(fields.get('name')),
      pending: Number(fields.get('pending') ?? 0),
      // Redis answers a nil lag when it cannot compute it (entries deleted inside the group's range).
      lag: lag === null || lag === undefined ? undefined : Number(lag),
    });
  }
  return { length, groups };
}
