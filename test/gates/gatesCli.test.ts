import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../../packages/plugin-gates/test/fixturePath.js';
import { builtFile } from '../support/builtFile.js';

// Spawns the real bin, built once for the run (test/support/buildOnce.ts).
const bin = builtFile('packages/plugin-gates/dist/cli/main.js');

function gates(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A project folder with reports from the committed fixtures and a contract. */
async function project(contract: object, reports: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gates-cli-'));
  await mkdir(join(dir, '.eng'), { recursive: true });
  await writeFile(join(dir, '.eng', 'quality_gate.json'), JSON.stringify(contract));
  for (const [to, from] of Object.entries(reports)) {
    await mkdir(join(dir, 'reports', to, '..'), { recursive: true });
    await cp(fixturePath(from), join(dir, 'reports', to));
  }
  return dir;
}

const check = ['check', '--contract', '.eng/quality_gate.json', '--reports', 'reports'];

describe('cortex-gates (bin)', () => {
  it('exits 0 when the gates pass, prints the table, writes JSON and SARIF', async () => {
    const dir = await project(
      {
        version: 1,
        gates: {
          'mutation.score': { min: 45 },
          'vulnerabilities.critical': { max: 0, onUnknown: 'warn' },
          'vulnerabilities.high': { max: 0, onUnknown: 'warn' },
        },
      },
      { 'mutation/mutation.json': 'stryker/mutation.kernel-token.json', 'audit.json': 'audit/npm-audit.error-405.json' },
    );
    const r = gates(dir, ...check, '--json', 'out/gates.json', '--sarif', 'out/gates.sarif');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^mutation\.score\s+total\s+48\.94%\s+>= 45%\s+-\s+-\s+PASS/m);
    expect(r.stdout).toContain('WARN [unknown] vulnerabilities.critical is unknown (audit could not run: 405 Method Not Allowed');
    const json = JSON.parse(await readFile(join(dir, 'out/gates.json'), 'utf8'));
    expect(json).toMatchObject({ version: 1, passed: true });
    expect(json.violations.map((v: { gate: string; severity: string }) => `${v.gate}:${v.severity}`)).toEqual([
      'vulnerabilities.critical:warning',
      'vulnerabilities.high:warning',
    ]);
    const sarif = JSON.parse(await readFile(join(dir, 'out/gates.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('reports/audit.json');
  });

  it('exits 1 on a violation, naming gate, threshold, measured value and source', async () => {
    const dir = await project(
      { version: 1, gates: { 'vulnerabilities.critical': { max: 0 }, 'coverage.lines': { min: 14 } } },
      { 'audit.json': 'audit/npm-audit.v2.json', 'coverage/coverage-summary.json': 'istanbul/coverage-summary.v8.json' },
    );
    const r = gates(dir, ...check);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`FAIL [threshold] vulnerabilities.critical is 2, the contract wants <= 0 (reports/audit.json)`);
    expect(r.stdout).toMatch(/gates FAILED: 2 checked, 1 failing, 0 warning$/m);
  });

  it('the audit error object fails the gate when the contract says fail on unknown', async () => {
    const dir = await project(
      { version: 1, gates: { 'vulnerabilities.high': { max: 0 } } },
      { 'audit.json': 'audit/pnpm-audit.error-405.json' },
    );
    const r = gates(dir, ...check);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL [unknown] vulnerabilities.high is unknown (audit could not run: ERR_PNPM_AUDIT_BAD_RESPONSE');
  });

  it('exits 2 on a bad contract, naming the file and the field', async () => {
    const dir = await project({ version: 1, gates: { 'coverage.lines': { min: 'high' } } }, {});
    const r = gates(dir, ...check);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`cortex-gates: [GATES_CONTRACT_INVALID] contract ${join(dir, '.eng', 'quality_gate.json')} is invalid:`);
    expect(r.stderr).toContain('gates.coverage.lines.min: Invalid input: expected number, received string');
  });

  it('exits 2 on an unreadable report, naming the file and the field', async () => {
    const dir = await project({ version: 1, gates: { 'latency.p95': { max: 50 } } }, { 'bench.jsonl': 'bench/bench-bad-line.txt' });
    const r = gates(dir, ...check);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `[GATES_REPORT_INVALID] report ${join(dir, 'reports', 'bench.jsonl')}: field line 2: value should be a finite number, got "fast"`,
    );
  });

  it('exits 2 on bad usage', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gates-cli-'));
    expect(gates(dir, 'check').code).toBe(2);
    expect(gates(dir, 'check', '--contract', 'x.json', '--frobnicate').stderr).toContain('[GATES_CLI_USAGE]');
    expect(gates(dir).code).toBe(2);
    expect(gates(dir, '--help')).toMatchObject({ code: 0 });
  });

  it('--update raises the baseline; a later worse run beyond the tolerance fails; the baseline never moves down', async () => {
    const contract = { version: 1, gates: { 'mutation.score': { min: 10, tolerance: 1 } } };
    const dir = await project(contract, { 'mutation/mutation.json': 'stryker/mutation.all-statuses.json' });
    const first = gates(dir, ...check, '--update');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`baseline mutation.score: none -> 80 (${join(dir, '.eng', 'quality_baseline.json')})`);
    const baselineFile = join(dir, '.eng', 'quality_baseline.json');
    expect(JSON.parse(await readFile(baselineFile, 'utf8'))).toEqual({ version: 1, gates: { 'mutation.score': { value: 80, unit: '%' } } });

    await cp(fixturePath('stryker/mutation.kernel-token.json'), join(dir, 'reports', 'mutation', 'mutation.json'));
    const worse = gates(dir, ...check, '--update');
    expect(worse.code).toBe(1);
    expect(worse.stdout).toContain('FAIL [ratchet] mutation.score fell to 48.94% from the baseline 80% (tolerance 1)');
    expect(JSON.parse(await readFile(baselineFile, 'utf8')).gates['mutation.score'].value).toBe(80);
  });

  it('runs the readiness rubric from the project root', async () => {
    const dir = await project({ version: 1, rubric: 'rubric.json', gates: { 'ops.readiness': { min: 100 } } }, {});
    await writeFile(
      join(dir, 'rubric.json'),
      JSON.stringify({
        version: 1,
        items: [
          {
            id: 'has-contract',
            title: 'contract parses',
            weight: 1,
            run: ['node', '-e', "JSON.parse(require('fs').readFileSync('.eng/quality_gate.json','utf8'))"],
          },
        ],
      }),
    );
    const r = gates(dir, ...check, '--json', 'gates.json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ops\.readiness\s+total\s+100%/m);
    const json = JSON.parse(await readFile(join(dir, 'gates.json'), 'utf8'));
    expect(json.readiness.items).toMatchObject([{ id: 'has-contract', passed: true, exitCode: 0, timedOut: false }]);
  });

  it('schema prints the committed JSON Schema byte for byte', async () => {
    const r = gates(tmpdir(), 'schema');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      await readFile(fileURLToPath(new URL('../../packages/plugin-gates/schema/quality-gate.schema.json', import.meta.url)), 'utf8'),
    );
  });
});
