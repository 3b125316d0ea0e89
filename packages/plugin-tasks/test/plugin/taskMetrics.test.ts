import { httpServiceToken } from '@cortex-os/http-api';
import { httpPlugin } from '@cortex-os/plugin-http';
import { tasksPlugin, tasksServiceToken } from '@cortex-os/plugin-tasks';
import { describe, expect, it } from 'vitest';
import { manualTimer, startLedgerKernel } from '../agents/taskKernel.js';

/** The value of one series in a Prometheus text exposition (`undefined` when absent). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('task metrics', () => {
  it('puts task states, transitions and checkpoints on /metrics, counted from committed events', async () => {
    const manual = manualTimer();
    await using runtime = await startLedgerKernel({ ran: () => undefined }, undefined, [
      httpPlugin({
        host: '127.0.0.1',
        port: 0,
        metrics: { enabled: true, path: '/metrics', defaultMetrics: false },
        tracing: { enabled: false },
      }),
      tasksPlugin({ file: ':memory:', leaseMs: 10_000, timer: manual.timer }),
    ]);
    const url = (await runtime.kernel.get(httpServiceToken).listen()).url;
    const scrape = async () => (await fetch(`${url}/metrics`)).text();

    const before = await scrape();
    expect(sample(before, 'cortex_task_transitions_total{state="completed"}')).toBe(0);
    expect(sample(before, 'cortex_task_leases_expired_total')).toBe(0);
    expect(sample(before, 'cortex_tasks{state="submitted"}')).toBe(0);

    const tasks = runtime.kernel.get(tasksServiceToken);
    const { id } = await tasks.submit({ agent: 'bookkeeper', input: 'Keep the books.', principal: 'alice' });
    expect((await tasks.settled(id)).state).toBe('completed');

    const after = await scrape();
    expect(sample(after, 'cortex_task_transitions_total{state="submitted"}')).toBe(1);
    expect(sample(after, 'cortex_task_transitions_total{state="working"}')).toBe(1);
    expect(sample(after, 'cortex_task_transitions_total{state="completed"}')).toBe(1);
    expect(sample(after, 'cortex_tasks{state="completed"}')).toBe(1);
    expect(sample(after, 'cortex_tasks{state="working"}')).toBe(0);
    expect(sample(after, 'cortex_task_steps_total{kind="model",status="done"}')).toBeGreaterThanOrEqual(2);
    expect(sample(after, 'cortex_task_leases_expired_total')).toBe(0);
  });
});
