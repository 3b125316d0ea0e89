import { burnRateWindows } from '@cortex-os/plugin-slo';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const DAY = 86_400;

describe('burnRateWindows', () => {
  it("gives the workbook's factors for a 30-day window", () => {
    expect(burnRateWindows(30 * DAY)).toEqual([
      { severity: 'page', budgetSpent: 0.02, longWindow: '1h', shortWindow: '5m', factor: 14.4 },
      { severity: 'page', budgetSpent: 0.05, longWindow: '6h', shortWindow: '30m', factor: 6 },
      { severity: 'ticket', budgetSpent: 0.1, longWindow: '1d', shortWindow: '2h', factor: 3 },
      { severity: 'ticket', budgetSpent: 0.1, longWindow: '3d', shortWindow: '6h', factor: 1 },
    ]);
  });

  it('leaves out pairs that would alert below the sustainable rate', () => {
    expect(burnRateWindows(7 * DAY).map((pair) => [pair.longWindow, pair.factor])).toEqual([
      ['1h', 3.36],
      ['6h', 1.4],
    ]);
  });

  it('spends the stated share of the budget in each long window, never with a factor below 1 (property)', () => {
    const seconds = { '1h': 3_600, '6h': 21_600, '1d': DAY, '3d': 3 * DAY } as Record<string, number>;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), (days) => {
        for (const pair of burnRateWindows(days * DAY)) {
          expect(pair.factor).toBeGreaterThanOrEqual(1);
          expect(seconds[pair.longWindow]).toBeLessThan(days * DAY);
          expect((pair.factor * (seconds[pair.longWindow] ?? 0)) / (days * DAY)).toBeCloseTo(pair.budgetSpent, 9);
        }
      }),
      { seed: 33, numRuns: 300 },
    );
  });
});
