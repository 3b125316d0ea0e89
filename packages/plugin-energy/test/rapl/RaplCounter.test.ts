import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RaplCounter, type RaplReading } from '@cortex-os/plugin-energy';

const reading = (...packages: [string, number, number][]): RaplReading => ({
  packages: packages.map(([domain, energyUj, maxRangeUj]) => ({ domain, name: domain, energyUj, maxRangeUj })),
  problems: [],
});

describe('RaplCounter', () => {
  it('counts from the first reading and across a wrap-around', () => {
    const counter = new RaplCounter();
    expect(counter.add(reading(['p0', 900_000, 1_000_000]))).toBe(0);
    expect(counter.add(reading(['p0', 950_000, 1_000_000]))).toBeCloseTo(0.05);
    // 950,000 → wrap at 1,000,000 → 20,000: 70,000 µJ.
    expect(counter.add(reading(['p0', 20_000, 1_000_000]))).toBeCloseTo(0.07);
    expect(counter.joules).toBeCloseTo(0.12);
  });

  it('sums packages, and a package that appears later starts from its first reading', () => {
    const counter = new RaplCounter();
    counter.add(reading(['p0', 0, 10_000_000]));
    counter.add(reading(['p0', 1_000_000, 10_000_000], ['p1', 5_000_000, 10_000_000]));
    counter.add(reading(['p0', 2_000_000, 10_000_000], ['p1', 7_000_000, 10_000_000]));
    expect(counter.joules).toBeCloseTo(4);
  });

  it('equals the sum of the increments for any sequence of increments below the range (property, seed 23)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_000, max: 1_000_000_000 }),
        fc.integer({ min: 0, max: 999 }),
        fc.array(fc.integer({ min: 0, max: 999 }), { maxLength: 40 }),
        (range, startPermille, stepsPermille) => {
          const counter = new RaplCounter();
          let raw = Math.floor((range * startPermille) / 1000);
          counter.add(reading(['p0', raw, range]));
          let expectedUj = 0;
          for (const permille of stepsPermille) {
            const step = Math.floor((range * permille) / 1000);
            expectedUj += step;
            raw = (raw + step) % range;
            counter.add(reading(['p0', raw, range]));
          }
          expect(counter.joules).toBeCloseTo(expectedUj / 1e6, 6);
        },
      ),
      { seed: 23, numRuns: 300 },
    );
  });
});
