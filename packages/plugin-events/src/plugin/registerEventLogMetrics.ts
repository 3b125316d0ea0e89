import { Counter, Gauge, type Registry } from 'prom-client';
import type { EventRecorderStats } from './EventRecorder.js';

/**
 * Registers the recorder's metrics on `registry`, read from its counts at scrape time:
 * - `cortex_events_log_recorded_total` — events the log committed;
 * - `cortex_events_log_dropped_total` — events not recorded (buffer full, or a batch the store
 *   refused): holes a resume passes over, which is why `CortexEventLogDropping` pages a ticket;
 * - `cortex_events_log_pending` — events waiting in the recorder's buffer.
 */
export function registerEventLogMetrics(stats: () => EventRecorderStats, registry: Registry): void {
  const registers = [registry];
  // Counters only go up: each scrape adds what the recorder counted since the previous one.
  let seen = { recorded: 0, dropped: 0 };
  const catchUp = (): EventRecorderStats => {
    const now = stats();
    recorded.inc(now.recorded - seen.recorded);
    dropped.inc(now.dropped - seen.dropped);
    seen = { recorded: now.recorded, dropped: now.dropped };
    return now;
  };
  const recorded = new Counter({
    name: 'cortex_events_log_recorded_total',
    help: 'Events the durable event log committed.',
    registers,
    collect: () => void catchUp(),
  });
  const dropped = new Counter({
    name: 'cortex_events_log_dropped_total',
    help: 'Events the durable event log did not record: its buffer was full or the store refused a batch.',
    registers,
    collect: () => void catchUp(),
  });
  new Gauge({
    name: 'cortex_events_log_pending',
    help: 'Events waiting in the event log recorder’s buffer.',
    registers,
    collect() {
      this.set(catchUp().pending);
    },
  });
}
