import { describe, expect, it } from 'vitest';
import { CortexError } from '@cortex-os/kernel';
import { flakeMeasurements, parseFlakeReport, readFlakeReport } from '@cortex-os/plugin-gates';
import { fixturePath } from '../fixturePath.js';

const t = (id: string, state: 'passed' | 'failed' | 'skipped', retryCount = 0) => ({
  id,
  state,
  retryCount,
  repeatCount: 0,
  flaky: state === 'passed' && retryCount > 0,
});
const run = (...tests: ReturnType<typeof t>[]) => ({ startedAt: '2026-11-22T00:00:00.000Z', reason: 'passed' as const, tests });

describe('readFlakeReport', () => {
  it('reads the committed report the reporter wrote over three runs', async () => {
    const summary = await readFlakeReport(fixturePath('flake/flake.json'));
    expect(summary).toMatchObject({ runs: 3, tests: 3 });
    expect(summary?.flaky.map((f) => f.id)).toEqual([
      'packages/plugin-gates/test/fixtures/flake/flaky.fixture.ts > flaky fixture > passes on its second attempt',
    ]);
    expect(summary?.rate).toBeCloseTo(100 / 3, 10);
  });

  it('counts a test that passed after a retry, or passed in one run and failed in another; not one that always fails', () => {
    const summary = parseFlakeReport(
      {
        version: 1,
        runs: [
          run(t('a', 'passed'), t('b', 'passed', 1), t('c', 'failed'), t('d', 'passed'), t('s', 'skipped')),
          run(t('a', 'passed'), t('b', 'passed'), t('c', 'failed'), t('d', 'failed')),
        ],
      },
      'f.json',
    );
    expect(summary.tests).toBe(4);
    expect(summary.flaky).toEqual([
      { id: 'b', why: 'passed after a retry in run 1' },
      { id: 'd', why: 'passed in run 1, failed in run 2' },
    ]);
    expect(summary.rate).toBe(50);
  });

  it('is unknown with fewer runs than the contract asks for', () => {
    const summary = parseFlakeReport({ version: 1, runs: [run(t('a', 'passed'))] }, 'f.json');
    expect(flakeMeasurements(summary, 3)[0]).toMatchObject({ value: null, reason: '1 run(s) recorded, the contract asks for at least 3' });
    expect(flakeMeasurements(summary, 1)[0]).toMatchObject({ value: 0 });
  });

  it('names the field of a malformed report', () => {
    try {
      parseFlakeReport({ version: 1, runs: [{ startedAt: 'x', reason: 'passed', tests: [{ id: 'a', state: 'ok' }] }] }, 'f.json');
      expect.unreachable();
    } catch (error) {
      expect(CortexError.is(error, 'GATES_REPORT_INVALID')).toBe(true);
      expect((error as CortexError).details.field).toBe('runs.0.tests.0.state');
    }
  });
});
