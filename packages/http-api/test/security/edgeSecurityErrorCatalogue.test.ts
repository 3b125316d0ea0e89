import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EdgeSecurityError, edgeSecurityErrorCatalogue } from '@cortex-os/http-api/security';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

describe('edgeSecurityErrorCatalogue', () => {
  it('documents every code in the README table, and none that is stale', () => {
    const documented = [...readme.matchAll(/^\| `([A-Z_]+)` \| (.+?) \| (.+?) \|$/gm)].map((m) => ({
      code: m[1],
      description: m[2],
      solution: m[3],
    }));
    expect(documented.map((d) => d.code).sort()).toEqual(Object.keys(edgeSecurityErrorCatalogue).sort());
    for (const row of documented) {
      const entry = edgeSecurityErrorCatalogue[row.code as keyof typeof edgeSecurityErrorCatalogue];
      expect(row.description).toBe(entry.description);
      expect(row.solution).toBe(entry.solution);
    }
  });

  it('builds errors recognised by code', () => {
    const error = new EdgeSecurityError('EDGE_ORIGIN_INVALID', 'bad origin');
    expect(error.code).toBe('EDGE_ORIGIN_INVALID');
    expect(error.name).toBe('EdgeSecurityError');
  });
});
