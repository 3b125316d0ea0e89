import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFlakeReport } from '@cortex-os/plugin-gates';
import { runFlakeFixture } from './runFlakeFixture.js';

describe('FlakeReporter in real vitest runs', () => {
  it('records retries and outcomes over repeated real vitest runs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gates-flake-'));
    const file = join(dir, 'flake.json');
    expect(runFlakeFixture(file)).toBe(0);
    expect(runFlakeFixture(file)).toBe(0);
    expect(runFlakeFixture(file, { FLAKE_FIXTURE_FAIL: '1' })).toBe(1);

    const raw = JSON.parse(await readFile(file, 'utf8')) as {
      runs: { reason: string; tests: { id: string; state: string; retryCount: number }[] }[];
    };
    expect(raw.runs.map((r) => r.reason)).toEqual(['passed', 'passed', 'failed']);
    expect(raw.runs[0]?.tests.find((t) => t.id.endsWith('passes on its second attempt'))).toMatchObject({
      state: 'passed',
      retryCount: 1,
      flaky: true,
    });
    expect(raw.runs[0]?.tests.find((t) => t.id.endsWith('is skipped'))).toMatchObject({ state: 'skipped' });

    const summary = await readFlakeReport(file);
    expect(summary).toMatchObject({ runs: 3, tests: 3 });
    expect(summary?.flaky.map((f) => f.why)).toEqual(['passed in run 1, 2, failed in run 3', 'passed after a retry in run 1, 2, 3']);
    expect(summary?.rate).toBeCloseTo(200 / 3, 10);
  }, 60_000);
});
