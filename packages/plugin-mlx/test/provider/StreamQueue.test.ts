import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StreamQueue } from '../../src/provider/StreamQueue.js';

describe('StreamQueue', () => {
  it('gives a waiting reader the next item, then the end', async () => {
    const queue = new StreamQueue<number>();
    const reader = queue[Symbol.asyncIterator]();
    const first = reader.next();
    queue.push(1);
    expect(await first).toEqual({ done: false, value: 1 });
    const second = reader.next();
    queue.end();
    expect(await second).toEqual({ done: true, value: undefined });
    queue.push(2);
    expect(await reader.next()).toEqual({ done: true, value: undefined });
  });

  it('delivers buffered items before a failure, which a waiting reader receives too', async () => {
    const queue = new StreamQueue<string>();
    queue.push('a');
    queue.fail(new Error('worker gone'));
    queue.end();
    const reader = queue[Symbol.asyncIterator]();
    expect(await reader.next()).toEqual({ done: false, value: 'a' });
    await expect(reader.next()).rejects.toThrow('worker gone');
    const waiting = new StreamQueue<string>();
    const pending = waiting[Symbol.asyncIterator]().next();
    waiting.fail(new Error('cancelled'));
    await expect(pending).rejects.toThrow('cancelled');
  });

  it('yields every pushed item once, in order, before the end or failure, however pushes and reads interleave (property, seeded)', async () => {
    const step = fc.oneof(fc.record({ push: fc.integer() }), fc.constant('read' as const));
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 30 }), fc.boolean(), async (steps, fails) => {
        const queue = new StreamQueue<number>();
        const reader = queue[Symbol.asyncIterator]();
        const pushed: number[] = [];
        const reads: Promise<IteratorResult<number, undefined>>[] = [];
        for (const s of steps) {
          if (s === 'read') {
            // One loop reads: each read starts once the previous one has settled.
            const previous = reads.at(-1);
            const read = previous === undefined ? reader.next() : previous.then(() => reader.next());
            // Reads after a failure are never awaited below: keep their rejection handled.
            read.catch(() => undefined);
            reads.push(read);
          } else {
            queue.push(s.push);
            pushed.push(s.push);
          }
        }
        if (fails) queue.fail(new Error('stop'));
        else queue.end();
        const got: number[] = [];
        for (;;) {
          const next = await (reads.shift() ?? reader.next()).catch(() => undefined);
          if (next === undefined || next.done === true) break;
          got.push(next.value);
        }
        // Items pushed before the end or the failure all arrive, the failure only after them.
        expect(got).toEqual(pushed);
      }),
      { seed: 16, numRuns: 200 },
    );
  });
});
