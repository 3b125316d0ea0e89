import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CortexError } from '@cortex-os/kernel';
import { baselineKey, readGateBaseline, writeGateBaseline } from '@cortex-os/plugin-gates';

describe('GateBaseline', () => {
  it('reads an empty baseline when the file does not exist yet', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gates-baseline-'));
    expect(await readGateBaseline(join(dir, 'none.json'))).toEqual({ version: 1, gates: {} });
  });

  it('round-trips with sorted keys', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gates-baseline-'));
    const file = join(dir, 'sub', 'baseline.json');
    await writeGateBaseline(file, {
      version: 1,
      gates: { 'mutation.score': { value: 60, unit: '%' }, [baselineKey('coverage.lines', 'packages/kernel')]: { value: 99, unit: '%' } },
    });
    expect(Object.keys(JSON.parse(await readFile(file, 'utf8')).gates)).toEqual(['coverage.lines@packages/kernel', 'mutation.score']);
    expect((await readGateBaseline(file)).gates['mutation.score']).toEqual({ value: 60, unit: '%' });
  });

  it('names the file and field of a bad baseline', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gates-baseline-'));
    const file = join(dir, 'baseline.json');
    await writeFile(file, JSON.stringify({ version: 1, gates: { 'coverage.lines': { value: 'high', unit: '%' } } }));
    const error = await readGateBaseline(file).catch((e: unknown) => e);
    expect(CortexError.is(error, 'GATES_BASELINE_INVALID')).toBe(true);
    expect((error as CortexError).details).toMatchObject({ file, field: 'gates.coverage.lines.value' });
  });
});
