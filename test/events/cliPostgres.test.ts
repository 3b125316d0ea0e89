import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '@cortex-os/cli';
import { openEventLog } from '@cortex-os/plugin-events';
import { afterAll, describe, expect, it } from 'vitest';
import { dropTestSchemas, freshTaskSchema, postgresForTasks } from '../tasks/postgresForTasks.js';

// `cortex serve` with the event log on the project's PostgreSQL (scripts/services/postgres.sh),
// chosen by variables alone: the slot runs, POST /a2a/events lands in the schema, no file is made.
const { url, unavailable } = postgresForTasks;
const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  await dropTestSchemas();
});

const folder = (prefix: string): string => {
  const made = mkdtempSync(join(tmpdir(), prefix));
  folders.push(made);
  return made;
};

describe.skipIf(unavailable !== undefined)('cortex serve with the event log on PostgreSQL', () => {
  it('records a posted event in the schema CORTEX_EVENTS_POSTGRES__* name, and makes no SQLite file', async () => {
    const [home, cwd, schema] = [folder('cortex-home-'), folder('cortex-cli-'), freshTaskSchema()];
    const data = { id: '01890a5d-ac96-774b-bcce-b302099a8057', kind: 'note', modality: 'text', tier: 'stm', tags: [], embedded: false };
    let posted: { status: number; body: { id?: string } } | undefined;
    const err: string[] = [];
    const code = await runCli(
      ['serve'],
      {
        out: () => undefined,
        err: (line) => err.push(line),
        cwd,
        env: { CORTEX_HOME: home, CORTEX_HTTP_PORT: '0', CORTEX_EVENTS_POSTGRES__URL: url, CORTEX_EVENTS_POSTGRES__SCHEMA: schema },
      },
      {
        signals: false,
        onStarted: async (runtime) => {
          try {
            const response = await fetch(`${runtime.address?.url}/a2a/events/memory.stored`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ id: 'c-1', source: '/cli-test', data }),
            });
            posted = { status: response.status, body: (await response.json()) as { id?: string } };
          } finally {
            await runtime.stop();
          }
        },
      },
    );
    expect(code, err.join('\n')).toBe(0);
    expect(posted?.status).toBe(201);
    const log = await openEventLog({ postgres: { url, schema } });
    expect((await log.query({ type: 'memory.stored' })).events.map((e) => [e.id, e.data])).toEqual([[posted?.body.id, data]]);
    expect(await log.findRequested({ id: 'c-1', source: '/cli-test' })).toBeDefined();
    await log.close();
    expect(existsSync(join(home, 'events'))).toBe(false);
  });
});
