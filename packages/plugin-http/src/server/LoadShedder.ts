import { HttpError } from '../errors/HttpError.js';

/**
 * Load shedding, off by default: when event-loop lag or requests in flight pass their threshold,
 * new requests get 503 `HTTP_OVERLOADED` with `Retry-After` (routes with `loadShedding: false` —
 * probes, `/metrics` — are always served).
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
  readonly #signal: HttpLoadSignal;

  constructor(options: HttpLoadSheddingOptions, signal: HttpLoadSignal) {
    this.#maxLagMs = options.maxEventLoopLagMs ?? 0;
    this.#maxInFlight = options.maxInFlight ?? 0;
    this.#maxUtilization = options.maxEventLoopUtilization ?? 0;
    this.#retryAfterMs = (options.retryAfterSeconds ?? 1) * 1000;
    this.#signal = signal;
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
    if (this.#maxLagMs > 0 && eventLoopLagMs > this.#maxLagMs) return this.#overloaded(`event-loop lag ${Math.round(eventLoopLagMs)} ms`);
    if (this.#maxUtilization > 0 && eventLoopUtilization > this.#maxUtilization) {
      return this.#overloaded(`event loop ${Math.round(eventLoopUtilization * 100)}% busy`);
    }
    return undefined;
  }

  #overloaded(why: string): HttpError {
    return HttpError.create('HTTP_OVERLOADED', { why }, { retryAfterMs: this.#retryAfterMs });
  }
}
