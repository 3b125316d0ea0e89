import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKernel, createLogger, healthIndicatorToken } from '@cortex-os/kernel';
import { gatesPlugin } from '@cortex-os/plugin-gates';
import { fixturePath } from '../fixturePath.js';

async function project(gates: object, audit?: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'gates-plugin-'));
  await mkdir(join(root, '.eng'));
  await mkdir(join(root, '.cache', 'reports'), { recursive: true });
  await writeFile(join(root, '.eng', 'quality_gate.json'), JSON.stringify({ version: 1, gates }));
  if (audit !== undefined) await cp(fixturePath(audit), join(root, '.cache', 'reports', 'audit.json'));
  return root;
}

async function started(root: string) {
  const kernel = createKernel({ plugins: [gatesPlugin({ root })], logger: createLogger({ level: 'silent' }) });
  await kernel.start();
  return kernel;
}

describe('gatesPlugin', () => {
  it('contributes a gates:status health indicator: pass, warn on warn-only, fail on violation', async () => {
    const passing = await started(await project({ 'vulnerabilities.critical': { max: 0 } }, 'audit/pnpm-audit.clean.json'));
    const [indicator] = passing.get(healthIndicatorToken);
    expect(indicator).toMatchObject({ name: 'gates:status', critical: false });
    expect(await indicator!.check(new AbortController().signal)).toMatchObject({
      status: 'pass',
      observedValue: 0,
      observedUnit: 'violations',
    });
    await passing.stop();

    const warning = await started(
      await project({ 'vulnerabilities.critical': { max: 0, onUnknown: 'warn' } }, 'audit/npm-audit.error-405.json'),
    );
    expect(await warning.get(healthIndicatorToken)[0]!.check(new AbortController().signal)).toMatchObject({
      status: 'warn',
      observedValue: 0,
    });
    await warning.stop();

    const failing = await started(await project({ 'vulnerabilities.critical': { max: 0 } }, 'audit/npm-audit.v2.json'));
    const result = await failing.get(healthIndicatorToken)[0]!.check(new AbortController().signal);
    expect(result).toMatchObject({ status: 'fail', observedValue: 1 });
    expect(result.output).toBe('1 violation(s); first: vulnerabilities.critical is 2, the contract wants <= 0');
    await failing.stop();
  });

  it('fails health with the error code when the contract cannot be read', async () => {
    const kernel = await started(await mkdtemp(join(tmpdir(), 'gates-plugin-')));
    const result = await kernel.get(healthIndicatorToken)[0]!.check(new AbortController().signal);
    expect(result.status).toBe('fail');
    expect(result.output).toMatch(/^\[GATES_CONTRACT_UNREADABLE\] contract .*quality_gate\.json cannot be read/);
    await kernel.stop();
  });

  it('contributes gates_check, a read-only tool without inputs, and removes it on stop', async () => {
    const kernel = await started(await project({ 'vulnerabilities.high': { max: 0 } }, 'audit/pnpm-audit.json'));
    expect(Object.values(kernel.describe().plugins.find((p) => p.name === 'gates')?.contributions ?? {})).toEqual([['gates_check']]);
    const descriptor = kernel.tools.list().find((t) => t.name === 'gates_check');
    expect(descriptor?.annotations).toMatchObject({ readOnlyHint: true });
    const result = await kernel.tools.call<{ passed: boolean; violations: { gate: string; measured: number }[] }>('gates_check', {});
    expect(result.structured?.passed).toBe(false);
    expect(result.structured?.violations.map((v) => [v.gate, v.measured])).toEqual([['vulnerabilities.high', 1]]);
    expect(result.content[0]).toMatchObject({ type: 'text' });
    expect((result.content[0] as { text: string }).text).toContain('vulnerabilities.high');
    await kernel.stop();
    expect(kernel.tools.list().some((t) => t.name === 'gates_check')).toBe(false);
  });
});
