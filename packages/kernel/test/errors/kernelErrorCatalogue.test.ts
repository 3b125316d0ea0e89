import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kernelErrorCatalogue } from '@cortex-os/kernel';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const documented = [...readme.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);

describe('kernel error catalogue', () => {
  it('has codes of the form AREA_WHAT, each with a description and a solution', () => {
    for (const [code, entry] of Object.entries(kernelErrorCatalogue)) {
      expect(code).toMatch(/^[A-Z]+(_[A-Z]+)+$/);
      expect(entry.description.length).toBeGreaterThan(10);
      expect(entry.solution.length).toBeGreaterThan(10);
    }
  });

  it('is documented row for row in the package README, nothing missing and nothing stale', () => {
    expect([...documented].sort()).toEqual(Object.keys(kernelErrorCatalogue).sort());
  });
});
