import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { builtFile, repoRoot } from '../support/builtFile.js';

// The fixture imports the built plugin-mcp.
builtFile('packages/plugin-mcp/dist/index.js');
builtFile('packages/plugin-mcp/dist/testing/index.js');

it('forgets 5,000 abandoned 2025-era sessions after their TTL, and the heap comes back', () => {
  // A child with --expose-gc: the heap figures must not include vitest's own churn.
  const run = spawnSync(process.execPath, ['--expose-gc', join(repoRoot, 'packages/plugin-mcp/test/fixtures/sessionLeak.mjs'), '5000'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(run.status, run.stderr).toBe(0);
  const report = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, number | number[]>;
  expect(report['statuses']).toEqual([200]);
  expect(report['opened']).toBe(5000);
  expect(report['earlySweep']).toBe(0); // idle 30 s of a 60 s TTL: nothing expires yet
  expect(report['expired']).toBe(5000);
  expect(report['afterExpiry']).toBe(0);
  const before = report['heapBefore'] as number;
  const peak = report['heapPeak'] as number;
  const after = report['heapAfter'] as number;
  // Tolerance: within 5 MB of the warmed-up baseline, and most of the peak growth released.
  expect(after - before).toBeLessThan(5 * 1024 * 1024);
  expect(peak - before).toBeGreaterThan(after - before);
}, 150_000);
