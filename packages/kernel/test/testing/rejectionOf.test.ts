import { AssertionError } from 'node:assert';
import { describe, expect, it } from 'vitest';
import { rejectionOf } from '@cortex-os/kernel/testing';

describe('rejectionOf', () => {
  it('returns what a promise rejected with, error or not', async () => {
    const reason = new Error('user cancelled');
    expect(await rejectionOf(Promise.reject(reason))).toBe(reason);
    expect(await rejectionOf(Promise.reject('plain'))).toBe('plain');
  });

  it('returns what a function threw, or what its promise rejected with', async () => {
    const reason = new Error('boom');
    expect(
      await rejectionOf(() => {
        throw reason;
      }),
    ).toBe(reason);
    expect(await rejectionOf(async () => Promise.reject(reason))).toBe(reason);
  });

  it('fails with an AssertionError carrying the value when nothing fails', async () => {
    let failure: unknown;
    try {
      await rejectionOf(Promise.resolve('value'));
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(AssertionError);
    expect(failure).toMatchObject({ message: 'Expected a failure, but it succeeded.', actual: 'value' });
  });
});
