import { openEventLog } from '@cortex-os/plugin-events';
import { afterAll } from 'vitest';
import { describeEventLog } from '../../packages/plugin-events/test/log/eventLogContract.js';
// The task tests' probe of the project's PostgreSQL (scripts/services/postgres.sh), shared: required when CI=true.
import { dropTestSchemas, freshTaskSchema, postgresForTasks } from '../tasks/postgresForTasks.js';

const { url, unavailable } = postgresForTasks;
afterAll(dropTestSchemas);

// The same contract as the SQLite file and PGlite, on a real PostgreSQL 15 with a pool of several connections.
if (unavailable === undefined)
  describeEventLog('PostgreSQL 15', (now) => openEventLog({ postgres: { url, schema: freshTaskSchema(), poolSize: 4 }, now }));
