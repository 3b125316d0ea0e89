import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clockTicked, noteAdded, startEventsRuntime, testFolder } from '../plugin/eventsRuntime.js';
import { opened, SocketClient } from './socketClient.js';

const dir = testFolder();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const file = (): string => join(dir, `socket-${files++}.sqlite`);
const wsUrl = (base: string, path: string): string => `${base.replace(/^http/, 'ws')}${path}`;

describe('WS /a2a/events/{type}: live events', () => {
  it('sends the events of its pattern and no others, after a live notice', async () => {
    await using runtime = await startEventsRuntime({ file: file() });
    const client = opened(
      await SocketClient.connect(wsUrl(runtime.base, '/a2a/events/notes.*'), { headers: { authorization: `Bearer ${runtime.token}` } }),
    );
    expect(client.ws.protocol).toBe('a2a.events.v1');
    expect(await client.received(1)).toEqual([{ kind: 'live' }]);
    runtime.bus.publish(clockTicked, { at: 1 });
    const added = runtime.bus.publish(noteAdded, { id: 'n1', words: 2 });
    await client.received(2);
    expect(client.events()).toEqual([JSON.parse(JSON.stringify(added))]);
    await client.close();
  });

  it('takes the bearer token from a Sec-WebSocket-Protocol value and never echoes it', async () => {
    await using runtime = await startEventsRuntime({ file: file() });
    const client = opened(
      await SocketClient.connect(wsUrl(runtime.base, '/a2a/events/*'), { protocols: ['a2a.events.v1', `bearer.${runtime.token}`] }),
    );
    expect(client.ws.protocol).toBe('a2a.events.v1');
    await client.received(1);
    await client.close();
  });

  it('refuses a missing or wrong token (401), a token in the query string (400) and a foreign Origin (403)', async () => {
    await using runtime = await startEventsRuntime({ file: file() }, { allowedOrigins: ['https://app.example'] });
    const url = wsUrl(runtime.base, '/a2a/events/notes.*');
    const auth = { authorization: `Bearer ${runtime.token}` };
    expect(await SocketClient.connect(url)).toEqual({ refused: 401 });
    expect(await SocketClient.connect(url, { headers: { authorization: 'Bearer wrong' } })).toEqual({ refused: 401 });
    expect(await SocketClient.connect(url, { protocols: ['a2a.events.v1', 'bearer.wrong'] })).toEqual({ refused: 401 });
    expect(await SocketClient.connect(`${url}?access_token=${runtime.token}`)).toEqual({ refused: 400 });
    expect(await SocketClient.connect(url, { headers: { ...auth, origin: 'https://evil.example' } })).toEqual({ refused: 403 });
    expect(await SocketClient.connect(wsUrl(runtime.base, '/a2a/other/x'), { headers: auth })).toEqual({ refused: 404 });
    const allowed = opened(await SocketClient.connect(url, { headers: { ...auth, origin: 'https://app.example' } }));
    await allowed.close();
    expect(runtime.seen).toEqual([]);
  });

  it('closes every subscriber with 1001 when the runtime stops', async () => {
    const runtime = await startEventsRuntime({ file: file() });
    const client = opened(
      await SocketClient.connect(wsUrl(runtime.base, '/a2a/events/*'), { headers: { authorization: `Bearer ${runtime.token}` } }),
    );
    await client.received(1);
    await runtime.kernel.stop();
    expect(await client.closed).toEqual({ code: 1001, reason: 'the server is shutting down' });
  });
});

describe('WS /a2a/events/{type}: resuming from the durable log', () => {
  it('resumes after the last event id with no gap and no duplicate', async () => {
    await using runtime = await startEventsRuntime({ file: file(), record: ['notes.*'] });
    const url = wsUrl(runtime.base, '/a2a/events/notes.*');
    const headers = { authorization: `Bearer ${runtime.token}` };
    const first = opened(await SocketClient.connect(url, { headers }));
    await first.received(1);
    for (let i = 0; i < 2; i++) runtime.bus.publish(noteAdded, { id: `n${i}`, words: i });
    await first.received(3);
    await first.close();
    const lastSeen = first.events().at(-1)?.id ?? '';
    // Published while the client is away, then one more once it is back.
    for (let i = 2; i < 5; i++) runtime.bus.publish(noteAdded, { id: `n${i}`, words: i });
    runtime.bus.publish(clockTicked, { at: 1 });
    const again = opened(await SocketClient.connect(url, { headers: { ...headers, 'last-event-id': lastSeen } }));
    await again.received(4);
    expect(again.messages.at(-1)).toEqual({ kind: 'live' });
    runtime.bus.publish(noteAdded, { id: 'n5', words: 5 });
    await again.received(5);
    const ids = [...first.events(), ...again.events()].map((e) => (e.data as { id: string }).id);
    expect(ids).toEqual(['n0', 'n1', 'n2', 'n3', 'n4', 'n5']);
    await again.close();
  });

  it('sends a gap notice for types the log does not keep, and for an unknown last event id', async () => {
    await using runtime = await startEventsRuntime({ file: file(), record: ['notes.*'] });
    const headers = { authorization: `Bearer ${runtime.token}`, 'last-event-id': 'gone' };
    const clock = opened(await SocketClient.connect(wsUrl(runtime.base, '/a2a/events/clock.*'), { headers }));
    expect(await clock.received(2)).toEqual([{ kind: 'gap', reason: 'not-logged', pattern: 'clock.*' }, { kind: 'live' }]);
    const notes = opened(
      await SocketClient.connect(wsUrl(runtime.base, '/a2a/events/notes.*?lastEventId=gone'), {
        headers: { authorization: headers.authorization },
      }),
    );
    expect(await notes.received(2)).toEqual([{ kind: 'gap', reason: 'unknown-last-event', lastEventId: 'gone' }, { kind: 'live' }]);
    await clock.close();
    await notes.close();
  });
});

describe('WS /a2a/events/{type}: a slow subscriber', () => {
  it('costs the server a bounded buffer: what it could not take is dropped and announced, the rest arrives in order', async () => {
    // Nothing recorded: this is about the socket's buffer, not the log.
    await using runtime = await startEventsRuntime({ file: file(), record: [], websocket: { maxBuffered: 8 } });
    const client = opened(
      await SocketClient.connect(wsUrl(runtime.base, '/a2a/events/notes.*'), { headers: { authorization: `Bearer ${runtime.token}` } }),
    );
    await client.received(1);
    client.ws.pause();
    // 300 events of 100 kB in one synchronous burst to a paused reader: the socket takes 16 frames,
    // the buffer 8, and the rest must be dropped — whatever the loopback buffers could have held.
    const words = 'x'.repeat(100_000);
    const total = 300;
    for (let i = 0; i < total; i++) runtime.bus.publish(noteAdded, { id: `${i}:${words}`, words: i });
    client.ws.resume();
    // Everything still to come is either delivered or counted in a gap notice; wait for the last event.
    const counted = (): number =>
      client.messages.reduce((sum, m) => sum + (m.kind === 'event' ? 1 : m.kind === 'gap' ? (m.dropped ?? 0) : 0), 0);
    while (counted() < total) await client.received(client.messages.length + 1);
    const gaps = client.messages.filter((m) => m.kind === 'gap');
    expect(gaps.length).toBeGreaterThan(0);
    expect(gaps.every((m) => m.kind === 'gap' && m.reason === 'overflow')).toBe(true);
    const order = client.events().map((e) => (e.data as { words: number }).words);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order.at(-1)).toBe(total - 1);
    await client.close();
  });
});
