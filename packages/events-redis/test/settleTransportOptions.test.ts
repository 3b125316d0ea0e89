import { describe, expect, it } from 'vitest';
import { redisFailure, redactedTarget } from '../src/redisFailure.js';
import { settleConsumeOptions, settleTransportOptions } from '../src/settleTransportOptions.js';

describe('transport options', () => {
  it('fill in the documented defaults', () => {
    const settled = settleTransportOptions({ url: 'redis://127.0.0.1:6379' });
    expect({ ...settled, select: undefined }).toEqual({
      url: 'redis://127.0.0.1:6379',
      stream: 'cortex:events',
      select: undefined,
      maxLength: 100_000,
      connectTimeoutMs: 1000,
      blockMs: 1000,
      batchSize: 128,
      maxReconnectDelayMs: 1000,
      broadcast: true,
    });
    expect(settled.select('any.type')).toBe(true);
    const consume = settleConsumeOptions({ group: 'g' }, 'cortex:events');
    expect({ ...consume, select: undefined }).toEqual({
      group: 'g',
      consumer: undefined,
      select: undefined,
      visibilityTimeoutMs: 30_000,
      maxDeliveries: 5,
      deadLetterStream: 'cortex:events:dead-letter',
      dedupWindow: 10_000,
      start: 'new',
    });
  });

  it.each([
    [{ url: 'ftp://x' }, '`url` must use redis: or rediss:, not ftp:'],
    [{ url: '::' }, '`url` is not a URL (expected redis://host:port)'],
    [{ url: 'redis://h', batchSize: 1.5 }, '`batchSize` must be a positive integer, got 1.5'],
    [{ url: 'redis://h', blockMs: -1 }, '`blockMs` must be a positive integer, got -1'],
    [{ url: 'redis://h', stream: '' }, '`stream` must be 1 to 512 characters without whitespace'],
  ])('refuse %j with EVENTS_OPTIONS_INVALID', (options, problem) => {
    expect(() => settleTransportOptions(options)).toThrow(
      expect.objectContaining({
        code: 'EVENTS_OPTIONS_INVALID',
        kind: 'invalid-input',
        message: `Invalid Redis Streams transport options: ${problem}`,
      }),
    );
  });

  it('refuse bad consume options', () => {
    expect(() => settleConsumeOptions({ group: 'g', start: 'middle' as 'new' }, 's')).toThrow(
      expect.objectContaining({ code: 'EVENTS_OPTIONS_INVALID' }),
    );
    expect(() => settleConsumeOptions({ group: 'g', maxDeliveries: 0 }, 's')).toThrow(
      expect.objectContaining({ code: 'EVENTS_OPTIONS_INVALID' }),
    );
    expect(() => settleConsumeOptions({ group: 'g', consumer: 'a b' }, 's')).toThrow(
      expect.objectContaining({ code: 'EVENTS_OPTIONS_INVALID' }),
    );
  });
});

describe('Redis failures', () => {
  const target = redactedTarget('redis://user:secret@127.0.0.1:6379/0');

  it('leave credentials out of the target', () => {
    expect(target).toBe('redis://127.0.0.1:6379');
  });

  it('map a reply error to EVENTS_REDIS_COMMAND_FAILED with its first word only', () => {
    const reply = Object.assign(new Error('OOM command not allowed when used memory > maxmemory, key at /var/x'), { name: 'ReplyError' });
    const error = redisFailure(reply, 'XADD', target);
    expect(error).toMatchObject({ code: 'EVENTS_REDIS_COMMAND_FAILED', kind: 'upstream-failed', message: 'Redis refused XADD: OOM' });
    expect(error.cause).toBe(reply);
  });

  it.each([
    ['connect ECONNREFUSED 127.0.0.1:6379', 'connection refused'],
    ['Connection is closed.', 'connection lost'],
    ["Stream isn't writeable and enableOfflineQueue options is false", 'connection lost'],
    ['Command timed out', 'timed out'],
    ['something else', 'not connected'],
  ])('map "%s" to EVENTS_REDIS_UNAVAILABLE (%s)', (message, reason) => {
    expect(redisFailure(new Error(message), 'XADD', target)).toMatchObject({
      code: 'EVENTS_REDIS_UNAVAILABLE',
      kind: 'unavailable',
      message: `Redis at redis://127.0.0.1:6379 is unavailable: ${reason}`,
    });
  });

  it('pass an EventsError through unchanged', () => {
    const original = redisFailure(new Error('x'), 'XADD', target);
    expect(redisFailure(original, 'XREAD', target)).toBe(original);
  });
});
