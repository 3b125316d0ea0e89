import { describe, expect, it } from 'vitest';
import { redisFailure, redactedTarget } from '../src/redisFailure.js';
import { settleConsumeOptions, settleTransportOptions } from '../src/settleTransportOptions.js';

describe('transport options', () => {
  it('fill in the documented defaults', () => {
    const settled = settleTransportOptions({ url: 'redis://127.0.0.1:6379' });
    expect({ ...settled, select: undefined, streamFor: undefined, now: undefined }).toEqual({
      url: 'redis://127.0.0.1:6379',
      stream: 'cortex:events',
      streams: ['cortex:events'],
      streamFor: undefined,
      select: undefined,
      maxLength: 100_000,
      maxAgeMs: undefined,
      now: undefined,
      connectTimeoutMs: 1000,
      blockMs: 1000,
      batchSize: 128,
      maxReconnectDelayMs: 1000,
      broadcast: true,
      groups: {},
    });
    expect(settled.select('any.type')).toBe(true);
    expect(settled.streamFor('any.type')).toBe('cortex:events');
    expect(settled.now).toBe(Date.now);
    const consume = settleConsumeOptions({ group: 'g' }, settled);
    expect({ ...consume, select: undefined }).toEqual({
      group: 'g',
      stream: 'cortex:events',
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
    [{ url: 'redis://h', streams: ['a b'] }, '`streams` must be 1 to 512 characters without whitespace'],
    [{ url: 'redis://h', retention: { maxAgeMs: 0 } }, '`retention.maxAgeMs` must be a positive integer, got 0'],
  ])('refuse %j with EVENTS_OPTIONS_INVALID', (options, problem) => {
    expect(() => settleTransportOptions(options)).toThrow(
      expect.objectContaining({
        code: 'EVENTS_OPTIONS_INVALID',
        kind: 'invalid-input',
        message: `Invalid Redis Streams transport options: ${problem}`,
      }),
    );
  });

  it('list the default stream first and once, and let a group join any listed stream', () => {
    const settled = settleTransportOptions({ url: 'redis://h', stream: 'a', streams: ['b', 'a', 'b'], retention: { maxAgeMs: 60_000 } });
    expect(settled.streams).toEqual(['a', 'b']);
    expect(settled.maxAgeMs).toBe(60_000);
    const consume = settleConsumeOptions({ group: 'g', stream: 'b' }, settled);
    expect([consume.stream, consume.deadLetterStream]).toEqual(['b', 'b:dead-letter']);
    expect(() => settleConsumeOptions({ group: 'g', stream: 'c' }, settled)).toThrow(
      expect.objectContaining({
        code: 'EVENTS_OPTIONS_INVALID',
        message: 'Invalid Redis Streams transport options: `stream` "c" is not one of the transport\'s streams',
      }),
    );
  });

  it('refuse bad consume options', () => {
    const s = settleTransportOptions({ url: 'redis://h', stream: 's' });
    expect(() => settleConsumeOptions({ group: 'g', start: 'middle' as 'new' }, s)).toThrow(
      expect.objectContaining({ code: 'EVENTS_OPTIONS_INVALID' }),
    );
    expect(() => settleConsumeOptions({ group: 'g', maxDeliveries: 0 }, s)).toThrow(
      expect.objectContaining({ code: 'EVENTS_OPTIONS_INVALID' }),
    );
    expect(() => settleConsumeOptions({ group: 'g', consumer: 'a b' }, s)).toThrow(
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
