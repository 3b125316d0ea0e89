import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openEventLog } from '@cortex-os/plugin-events';
import { afterAll, describe, expect, it } from 'vitest';
import { testFolder } from '../../packages/plugin-events/test/plugin/eventsRuntime.js';
import { builtFile } from '../support/builtFile.js';
import { runFixture } from '../support/runFixture.js';
import { dropTestSchemas, freshTaskSchema, postgresForTasks } from '../tasks/postgresForTasks.js';

// Issue 20: `POST /a2a/events/{type}` is idempotent by the client's id + source across processes.
// Two runtimes in their own processes post one key: the first is held inside its publish (its
// transport waits for the test), the second posts the same key meanwhile. Exactly one publishes.
builtFile('packages/plugin-events/dist/index.js');
const dir = testFolder();
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await dropTestSchemas();
});

interface Outcome {
  readonly duplicate: boolean;
  readonly id: string;
  readonly sends: number;
}

async function race(store: string): Promise<Outcome[]> {
  const script = join(import.meta.dirname, 'racingPublisher.mjs');
  const [holder, other] = [runFixture(script, [store, 'hold']), runFixture(script, [store, 'free'])];
  await Promise.all([holder.next((line) => line === 'ready'), other.next((line) => line === 'ready')]);
  holder.say('go');
  await holder.next((line) => line === 'sending');
  other.say('go');
  await other.next((line) => line === 'publishing');
  holder.say('release');
  const outcomes: Outcome[] = [];
  for (const fixture of [holder, other]) {
    expect(await fixture.exited, fixture.logged.join('\n')).toEqual({ code: 0, signal: null });
    outcomes.push(JSON.parse(fixture.seen.at(-1) as string) as Outcome);
  }
  return outcomes;
}

function expectOnePublish(outcomes: readonly Outcome[]): void {
  // One bus publish in all: the holder's. The other answered its event as the replay.
  expect(outcomes.map((o) => o.sends)).toEqual([1, 0]);
  expect(outcomes.map((o) => o.duplicate)).toEqual([false, true]);
  expect(outcomes[1]?.id).toBe(outcomes[0]?.id);
}

describe('two processes posting one idempotency key at once', () => {
  it('publish once on one SQLite file; the other answers the first event', async () => {
    const file = join(dir, 'race.sqlite');
    expectOnePublish(await race(`file:${file}`));
    const log = await openEventLog({ file });
    expect((await log.query()).events).toHaveLength(1);
    expect(await log.findRequested({ id: 'k-1', source: '/race' })).toBeDefined();
    await log.close();
  });

  it.skipIf(postgresForTasks.unavailable !== undefined)('publish once on one PostgreSQL schema', async () => {
    const schema = freshTaskSchema();
    expectOnePublish(await race(`postgres:${schema}:${postgresForTasks.url}`));
    const log = await openEventLog({ postgres: { url: postgresForTasks.url, schema } });
    expect((await log.query()).events).toHaveLength(1);
    await log.close();
  });
});
