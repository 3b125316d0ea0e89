import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { eventsPluginOptions, openEventLog } from '@cortex-os/plugin-events';
import { afterAll, describe, expect, it } from 'vitest';
import { noteAdded, startEventsRuntime, testFolder } from './eventsRuntime.js';

const dir = testFolder();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the event log under the runtime home', () => {
  it('is <home>/events/events.sqlite when neither file nor postgres is given, its folder created', async () => {
    const home = join(dir, 'fresh-home');
    const previous = process.env['CORTEX_HOME'];
    process.env['CORTEX_HOME'] = home;
    try {
      let id: string;
      {
        await using runtime = await startEventsRuntime({});
        id = runtime.bus.publish(noteAdded, { id: 'n1', words: 1 }).id;
        await runtime.events.flush();
      }
      const file = join(home, 'events', 'events.sqlite');
      expect(existsSync(file)).toBe(true);
      const log = await openEventLog({ file });
      expect((await log.query()).events.map((e) => e.id)).toEqual([id]);
      await log.close();
    } finally {
      if (previous === undefined) delete process.env['CORTEX_HOME'];
      else process.env['CORTEX_HOME'] = previous;
    }
  });

  it('refuses both a file and postgres, naming them', () => {
    const parsed = eventsPluginOptions.safeParse({ file: 'a.sqlite', postgres: { url: 'postgres://127.0.0.1/x' } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('give the event log as `file` (SQLite) or `postgres` (a URL), not both');
    expect(eventsPluginOptions.parse({}).file).toBeUndefined();
  });
});
