import type { HealthIndicator } from '@cortex-os/kernel';
import { createHealthChecker } from '@cortex-os/plugin-health';
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.useRealTimers();
});

describe('createHealthChecker', () => {
  it('reports a hanging check as a timeout and aborts it', async () => {
    vi.useFakeTimers();
    let aborted = false;
    const hanging: HealthIndicator = {
      name: 'db:ping',
      critical: true,
      timeoutMs: 500,
      check: (signal) =>
        new Promise(() => {
          signal.addEventListener('abort', () => {
            aborted = true;
          });
        }),
    };
    const checker = createHealthChecker({ indicators: [hanging], now: () => 0 });
    const report = checker.report();
    await vi.advanceTimersByTimeAsync(500);
    expect(await report).toMatchObject({
      status: 'fail',
      output: 'db:ping: timed out after 500 ms',
      checks: { 'db:ping': [{ status: 'fail', critical: true }] },
    });
    expect(aborted).toBe(true);
  });

  it('caches the report for cacheMs, measured on the injected clock', async () => {
    let clock = 0;
    let runs = 0;
    const counting: HealthIndicator = { name: 'a:x', critical: false, check: async () => ({ status: runs++ === 0 ? 'pass' : 'warn' }) };
    const checker = createHealthChecker({ indicators: [counting], cacheMs: 1000, now: () => clock });
    expect((await checker.report()).status).toBe('pass');
    clock = 999;
    expect((await checker.report()).status).toBe('pass');
    clock = 1000;
    expect((await checker.report()).status).toBe('warn');
    expect(runs).toBe(2);
  });

  it('turns a throwing check into a failure with its message; non-critical failures only warn', async () => {
    const checker = createHealthChecker({
      indicators: [
        { name: 'x:y', critical: false, check: () => Promise.reject(new Error('unreachable')) },
        { name: 'z:w', critical: true, check: async () => ({ status: 'pass', observedValue: 1 }) },
      ],
      cacheMs: 0,
    });
    const report = await checker.report();
    expect(report.status).toBe('warn');
    expect(report.checks['x:y']?.[0]).toMatchObject({ status: 'fail', output: 'unreachable', critical: false });
    expect(report.output).toBeUndefined();
  });
});
