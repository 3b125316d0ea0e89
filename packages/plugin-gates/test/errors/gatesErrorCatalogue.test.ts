import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GatesError, gatesErrorCatalogue } from '@cortex-os/plugin-gates';

const readme = fileURLToPath(new URL('../../README.md', import.meta.url));

describe('gatesErrorCatalogue', () => {
  it('every code is GATES_WHAT, documented in the README table, and none there is stale', async () => {
    const text = await readFile(readme, 'utf8');
    const documented = [...text.matchAll(/^\| `(GATES_[A-Z_]+)` \|/gm)].map((m) => m[1]);
    const codes = Object.keys(gatesErrorCatalogue);
    expect(codes.length).toBe(7);
    for (const code of codes) expect(code).toMatch(/^GATES_[A-Z]+(_[A-Z]+)*$/);
    expect([...documented].sort()).toEqual([...codes].sort());
  });

  it('GatesError carries the code, the file and the field', () => {
    const error = new GatesError('GATES_REPORT_INVALID', 'bad', { details: { file: 'a.json', field: 'total' } });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('GatesError');
    expect(error.code).toBe('GATES_REPORT_INVALID');
    expect(error.details).toEqual({ file: 'a.json', field: 'total' });
  });
});
