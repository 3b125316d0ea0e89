import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CortexError } from '@cortex-os/kernel';
import { mlxErrorCatalogue, MlxError } from '@cortex-os/plugin-mlx';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const documented = [...readme.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]);

describe('mlxErrorCatalogue', () => {
  it('documents every code in the README error table, and nothing stale', () => {
    expect(documented).toEqual(Object.keys(mlxErrorCatalogue));
  });

  it('gives every code a description and a solution, and a branded error class', () => {
    for (const [code, entry] of Object.entries(mlxErrorCatalogue)) {
      expect(code).toMatch(/^[A-Z]+(_[A-Z0-9]+)+$/);
      expect(entry.description.length).toBeGreaterThan(10);
      expect(entry.solution.length).toBeGreaterThan(10);
      expect(CortexError.is(new MlxError(code as keyof typeof mlxErrorCatalogue, 'm'), code)).toBe(true);
    }
  });
});
