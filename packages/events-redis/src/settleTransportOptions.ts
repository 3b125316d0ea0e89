import { EventsError } from './errors/EventsError.js';
import type { RedisBusGroupOptions, RedisConsumeOptions, RedisStreamsTransportOptions } from './RedisStreamsTransportOptions.js';

/** Transport options with every default filled in. */
export interface SettledTransportOptions {
  readonly url: string;
  readonly stream: string;
  /** `stream` first, then the other streams, without repeats. */
  readonly streams: readonly string[];
  readonly streamFor: (type: string) => string;
  readonly select: (type: string) => boolean;
  readonly maxLength: number;
  readonly maxAgeMs: number | undefined;
  readonly now: () => number;
  readonly connectTimeoutMs: number;
  readonly blockMs: number;
  readonly batchSize: number;
  readonly maxReconnectDelayMs: number;
  readonly broadcast: boolean;
  /** Checked when a group is joined, like every `consume`'s options. */
  readonly groups: RedisBusGroupOptions;
}

/** Consume options with every default filled in. */
export interface SettledConsumeOptions {
  readonly group: string;
  readonly stream: string;
  readonly consumer: string | undefined;
  readonly select: (type: string) => boolean;
  readonly visibilityTimeoutMs: number;
  readonly maxDeliveries: number;
  readonly deadLetterStream: string;
  readonly dedupWindow: number;
  readonly start: 'new' | 'all';
}

const all = (): boolean => true;

function invalid(problem: string, option: string): EventsError {
  return EventsError.create('EVENTS_OPTIONS_INVALID', { problem }, { details: { option } });
}

function positiveInteger(value: number | undefined, fallback: number, option: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) throw invalid(`\`${option}\` must be a positive integer, got ${String(value)}`, option);
  return value;
}

function name(value: string | undefined, fallback: string, option: string): string {
  const chosen = value ?? fallback;
  if (chosen.length === 0 || chosen.length > 512 || /\s/.test(chosen)) {
    throw invalid(`\`${option}\` must be 1 to 512 characters without whitespace`, option);
  }
  return chosen;
}

/**
 * Validates and completes the options of `createRedisStreamsTransport`.
 * @throws {@link EventsError} `EVENTS_OPTIONS_INVALID`
 */
export function settleTransportOptions(options: RedisStreamsTransportOptions): SettledTransportOptions {
  let protocol: string;
  try {
    protocol = new URL(options.url).protocol;
  } catch {
    throw invalid('`url` is not a URL (expected redis://host:port)', 'url');
  }
  if (protocol !== 'redis:' && protocol !== 'rediss:') throw invalid(`\`url\` must use redis: or rediss:, not ${protocol}`, 'url');
  const stream = name(options.stream, 'cortex:events', 'stream');
  const streams = [...new Set([stream, ...(options.streams ?? []).map((s) => name(s, '', 'streams'))])];
  return {
    url: options.url,
    stream,
    streams,
    streamFor: options.streamFor ?? (() => stream),
    select: options.select ?? all,
    maxLength: positiveInteger(options.maxLength, 100_000, 'maxLength'),
    maxAgeMs:
      options.retention === undefined ? undefined : positiveInteger(options.retention.maxAgeMs ?? Number.NaN, 0, 'retention.maxAgeMs'),
    now: options.now ?? Date.now,
    connectTimeoutMs: positiveInteger(options.connectTimeoutMs, 1000, 'connectTimeoutMs'),
    blockMs: positiveInteger(options.blockMs, 1000, 'blockMs'),
    batchSize: positiveInteger(options.batchSize, 128, 'batchSize'),
    maxReconnectDelayMs: positiveInteger(options.maxReconnectDelayMs, 1000, 'maxReconnectDelayMs'),
    broadcast: options.broadcast ?? true,
    groups: options.groups ?? {},
  };
}

/**
 * Validates and completes the options of `consume`.
 * @throws {@link EventsError} `EVENTS_OPTIONS_INVALID`
 */
export function settleConsumeOptions(options: RedisConsumeOptions, transport: SettledTransportOptions): SettledConsumeOptions {
  const stream = knownStream(options.stream, transport);
  if (options.start !== undefined && options.start !== 'new' && options.start !== 'all') {
    throw invalid("`start` must be 'new' or 'all'", 'start');
  }
  return {
    group: name(options.group, '', 'group'),
    stream,
    consumer: options.consumer === undefined ? undefined : name(options.consumer, '', 'consumer'),
    select: options.select ?? all,
    visibilityTimeoutMs: positiveInteger(options.visibilityTimeoutMs, 30_000, 'visibilityTimeoutMs'),
    maxDeliveries: positiveInteger(options.maxDeliveries, 5, 'maxDeliveries'),
    deadLetterStream: name(options.deadLetterStream, `${stream}:dead-letter`, 'deadLetterStream'),
    dedupWindow: positiveInteger(options.dedupWindow, 10_000, 'dedupWindow'),
    start: options.start ?? 'new',
  };
}

/**
 * `stream`, or the transport's default stream when undefined.
 * @throws {@link EventsError} `EVENTS_OPTIONS_INVALID` when it is not one of the transport's streams.
 */
export function knownStream(stream: string | undefined, transport: SettledTransportOptions): string {
  const chosen = stream ?? transport.stream;
  if (!transport.streams.includes(chosen)) throw invalid(`\`stream\` "${chosen}" is not one of the transport's streams`, 'stream');
  return chosen;
}
