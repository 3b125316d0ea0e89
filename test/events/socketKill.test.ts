import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { noteAdded, startEventsRuntime, testFolder } from '../../packages/plugin-events/test/plugin/eventsRuntime.js';
import { runFixture } from '../support/runFixture.js';

// Issue 20: a WebSocket client resumes from its last event id without gaps. Here the subscriber is
// a real process killed with SIGKILL while the server is still streaming to it; events go on being
// published while nobody listens; a new process resumes from the killed one's cursor (the last id
// it printed) and gets exactly the rest, replayed from the log and then live.
const dir = testFolder();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const script = join(import.meta.dirname, 'socketSubscriber.mjs');

/** The events a subscriber printed, as [id, n] pairs, in order. */
function printed(seen: readonly string[]): [string, number][] {
  return seen
    .filter((line) => line.startsWith('event '))
    .map((line) => {
      const [, id, n] = line.split(' ');
      return [id as string, Number(n)];
    });
}

describe('WS /a2a/events/{type}: a subscriber process killed with SIGKILL', () => {
  // Fixed kill points: after the first and the 7th of the first ten events.
  it.each([1, 7])('is resumed by a new process from its cursor with no gap and no duplicate (killed after event %i)', async (killAt) => {
    await using runtime = await startEventsRuntime({ file: join(dir, `kill-${killAt}.sqlite`), record: ['notes.*'] });
    const url = `${runtime.base.replace('http', 'ws')}/a2a/events/notes.*`;
    const ids: string[] = [];
    const publish = (from: number, to: number): void => {
      for (let n = from; n <= to; n++) ids.push(runtime.bus.publish(noteAdded, { id: `n${n}`, words: n }).id);
    };

    const doomed = runFixture(script, [url, runtime.token, '30']);
    await doomed.next((line) => line === 'live');
    publish(1, 10);
    // Killed the moment it printed event `killAt`: the server is mid-stream, the rest unsent or in flight.
    await doomed.next((line) => line.startsWith('event ') && line.endsWith(` ${killAt}`));
    doomed.child.kill('SIGKILL');
    expect(await doomed.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const before = printed(doomed.seen);

    // Published while nobody listens: only the log has them.
    publish(11, 20);
    const cursor = before.at(-1)?.[0] as string;
    const heir = runFixture(script, [url, runtime.token, '30', cursor]);
    await heir.next((line) => line === 'live');
    publish(21, 30);
    expect(await heir.exited).toEqual({ code: 0, signal: null });

    const after = printed(heir.seen);
    expect(heir.seen.filter((line) => line.startsWith('gap '))).toEqual([]);
    expect([...before, ...after].map(([id]) => id)).toEqual(ids);
    expect([...before, ...after].map(([, n]) => n)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });
});
