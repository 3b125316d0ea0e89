import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Reporter } from 'vitest/node';
import { CortexError } from '@cortex-os/kernel';
import { FlakeReporter } from '@cortex-os/plugin-gates';
import FlakeReporterDefault from '@cortex-os/plugin-gates/flake';

describe('FlakeReporter', () => {
  it('is a vitest reporter, and the default export of the flake entry', () => {
    expectTypeOf(new FlakeReporter()).toExtend<Reporter>();
    expect(FlakeReporterDefault).toBe(FlakeReporter);
  });

  it('refuses to append to a file that is not a flake report', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gates-flake-'));
    const file = join(dir, 'flake.json');
    await writeFile(file, '{"version":2}');
    const reporter = new FlakeReporter({ outputFile: file, now: () => new Date(0) });
    reporter.onTestRunStart();
    const error = await reporter.onTestRunEnd([], [], 'passed').catch((e: unknown) => e);
    expect(CortexError.is(error, 'GATES_REPORT_INVALID')).toBe(true);
    expect((error as CortexError).details.field).toBe('version');
  });

  it('writes test ids relative to the vitest root, with the injected clock', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gates-flake-'));
    const reporter = new FlakeReporter({ outputFile: 'out/flake.json', now: () => new Date(Date.UTC(2026, 10, 22)) });
    reporter.onInit({ config: { root: dir } });
    reporter.onTestRunStart();
    reporter.onTestCaseResult({
      fullName: 'suite > case',
      module: { moduleId: join(dir, 'test', 'a.test.ts') },
      result: () => ({ state: 'passed' }),
      diagnostic: () => ({ retryCount: 0, repeatCount: 2, flaky: false }),
    });
    await reporter.onTestRunEnd([], [], 'passed');
    expect(reporter.outputFile).toBe(join(dir, 'out', 'flake.json'));
    expect(JSON.parse(await readFile(reporter.outputFile, 'utf8'))).toEqual({
      version: 1,
      runs: [
        {
          startedAt: '2026-11-22T00:00:00.000Z',
          reason: 'passed',
          tests: [{ id: 'test/a.test.ts > suite > case', state: 'passed', retryCount: 0, repeatCount: 2, flaky: false }],
        },
      ],
    });
  });
});
