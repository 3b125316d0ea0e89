import { type TracingChannel, tracingChannel } from 'node:diagnostics_channel';

/**
 * The name of the `node:diagnostics_channel` tracing channel on which the HTTP server announces
 * each request that reached a route (`tracingChannel(httpRequestChannelName)`).
 * @public
 */
export const httpRequestChannelName = 'cortex-os:http.request';

/**
 * One request as {@link httpRequestChannelName} publishes it: the same object on `start` (the
 * route matched, before admission) and on `asyncEnd` (answered), so a subscriber can keep
 * per-request state in a `WeakMap` keyed by it. `route` is the route pattern
 * (`/api/v1/memories/:id`, or `unmatched`), never the raw URL; `status` and `seconds` are set
 * before `asyncEnd`.
 * @public
 */
export interface HttpRequestMessage {
  /** The request's method. */
  readonly method: string;
  /** The matched route pattern, or `unmatched`. */
  readonly route: string;
  /** The answer's status; unset until `asyncEnd`. */
  status?: number;
  /** The request's duration in seconds; unset until `asyncEnd`. */
  seconds?: number;
}

/**
 * The channel itself, made once (`tracingChannel` returns one channel per name).
 * @public
 */
export const httpRequestChannel: TracingChannel<unknown, HttpRequestMessage> = tracingChannel<unknown, HttpRequestMessage>(
  httpRequestChannelName,
);
