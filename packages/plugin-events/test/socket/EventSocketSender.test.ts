import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventSocketSender } from '../../src/socket/EventSocketSender.js';

/** A socket whose writes complete only when the test says so. */
function heldSink() {
  const frames: unknown[] = [];
  const pending: (() => void)[] = [];
  const closed: { code: number; reason: string }[] = [];
  return {
    frames,
    closed,
    /** Completes the oldest `n` writes in flight. */
    complete(n = pending.length) {
      for (const done of pending.splice(0, n)) done();
    },
    get inFlight() {
      return pending.length;
    },
    sink: {
      send: (text: string, done: (error?: Error) => void) => {
        frames.push(JSON.parse(text));
        pending.push(() => done());
      },
      close: (code: number, reason: string) => void closed.push({ code, reason }),
    },
  };
}

describe('EventSocketSender', () => {
  it('hands at most 16 frames to a slow socket and keeps the rest in its buffer', () => {
    const socket = heldSink();
    const sender = new EventSocketSender(socket.sink, { maxBuffered: 100, overflow: 'drop-oldest' });
    for (let i = 0; i < 30; i++) sender.push({ i });
    expect(socket.inFlight).toBe(16);
    expect(sender.buffered).toBe(14);
    socket.complete(16);
    expect(socket.frames).toEqual(Array.from({ length: 30 }, (_, i) => ({ i })));
    expect(sender.buffered).toBe(0);
  });

  it('drops the oldest waiting messages when full and sends a gap notice in their place', () => {
    const socket = heldSink();
    const sender = new EventSocketSender(socket.sink, { maxBuffered: 3, overflow: 'drop-oldest' });
    for (let i = 0; i < 16 + 5; i++) sender.push({ i });
    expect(sender.buffered).toBe(3);
    expect(sender.dropped).toBe(2);
    socket.complete(1);
    socket.complete();
    socket.complete();
    expect(socket.frames.slice(16)).toEqual([{ kind: 'gap', reason: 'overflow', dropped: 2 }, { i: 18 }, { i: 19 }, { i: 20 }]);
  });

  it('closes with 1013 under the disconnect policy, and sends nothing more', () => {
    const socket = heldSink();
    const sender = new EventSocketSender(socket.sink, { maxBuffered: 2, overflow: 'disconnect' });
    for (let i = 0; i < 16 + 3; i++) sender.push({ i });
    expect(socket.closed).toEqual([{ code: 1013, reason: 'subscriber too slow: its buffer is full' }]);
    socket.complete();
    expect(socket.frames).toHaveLength(16);
  });

  it('never holds more than its bound, and delivers what it kept in order with a notice for every drop (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.oneof(fc.constant('push' as const), fc.integer({ min: 1, max: 20 })), { maxLength: 200 }),
        (maxBuffered, steps) => {
          const socket = heldSink();
          const sender = new EventSocketSender(socket.sink, { maxBuffered, overflow: 'drop-oldest' });
          let next = 0;
          for (const step of steps) {
            if (step === 'push') sender.push({ i: next++ });
            else socket.complete(step);
            expect(sender.buffered).toBeLessThanOrEqual(maxBuffered);
          }
          while (socket.inFlight > 0) socket.complete();
          const received = socket.frames as ({ i: number } | { kind: 'gap'; dropped: number })[];
          let expected = 0;
          for (const frame of received) {
            if ('kind' in frame) expected += frame.dropped;
            else {
              expect(frame.i).toBe(expected);
              expected += 1;
            }
          }
          expect(expected).toBe(next);
        },
      ),
      { seed: 20, numRuns: 200 },
    );
  });
});
