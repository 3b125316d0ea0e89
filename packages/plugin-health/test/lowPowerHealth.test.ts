import {
  createDisposer,
  definePlugin,
  type HealthIndicator,
  healthIndicatorToken,
  type PowerMode,
  type PowerModeService,
  powerModeToken,
} from '@cortex-os/kernel';
import { createTestKernel } from '@cortex-os/kernel/testing';
import { httpPlugin } from '@cortex-os/plugin-http';
import { createHealthChecker, healthPlugin } from '@cortex-os/plugin-health';
import { httpServiceToken } from '@cortex-os/http-api';
import { describe, expect, it } from 'vitest';

describe('health checks in low-power mode', () => {
  it('createHealthChecker reads a cacheMs function on each request', async () => {
    let clock = 0;
    let runs = 0;
    let cacheMs = 1000;
    const counting: HealthIndicator = {
      name: 'a:x',
      critical: false,
      check: async () => {
        runs += 1;
        return { status: 'pass' };
      },
    };
    const checker = createHealthChecker({ indicators: [counting], cacheMs: () => cacheMs, now: () => clock });
    await checker.report();
    clock = 5_000;
    cacheMs = 10_000;
    await checker.report();
    expect(runs).toBe(1);
    cacheMs = 1000;
    await checker.report();
    expect(runs).toBe(2);
  });

  it('healthPlugin checks the indicators less often while the runtime is in low-power mode', async () => {
    const power: PowerModeService & { mode: PowerMode } = { mode: 'low-power', onChange: () => createDisposer(() => undefined) };
    let runs = 0;
    const indicators = definePlugin({
      name: 'probe',
      version: '1.0.0',
      provides: { power: powerModeToken, health: healthIndicatorToken },
      start: () => ({
        power,
        health: [
          {
            name: 'probe:runs',
            critical: false,
            check: async () => {
              runs += 1;
              return { status: 'pass' as const };
            },
          },
        ],
      }),
    });
    await using kernel = createTestKernel({
      plugins: [httpPlugin({ port: 0, listen: 'manual' }), healthPlugin({ cacheMs: 0, lowPowerCacheMs: 3_600_000 }), indicators()],
    });
    await kernel.start();
    const { url } = await kernel.get(httpServiceToken).listen();
    const health = async () => (await fetch(`${url}/health`)).status;
    expect([await health(), await health(), await health()]).toEqual([200, 200, 200]);
    expect(runs).toBe(1);
    power.mode = 'normal';
    await health();
    await health();
    expect(runs).toBe(3);
  });
});
