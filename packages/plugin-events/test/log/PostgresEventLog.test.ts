import { openEventLog } from '@cortex-os/plugin-events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The memory package's in-process PostgreSQL (PGlite over the wire protocol on 127.0.0.1), reused
// rather than copied: the contract then covers the PostgreSQL driver in-process, with no service.
import { type PgliteServer, startPgliteServer } from '../../../plugin-memory/test/postgres/startPgliteServer.js';
import { describeEventLog } from './eventLogContract.js';

let server: PgliteServer;
let schemas = 0;
beforeAll(async () => {
  server = await startPgliteServer();
}, 60_000);
afterAll(() => server.stop());

// PGlite has one session, so each log keeps a pool of one.
describeEventLog('PostgreSQL (PGlite)', (now) =>
  openEventLog({ postgres: { url: server.url, schema: `events_${schemas++}`, poolSize: 1 }, now }),
);

describe('the PostgreSQL event log', () => {
  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(openEventLog({ postgres: { url: server.url, schema: 'Bad-Name' } })).rejects.toMatchObject({
      code: 'EVENTLOG_UNAVAILABLE',
      message: 'The event log could not be opened: the schema name must match ^[a-z_][a-z0-9_]{0,62}$ and not be event_log.',
    });
  });
});
