import { describe, expect, it } from 'vitest';
import { CpuEnergyEstimate } from '@cortex-os/plugin-energy';

describe('CpuEnergyEstimate', () => {
  it('is CPU-seconds since creation times the declared watts per core', () => {
    let usage = { user: 1_000_000, system: 500_000 };
    const estimate = new CpuEnergyEstimate({ wattsPerCore: 12, cpuUsage: () => usage });
    expect(estimate.joules()).toBe(0);
    usage = { user: 2_500_000, system: 1_000_000 };
    expect(estimate.cpuSeconds()).toBe(2);
    expect(estimate.joules()).toBe(24);
    expect(estimate.wattsPerCore).toBe(12);
  });

  it('defaults to 10 W per core and the real process CPU time, which only grows', () => {
    const estimate = new CpuEnergyEstimate();
    const before = estimate.cpuMicros();
    let x = 0;
    for (let i = 0; i < 2_000_000; i += 1) x += Math.sqrt(i);
    expect(x).toBeGreaterThan(0);
    expect(estimate.cpuMicros()).toBeGreaterThanOrEqual(before);
    expect(estimate.wattsPerCore).toBe(10);
  });
});
