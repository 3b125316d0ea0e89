import { HttpError } from '../errors/HttpError.js';

/**
 * Load shedding, off by default: when event-loop lag or requests in flight pass their threshold,
 * new requests get 503 `HTTP_OVERLOADED` with `Retry-After` (routes with `loadShedding: false` —
 * probes, `/metrics` — are always served).
 *
 * Beyond `maxInFlight` every new request is shed. Beyond the lag or utilization threshold a share
 * of them is, growing with the overload and capped by `maxRejectionProbability`: answering 503s
 * keeps the loop busy too, so shedding everything would hold the signal up by itself and serve
 * nothing (as the edge bench measured) — the cap keeps requests flowing.
 * @public
 */
export interface HttpLoadSheddingOptions {
  /** Shed while the event loop's lag (p99 over the last sample) is above this (ms); 0: never. Default 0. */
  readonly maxEventLoopLagMs?: number;
  /** Shed while more requests than this are in flight; 0: never. Default 0. */
  readonly maxInFlight?: number;
  /**
   * Shed while the event loop was busy more than this share of the last sample window (0 to 1,
   * e.g. 0.9); 0: never. Default 0. Under a flood of short CPU-bound requests this is the signal
   * that rises: the lag stays low and few requests are in flight, while the rest queue unseen.
   */
  readonly maxEventLoopUtilization?: number;
  /** The `Retry-After` of a shed request (seconds); default 1. */
  readonly retryAfterSeconds?: number;
  /**
   * The largest share (0 to 1) of new requests shed for lag or utilization; default 0.8. At the
   * threshold none is shed; the share rises linearly to this cap at twice the lag threshold, or
   * at full utilization. 1 sheds every request once the signal is far enough over.
   */
  readonly maxRejectionProbability?: number;
}

/**
 * The share of new requests to shed for a signal over its threshold (internal): 0 at or below
 * the threshold, rising linearly to `cap` at `full`.
 */
export function rejectionProbability(signal: number, threshold: number, full: number, cap: number): number {
  if (threshold <= 0 || signal <= threshold) return 0;
  if (full <= threshold) return cap;
  return Math.min(cap, (signal - threshold) / (full - threshold));
}

/**
 * What load shedding reads (tests inject one): the event loop's current lag in milliseconds and
 * its utilization (0 to 1) over the last sample window.
 * @public
 */
export type HttpLoadSignal = () => { readonly eventLoopLagMs: number; readonly eventLoopUtilization?: number };

/** Decides whether a new request is shed (internal). */
export class LoadShedder {
  readonly #maxLagMs: number;
  readonly #maxInFlight: number;
  readonly #maxUtilization: number;
  readonly #retryAfterMs: number;
  readonly #cap: number;
  readonly #signal: HttpLoadSignal;
  readonly #random: () => number;

  /** `random` (0 ≤ x < 1) decides which requests are shed; tests pass a seeded one. */
  constructor(options: HttpLoadSheddingOptions, signal: HttpLoadSignal, random: () => number = Math.random) {
    this.#maxLagMs = options.maxEventLoopLagMs ?? 0;
    this.#maxInFlight = options.maxInFlight ?? 0;
    this.#maxUtilization = options.maxEventLoopUtilization ?? 0;
    this.#retryAfterMs = (options.retryAfterSeconds ?? 1) * 1000;
    this.#cap = options.maxRejectionProbability ?? 0.8;
    this.#signal = signal;
    this.#random = random;
  }

  /** True when either threshold is set. */
  get enabled(): boolean {
    return this.#maxLagMs > 0 || this.#maxInFlight > 0 || this.#maxUtilization > 0;
  }

  /** The refusal of a new request, counted among `inFlight` already; undefined when it is served. */
  check(inFlight: number): HttpError | undefined {
    if (this.#maxInFlight > 0 && inFlight > this.#maxInFlight) return this.#overloaded(`${inFlight - 1} requests in flight`);
    if (this.#maxLagMs === 0 && this.#maxUtilization === 0) return undefined;
    const { eventLoopLagMs, eventLoopUtilization = 0 } = this.#signal();
    const byLag = rejectionProbability(eventLoopLagMs, this.#maxLagMs, 2 * this.#maxLagMs, this.#cap);
    const byUtilization = rejectionProbability(eventLoopUtilization, this.#maxUtilization, 1, this.#cap);
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
