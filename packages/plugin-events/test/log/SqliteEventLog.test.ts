import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEventLog } from '@cortex-os/plugin-events';
import { afterAll, describe, expect, it } from 'vitest';
import { describeEventLog, testEvent } from './eventLogContract.js';

const dir = mkdtempSync(join(tmpdir(), 'event-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

describeEventLog('SQLite file', (now) => openEventLog({ file: join(dir, `log-${files++}.sqlite`), now }));

describe('the SQLite event log', () => {
  it('keeps its events across a reopen of the file', async () => {
    const file = join(dir, 'reopen.sqlite');
    const event = testEvent();
    const first = await openEventLog({ file });
    await first.append([event]);
    await first.close();
    const again = await openEventLog({ file });
    expect((await again.query()).events).toEqual([event]);
    await again.close();
  });

  it('answers an unusable file or a double store with EVENTLOG_UNAVAILABLE, naming no path', async () => {
    const error = await openEventLog({ file: join(dir, 'missing-folder', 'x', 'log.sqlite') }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({
      code: 'EVENTLOG_UNAVAILABLE',
      message: 'The event log could not be opened: the SQLite file is not usable.',
    });
    await expect(openEventLog({ file: 'a', postgres: { url: 'postgres://127.0.0.1/x' } })).rejects.toMatchObject({
      code: 'EVENTLOG_UNAVAILABLE',
    });
    await expect(openEventLog({})).rejects.toMatchObject({ code: 'EVENTLOG_UNAVAILABLE' });
  });
});
