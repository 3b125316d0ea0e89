import { type EventLoopUtilization, monitorEventLoopDelay, performance } from 'node:perf_hooks';

type IntervalHistogram = ReturnType<typeof monitorEventLoopDelay>;

/**
 * The event loop's recent load (internal), read every `sampleMs`: its lag (the 99th percentile
 * of its delay) and its utilization (the share of the window it was busy, 0 to 1) over the last
 * window. A loop busy with many short tasks shows little lag but a utilization near 1: requests
 * then queue in socket buffers, where no in-flight count sees them. Runs only while the server
 * listens; its timer is unref'd.
 */
export class EventLoopLag {
  readonly #sampleMs: number;
  #histogram: IntervalHistogram | undefined;
  #timer: NodeJS.Timeout | undefined;
  #lagMs = 0;
  #utilization = 0;
  #elu: EventLoopUtilization | undefined;

  constructor(sampleMs: number) {
    this.#sampleMs = sampleMs;
  }

  /** The utilization of the last window, 0 to 1. */
  get utilization(): number {
    return this.#utilization;
  }

  /** The lag of the last window, in milliseconds. */
  get lagMs(): number {
    return this.#lagMs;
  }

  start(): void {
    if (this.#histogram !== undefined) return;
    const histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
    this.#histogram = histogram;
    this.#elu = performance.eventLoopUtilization();
    this.#timer = setInterval(() => {
      const elu = performance.eventLoopUtilization();
      this.#utilization = performance.eventLoopUtilization(elu, this.#elu).utilization;
      this.#elu = elu;
      // The delay beyond the sampling resolution is the lag; nanoseconds to milliseconds.
      this.#lagMs = Math.max(0, histogram.percentile(99) / 1e6 - 10);
      histogram.reset();
    }, this.#sampleMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#histogram?.disable();
    this.#histogram = undefined;
    this.#timer = undefined;
  }
}
