import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { EventRecorderStats } from '../../src/plugin/EventRecorder.js';
import { registerEventLogMetrics } from '../../src/plugin/registerEventLogMetrics.js';

/** The value of one metric line (no labels) in Prometheus's text format. */
function value(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.slice(name.length + 1));
}

describe('registerEventLogMetrics', () => {
  it('exports what the recorder committed, dropped and holds, counters never going down between scrapes', async () => {
    const registry = new Registry();
    let stats: EventRecorderStats = { recorded: 0, dropped: 0, pending: 0 };
    registerEventLogMetrics(() => stats, registry);
    let text = await registry.metrics();
    expect([value(text, 'cortex_events_log_recorded_total'), value(text, 'cortex_events_log_dropped_total')]).toEqual([0, 0]);
    stats = { recorded: 120, dropped: 7, pending: 30 };
    text = await registry.metrics();
    expect(value(text, 'cortex_events_log_recorded_total')).toBe(120);
    expect(value(text, 'cortex_events_log_dropped_total')).toBe(7);
    expect(value(text, 'cortex_events_log_pending')).toBe(30);
    stats = { recorded: 150, dropped: 7, pending: 0 };
    text = await registry.metrics();
    expect([value(text, 'cortex_events_log_recorded_total'), value(text, 'cortex_events_log_dropped_total')]).toEqual([150, 7]);
    expect(value(text, 'cortex_events_log_pending')).toBe(0);
  });
});
