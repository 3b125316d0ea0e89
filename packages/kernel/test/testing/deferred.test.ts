import { describe, expect, it } from 'vitest';
import { deferred, rejectionOf } from '@cortex-os/kernel/testing';

describe('deferred', () => {
  it('resolves its promise on cue', async () => {
    const gate = deferred<number>();
    const order: string[] = [];
    const waiting = gate.promise.then((value) => order.push(`released with ${value}`));
    order.push('before');
    gate.resolve(42);
    await waiting;
    expect(order).toEqual(['before', 'released with 42']);
  });

  it('rejects its promise on cue', async () => {
    const gate = deferred<string>();
    const reason = new Error('cancelled');
    gate.reject(reason);
    expect(await rejectionOf(gate.promise)).toBe(reason);
  });

  it('keeps the first settlement', async () => {
    const gate = deferred<string>();
    gate.resolve('first');
    gate.resolve('second');
    gate.reject(new Error('late'));
    expect(await gate.promise).toBe('first');
  });

  it('defaults to a void promise, resolved without an argument', async () => {
    const gate = deferred();
    gate.resolve();
    expect(await gate.promise).toBeUndefined();
  });

  it('adopts the state of a promise it is resolved with', async () => {
    const gate = deferred<string>();
    gate.resolve(Promise.resolve('adopted'));
    expect(await gate.promise).toBe('adopted');
  });
});
