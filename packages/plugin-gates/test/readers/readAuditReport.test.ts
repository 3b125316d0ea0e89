import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CortexError } from '@cortex-os/kernel';
import { auditMeasurements, parseAuditReport, readAuditReport } from '@cortex-os/plugin-gates';
import { fixturePath } from '../fixturePath.js';

describe('readAuditReport', () => {
  it('reads npm audit report v2 counts', async () => {
    const report = await readAuditReport(fixturePath('audit/npm-audit.v2.json'));
    expect(report).toMatchObject({ format: 'npm-v2', counts: { critical: 2, high: 1, moderate: 0, low: 0, info: 0 } });
    expect(auditMeasurements(report!).map((m) => [m.gate, m.value])).toEqual([
      ['vulnerabilities.critical', 2],
      ['vulnerabilities.high', 1],
    ]);
  });

  it('reads pnpm audit counts, with and without advisories', async () => {
    expect((await readAuditReport(fixturePath('audit/pnpm-audit.json')))?.counts).toMatchObject({ critical: 0, high: 1 });
    expect((await readAuditReport(fixturePath('audit/pnpm-audit.clean.json')))?.counts).toMatchObject({ critical: 0, high: 0 });
  });

  it('the npm error object printed when the advisory service answers 405 is unknown, never a pass', async () => {
    const report = await readAuditReport(fixturePath('audit/npm-audit.error-405.json'));
    expect(report?.format).toBe('error');
    expect(report?.counts).toBeNull();
    expect(report?.error).toContain('405 Method Not Allowed');
    const m = auditMeasurements(report!);
    expect(m.every((x) => x.value === null)).toBe(true);
    expect(m[0]?.reason).toMatch(/^audit could not run: 405 Method Not Allowed/);
  });

  it('the pnpm error object is unknown too', async () => {
    const report = await readAuditReport(fixturePath('audit/pnpm-audit.error-405.json'));
    expect(report).toMatchObject({ format: 'error', counts: null });
    expect(report?.error).toMatch(/^ERR_PNPM_AUDIT_BAD_RESPONSE: The audit endpoint/);
  });

  it('an empty output means the audit did not run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gates-audit-'));
    await writeFile(join(dir, 'audit.json'), '\n');
    expect(await readAuditReport(join(dir, 'audit.json'))).toMatchObject({ counts: null, error: 'the audit printed nothing' });
  });

  it('rejects counts that are not integers, and a total that does not add up', () => {
    expect(() => parseAuditReport({ metadata: { vulnerabilities: { critical: '0', high: 0 } } }, 'a.json')).toThrowError(
      'report a.json: field metadata.vulnerabilities.critical should be a non-negative integer, got "0"',
    );
    expect(() =>
      parseAuditReport({ metadata: { vulnerabilities: { critical: 0, high: 1, moderate: 0, low: 0, info: 0, total: 2 } } }, 'a.json'),
    ).toThrowError('field metadata.vulnerabilities.total should be the sum of the severities (1), got 2');
  });

  it('rejects JSON that is neither counts nor an error object', () => {
    try {
      parseAuditReport({ hello: 'world' }, 'a.json');
      expect.unreachable();
    } catch (error) {
      expect(CortexError.is(error, 'GATES_REPORT_INVALID')).toBe(true);
      expect((error as CortexError).details).toEqual({ file: 'a.json', field: 'metadata.vulnerabilities' });
    }
  });

  it('never yields a known count from any object that lacks metadata.vulnerabilities', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string().filter((k) => k !== 'metadata' && k !== '__proto__'),
          fc.jsonValue(),
        ),
        (value) => {
          let report: ReturnType<typeof parseAuditReport>;
          try {
            report = parseAuditReport(value, 'a.json');
          } catch (error) {
            expect(CortexError.is(error, 'GATES_REPORT_INVALID')).toBe(true);
            return;
          }
          expect(report.counts).toBeNull();
        },
      ),
      { seed: 5, numRuns: 300 },
    );
  });
});
