import { HttpError } from '../errors/HttpError.js';
import { SheddingBand } from './SheddingBand.js';

/**
 * Load shedding, off by default: when event-loop lag or requests in flight pass their threshold,
 * new requests get 503 `HTTP_OVERLOADED` with `Retry-After` (routes with `loadShedding: false` —
 * probes, `/metrics` — are always served).
 *
 * Beyond `maxInFlight` every new request is shed. Beyond the lag or utilization threshold a share
 * of them is, growing with the overload and capped by `maxRejectionProbability`: answering 503s
 * keeps the loop busy too, so shedding everything would hold the signal up by itself and serve
 * nothing (as the edge bench measured) — the cap keeps requests flowing.
 *
 * Hysteresis: once a signal has passed its threshold, shedding for it goes on until the signal
 * falls to its `resume…` level (default: the threshold itself, no hysteresis), so a signal that
 * hovers about the threshold does not switch shedding on and off with every sample.
 * @public
 */
export interface HttpLoadSheddingOptions {
  /** Shed while the event loop's lag (p99 over the last sample) is above this (ms); 0: never. Default 0. */
  readonly maxEventLoopLagMs?: number;
  /** Once shedding for lag, go on until the lag is at or below this (ms, at most `maxEventLoopLagMs`). Default `maxEventLoopLagMs`. */
  readonly resumeEventLoopLagMs?: number | undefined;
  /** Shed while more requests than this are in flight; 0: never. Default 0. */
  readonly maxInFlight?: number;
  /**
   * Shed while the event loop was busy more than this share of the last sample window (0 to 1,
   * e.g. 0.9); 0: never. Default 0. Under a flood of short CPU-bound requests this is the signal
   * that rises: the lag stays low and few requests are in flight, while the rest queue unseen.
   */
  readonly maxEventLoopUtilization?: number;
  /**
   * Once shedding for utilization, go on until it is at or below this (0 to 1, at most
   * `maxEventLoopUtilization`). Default `maxEventLoopUtilization`.
   */
  readonly resumeEventLoopUtilization?: number | undefined;
  /**
   * Shed a request that waited longer than this (ms) between its connection being accepted and
   * its admission; 0: never. Default 0. Known only for the first request on a connection (Node
   * exposes no arrival time for later requests on a kept-alive one): it bounds the wait of a
   * flood of new connections, whose clients have often given up by the time a loaded server
   * reads them.
   */
  readonly maxQueueAgeMs?: number;
  /** The `Retry-After` of a shed request (seconds); default 1. */
  readonly retryAfterSeconds?: number;
  /**
   * The largest share (0 to 1) of new requests shed for lag or utilization; default 0.8. From the
   * resume level (the threshold, without hysteresis) the share rises linearly to this cap at
   * twice the lag threshold, or at full utilization. 1 sheds every request once the signal is far
   * enough over.
   */
  readonly maxRejectionProbability?: number;
}

/**
 * What load shedding reads (tests inject one): the event loop's current lag in milliseconds and
 * its utilization (0 to 1) over the last sample window.
 * @public
 */
export type HttpLoadSignal = () => { readonly eventLoopLagMs: number; readonly eventLoopUtilization?: number };

/** Decides whether a new request is shed (internal). */
export class LoadShedder {
  readonly #maxInFlight: number;
  readonly #maxQueueAgeMs: number;
  readonly #retryAfterMs: number;
  readonly #lag: SheddingBand;
  readonly #utilization: SheddingBand;
  readonly #signalled: boolean;
  readonly #signal: HttpLoadSignal;
  readonly #random: () => number;

  /** `random` (0 ≤ x < 1) decides which requests are shed; tests pass a seeded one. */
  constructor(options: HttpLoadSheddingOptions, signal: HttpLoadSignal, random: () => number = Math.random) {
    const maxLagMs = options.maxEventLoopLagMs ?? 0;
    const maxUtilization = options.maxEventLoopUtilization ?? 0;
    const cap = options.maxRejectionProbability ?? 0.8;
    this.#maxInFlight = options.maxInFlight ?? 0;
    this.#maxQueueAgeMs = options.maxQueueAgeMs ?? 0;
    this.#retryAfterMs = (options.retryAfterSeconds ?? 1) * 1000;
    this.#lag = new SheddingBand(maxLagMs, options.resumeEventLoopLagMs, 2 * maxLagMs, cap);
    this.#utilization = new SheddingBand(maxUtilization, options.resumeEventLoopUtilization, 1, cap);
    this.#signalled = maxLagMs > 0 || maxUtilization > 0;
    this.#signal = signal;
    this.#random = random;
  }

  /** True when any threshold is set. */
  get enabled(): boolean {
    return this.#signalled || this.#maxInFlight > 0 || this.#maxQueueAgeMs > 0;
  }

  /**
   * The refusal of a new request, counted among `inFlight` already; undefined when it is served.
   * `queueAgeMs`: how long it waited since its connection was accepted, when known.
   */
  check(inFlight: number, queueAgeMs?: number): HttpError | undefined {
    if (this.#maxInFlight > 0 && inFlight > this.#maxInFlight) return this.#overloaded(`${inFlight - 1} requests in flight`);
    if (this.#maxQueueAgeMs > 0 && queueAgeMs !== undefined && queueAgeMs > this.#maxQueueAgeMs) {
      return this.#overloaded(`the request waited ${Math.round(queueAgeMs)} ms to be read`);
    }
    if (!this.#signalled) return undefined;
    const { eventLoopLagMs, eventLoopUtilization = 0 } = this.#signal();
    const byLag = this.#lag.share(eventLoopLagMs);
    const byUtilization = this.#utilization.share(eventLoopUtilization);
    const share = Math.max(byLag, byUtilization);
    if (share === 0 || this.#random() >= share) return undefined;
    return this.#overloaded(
      byLag >= byUtilization
        ? `event-loop lag ${Math.round(eventLoopLagMs)} ms`
        : `event loop ${Math.round(eventLoopUtilization * 100)}% busy`,
    );
  }

  #overloaded(why: string): HttpError {
    return HttpError.create('HTTP_OVERLOADED', { why }, { retryAfterMs: this.#retryAfterMs });
  }
}
