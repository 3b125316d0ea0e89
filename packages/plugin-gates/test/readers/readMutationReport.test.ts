import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CortexError } from '@cortex-os/kernel';
import {
  mutantStatuses,
  mutationMeasurements,
  mutationScores,
  parseMutationReport,
  readMutationReport,
  type MutantStatus,
} from '@cortex-os/plugin-gates';
import { fixturePath } from '../fixturePath.js';

describe('readMutationReport', () => {
  it('gives the score Stryker printed for its own report (48.94 total, 71.88 covered)', async () => {
    const report = await readMutationReport(fixturePath('stryker/mutation.kernel-token.json'), '/work/main');
    expect(report?.total.score?.toFixed(2)).toBe('48.94');
    expect(report?.total.scoreCovered?.toFixed(2)).toBe('71.88');
    expect(report?.total.byStatus).toMatchObject({ Killed: 23, Timeout: 0, Survived: 9, NoCoverage: 15 });
    expect(report?.files).toHaveLength(1);
    expect(report?.files[0]?.path).toBe('packages/kernel/src/container/Token.ts');
  });

  it('leaves errors, ignored and pending mutants out of the score, per file and in total', async () => {
    const report = await readMutationReport(fixturePath('stryker/mutation.all-statuses.json'), '/repo');
    // (6 killed + 2 timeout) / (8 + 1 survived + 1 no coverage)
    expect(report?.files[0]?.score).toBe(80);
    expect(report?.files[1]?.score).toBeNull();
    expect(report?.total.score).toBe(80);
    const m = mutationMeasurements(report!, ['packages/kernel', 'packages/plugin-gates', 'packages/none']);
    expect(m.map((x) => [x.scope, x.value])).toEqual([
      ['total', 80],
      ['packages/kernel', 80],
      ['packages/plugin-gates', null],
      ['packages/none', null],
    ]);
    expect(m[2]?.reason).toBe('no valid mutant under packages/plugin-gates');
  });

  it('rejects an unknown mutant status, naming the field', () => {
    const bad = {
      files: {
        'a.ts': {
          mutants: [
            { id: '1', status: 'Killed' },
            { id: '2', status: 'Dead' },
          ],
        },
      },
    };
    expect(() => parseMutationReport(bad, 'm.json', '/')).toThrowError(
      'report m.json: field files["a.ts"].mutants[1].status should be one of Killed, Survived, NoCoverage, Timeout, CompileError, RuntimeError, Ignored, Pending, got "Dead"',
    );
    try {
      parseMutationReport({ files: [] }, 'm.json', '/');
    } catch (error) {
      expect(CortexError.is(error, 'GATES_REPORT_INVALID')).toBe(true);
    }
  });

  it('total score is (killed + timeout) / (killed + timeout + survived + noCoverage), whatever the mix of files', () => {
    const statusArb = fc.constantFrom<MutantStatus>(...mutantStatuses);
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-z]{1,6}\.ts$/), fc.array(statusArb, { maxLength: 30 })), (files) => {
        const value = {
          files: Object.fromEntries(
            Object.entries(files).map(([p, ss]) => [p, { mutants: ss.map((status, id) => ({ id: String(id), status })) }]),
          ),
        };
        const report = parseMutationReport(value, 'm.json', '/');
        const all = Object.values(files).flat();
        const count = (s: MutantStatus) => all.filter((x) => x === s).length;
        const detected = count('Killed') + count('Timeout');
        const valid = detected + count('Survived') + count('NoCoverage');
        expect(report.total.score).toBe(valid === 0 ? null : (detected / valid) * 100);
        expect(report.total).toEqual(mutationScores(report.total.byStatus));
      }),
      { seed: 3, numRuns: 200 },
    );
  });
});
