import { describe, expect, it } from 'vitest';
import { parseLinterReport } from '@cortex-os/plugin-toolkit';

describe('parseLinterReport', () => {
  it('reads Biome’s JSON report', () => {
    const report = JSON.stringify({
      diagnostics: [
        {
          severity: 'warning',
          message: 'Use const.',
          category: 'lint/style/useConst',
          location: { path: 'src/x.ts', start: { line: 1, column: 1 } },
        },
        {
          severity: 'error',
          message: 'Elsewhere.',
          category: 'lint/x',
          location: { path: '/elsewhere/y.ts', start: { line: 1, column: 1 } },
        },
        { severity: 'information', message: 'No place.', category: 'lint/y' },
      ],
    });
    expect(parseLinterReport('biome', 'biome-json', report, '/repo')).toEqual([
      { path: 'src/x.ts', line: 1, column: 1, source: 'biome', rule: 'lint/style/useConst', category: 'warning', message: 'Use const.' },
      { path: undefined, line: undefined, column: undefined, source: 'biome', rule: 'lint/y', category: 'message', message: 'No place.' },
    ]);
  });

  it('reads ESLint’s JSON report, paths made relative to the root', () => {
    const report = JSON.stringify([
      {
        filePath: '/repo/src/a.js',
        messages: [{ ruleId: 'no-debugger', severity: 2, message: 'Unexpected debugger.', line: 3, column: 5 }],
      },
      { filePath: '/other/b.js', messages: [{ ruleId: 'x', severity: 1, message: 'm', line: 1, column: 1 }] },
    ]);
    expect(parseLinterReport('eslint', 'eslint-json', report, '/repo')).toEqual([
      { path: 'src/a.js', line: 3, column: 5, source: 'eslint', rule: 'no-debugger', category: 'error', message: 'Unexpected debugger.' },
    ]);
  });

  it('throws on a report that is not JSON', () => {
    expect(() => parseLinterReport('biome', 'biome-json', 'oops', '/repo')).toThrow(SyntaxError);
  });
});
