// The README's test command: check formatting and lint, type-check and build every package, check public API
// reports, run every vitest test, and end with one plain `N passed, N failed` line
// computed from vitest's JSON report (a failed step counts as one failure).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const root = join(import.meta.dirname, '..');
const reportDir = join(root, '.cache', 'reports');
const vitestReport = join(reportDir, 'vitest.json');
mkdirSync(reportDir, { recursive: true });
const env = { ...process.env, PATH: `${join(root, 'node_modules', '.bin')}${delimiter}${process.env.PATH}` };
// The integration and slow layers run the built dist/: the build step below already ran `tsc -b`,
// so their globalSetup (test/support/buildOnce.ts) skips its own.
env.CORTEX_BUILT = '1';
rmSync(vitestReport, { force: true });

// Coverage for the quality gates (CI, or CORTEX_COVERAGE=1): measured in the same run, not a second one.
function coverageArgs() {
  if (process.env.CI !== 'true' && process.env.CORTEX_COVERAGE !== '1') return [];
  return [
    '--coverage.enabled',
    '--coverage.provider=v8',
    '--coverage.reporter=json-summary',
    '--coverage.reporter=text-summary',
    `--coverage.reportsDirectory=${join(reportDir, 'coverage')}`,
    '--coverage.include=packages/*/src/**',
  ];
}

const steps = [
  { name: 'format + lint (Biome)', cmd: 'node', args: ['scripts/lint.mjs'] },
  // tsc -b never removes the outputs of moved or deleted sources; packing would ship them.
  { name: 'prune outputs of deleted sources', cmd: 'node', args: ['scripts/prune-dist.mjs'] },
  { name: 'build + type-check packages (tsc -b)', cmd: 'tsc', args: ['-b'] },
  { name: 'type-check tests, examples, bench', cmd: 'tsc', args: ['-p', 'tsconfig.test.json'] },
  { name: 'api-extractor check', cmd: 'node', args: ['scripts/api-extractor.mjs'] },
  // Every benchmark once with tiny samples and no timing assertion: a moved export or a broken harness fails here.
  { name: 'bench smoke (every benchmark, tiny samples)', cmd: 'node', args: ['scripts/bench-smoke.mjs'] },
  {
    name: 'vitest',
    cmd: 'vitest',
    args: [
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${vitestReport}`,
      ...coverageArgs(),
      ...process.argv.slice(2),
    ],
  },
];

const failedSteps = [];
const timings = [];
for (const step of steps) {
  const started = performance.now();
  console.log(`\n▶ ${step.name}`);
  const result = spawnSync(step.cmd, step.args, { cwd: root, env, stdio: 'inherit' });
  if (result.error) console.error(`could not run ${step.cmd}: ${result.error.message}`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  timings.push(`${step.name}: ${seconds}s`);
  if (result.status !== 0) failedSteps.push(step.name);
}

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(vitestReport)) {
  const report = JSON.parse(readFileSync(vitestReport, 'utf8'));
  passed = report.numPassedTests;
  failed = report.numFailedTests;
  skipped = report.numPendingTests + report.numTodoTests;
  // A test file that fails to load has no failed test but must not pass silently.
  const brokenFiles = report.testResults.filter(
    (file) => file.status === 'failed' && file.assertionResults.every((t) => t.status !== 'failed'),
  );
  failed += brokenFiles.length;
}
for (const _name of failedSteps.filter((s) => s !== 'vitest')) failed += 1;

console.log(`\n${timings.join('\n')}`);
if (failedSteps.length > 0) console.log(`failed steps: ${failedSteps.join(', ')}`);
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed === 0 && failedSteps.length === 0 ? 0 : 1;
