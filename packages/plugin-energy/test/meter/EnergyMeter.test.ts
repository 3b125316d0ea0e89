import { describe, expect, it } from 'vitest';
import { EnergyMeter } from '@cortex-os/plugin-energy';
import { PowercapTree } from '../support/powercapTree.js';

/** A CPU clock the test moves by hand (microseconds). */
function cpuClock() {
  const clock = { micros: 0, cpuUsage: () => ({ user: clock.micros, system: 0 }) };
  return clock;
}

describe('EnergyMeter', () => {
  it('measures from RAPL when a package reads, and attributes by measured joules per CPU-second', async () => {
    await using tree = await PowercapTree.create();
    await tree.domain('intel-rapl:0', 'package-0', 1_000_000);
    const clock = cpuClock();
    const meter = await EnergyMeter.open({ powercap: { root: tree.root }, cpuUsage: clock.cpuUsage, wattsPerCore: 10 });
    expect(meter.source).toBe('rapl');
    // Before any CPU time, attribution falls back to the declared wattage.
    expect(meter.joulesPerCpuSecond()).toBe(10);
    await tree.setEnergy('intel-rapl:0', 31_000_000);
    clock.micros = 2_000_000;
    expect(await meter.sample()).toBeCloseTo(30);
    expect(meter.joulesPerCpuSecond()).toBeCloseTo(15);
    expect(meter.joulesForCpu(500_000)).toBeCloseTo(7.5);
    const report = await meter.report();
    expect(report).toMatchObject({ source: 'rapl', cpuSeconds: 2, problems: [] });
    expect(report.joules).toBeCloseTo(30);
    expect(report.carbonGrams).toBeUndefined();
  });

  it('estimates from CPU time when no package reads, and says why', async () => {
    await using tree = await PowercapTree.create();
    await tree.domain('intel-rapl:0', 'package-0', 'garbage');
    const clock = cpuClock();
    const meter = await EnergyMeter.open({
      powercap: { root: tree.root },
      cpuUsage: clock.cpuUsage,
      wattsPerCore: 8,
      gridIntensityGramsPerKwh: 360,
    });
    expect(meter.source).toBe('estimate');
    clock.micros = 4_500_000;
    const report = await meter.report();
    expect(report.joules).toBeCloseTo(36);
    expect(report.problems).toEqual([{ domain: 'intel-rapl:0', problem: 'malformed' }]);
    // 36 J = 0.00001 kWh; × 360 g/kWh = 0.0036 g.
    expect(report.carbonGrams).toBeCloseTo(0.0036, 8);
    expect(meter.joulesForCpu(-5)).toBe(0);
  });

  it('never reads powercap with rapl: false', async () => {
    await using tree = await PowercapTree.create();
    await tree.domain('intel-rapl:0', 'package-0', 1_000_000);
    const meter = await EnergyMeter.open({ rapl: false, powercap: { root: tree.root } });
    expect(meter.source).toBe('estimate');
  });
});
