import type { CloudEvent } from '@cortex-os/kernel';
import { openEventLog } from '@cortex-os/plugin-events';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { describeEventLog } from '../../packages/plugin-events/test/log/eventLogContract.js';
// The task tests' probe of the project's PostgreSQL (scripts/services/postgres.sh), shared: required when CI=true.
import { dropTestSchemas, freshTaskSchema, postgresForTasks } from '../tasks/postgresForTasks.js';

const { url, unavailable } = postgresForTasks;
afterAll(dropTestSchemas);

// The same contract as the SQLite file and PGlite, on a real PostgreSQL 15 with a pool of several connections.
if (unavailable === undefined)
  describeEventLog('PostgreSQL 15', (now) => openEventLog({ postgres: { url, schema: freshTaskSchema(), poolSize: 4 }, now }));

// Row numbers are handed out at insert and transactions commit in any order: a reader must not
// pass over a smaller number that commits after a larger one (issue 20: a page never skips).
describe.skipIf(unavailable !== undefined)('the PostgreSQL event log under out-of-order commits', () => {
  it('shows no row above a transaction still running; once it commits, the next page has both, in order', async () => {
    const schema = freshTaskSchema();
    const log = await openEventLog({ postgres: { url, schema, poolSize: 2 } });
    const slow = new pg.Client({ connectionString: url });
    await slow.connect();
    try {
      // The slow writer takes the smaller number and keeps its transaction open.
      await slow.query('BEGIN');
      await slow.query(
        `INSERT INTO ${schema}.event_log (id, source, type, time, time_ms, recorded_at, data) VALUES ('slow', '/test', 'order.placed', '2026-12-07T00:00:00Z', 0, 0, '{}')`,
      );
      await log.append([orderEvent('fast')]);
      const during = await log.query({ type: 'order.*' });
      expect(during.events).toEqual([]);
      await slow.query('COMMIT');
      const after = await log.query({ type: 'order.*' });
      expect(after.events.map((event) => event.id)).toEqual(['slow', 'fast']);
    } finally {
      await slow.end();
      await log.close();
    }
  });
});

function orderEvent(id: string): CloudEvent {
  return {
    specversion: '1.0',
    id,
    source: '/test',
    type: 'order.placed',
    time: '2026-12-07T00:00:01Z',
    datacontenttype: 'application/json',
    data: {},
  } as CloudEvent;
}
