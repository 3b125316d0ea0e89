import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RuntimeError, runtimeErrorCatalogue } from '@cortex-os/runtime';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

describe('runtimeErrorCatalogue', () => {
  it('documents every code in the README table, and none that is stale', () => {
    const documented = [...readme.matchAll(/^\| `([A-Z_]+)` \| (.+?) \| (.+?) \|$/gm)].map((m) => ({
      code: m[1],
      description: m[2],
      solution: m[3],
    }));
    expect(documented.map((d) => d.code).sort()).toEqual(Object.keys(runtimeErrorCatalogue).sort());
    for (const row of documented) {
      const entry = runtimeErrorCatalogue[row.code as keyof typeof runtimeErrorCatalogue];
      expect(row.description).toBe(entry.description);
      expect(row.solution).toBe(entry.solution);
    }
  });

  it('builds errors recognised by code', () => {
    const error = new RuntimeError('RUNTIME_CONFIG_INVALID', 'bad');
    expect(error.code).toBe('RUNTIME_CONFIG_INVALID');
    expect(error.name).toBe('RuntimeError');
  });
});
