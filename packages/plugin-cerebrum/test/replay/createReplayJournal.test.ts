// The replay journal never appends to a conversation, even for a step it runs live: an append is
// a change to the recorded run's thread, which neither a replay nor a time travel makes.
import { THREAD_APPEND_CALL_ID } from '@cortex-os/plugin-agents';
import { createReplayJournal } from '@cortex-os/plugin-cerebrum';
import { describe, expect, it } from 'vitest';

describe('createReplayJournal', () => {
  it('answers a thread append without running it, live steps included; other live calls run', async () => {
    const journal = createReplayJournal([], { liveFrom: 0 });
    const ran: string[] = [];
    const execute = (what: string) => async () => {
      ran.push(what);
      return { outcome: 'succeeded' as const, content: '{}' };
    };
    const append = { step: 0, callId: THREAD_APPEND_CALL_ID, tool: 'cortex.thread.append', arguments: '{"threadId":"t","messages":2}' };
    expect(await journal.tool(append, execute('append'))).toEqual({ outcome: 'succeeded', content: '{"appended":0}' });
    await journal.tool({ step: 0, callId: 'c1', tool: 'weather', arguments: '{}' }, execute('weather'));
    expect(ran).toEqual(['weather']);
  });
});
