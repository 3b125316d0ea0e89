import { CortexError } from '@cortex-os/kernel';
import { EventsError } from './errors/EventsError.js';

/**
 * The typed error for a failed Redis command. A reply error (Redis answered "no") becomes
 * `EVENTS_REDIS_COMMAND_FAILED` with the reply's first word only (`OOM`, `WRONGTYPE`), so no raw
 * server text leaks; anything else (connection refused, lost, not writeable, timed out) is
 * `EVENTS_REDIS_UNAVAILABLE`: Redis did not answer, so nothing was acknowledged.
 */
export function redisFailure(error: unknown, command: string, target: string): EventsError {
  if (CortexError.is(error) && error instanceof EventsError) return error;
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'ReplyError') {
    const reply = /^[A-Z][A-Z_]+/.exec(message)?.[0] ?? 'ERR';
    return EventsError.create('EVENTS_REDIS_COMMAND_FAILED', { command, reply }, { details: { command, reply, target }, cause: error });
  }
  return EventsError.create(
    'EVENTS_REDIS_UNAVAILABLE',
    { target, reason: unavailableReason(message) },
    { details: { command, target }, cause: error },
  );
}

/** A short, stable reason in place of the client's message (which may carry addresses or internals). */
function unavailableReason(message: string): string {
  if (/ECONNREFUSED/.test(message)) return 'connection refused';
  if (/timed? ?out|ETIMEDOUT/i.test(message)) return 'timed out';
  if (/closed|ECONNRESET|EPIPE|writeable|MaxRetriesPerRequest/i.test(message)) return 'connection lost';
  return 'not connected';
}

/** `redis://127.0.0.1:6379` without credentials, for messages and logs. */
export function redactedTarget(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
}
