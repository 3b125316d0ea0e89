import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kernelErrorCatalogue } from '@cortex-os/kernel';
import { HttpError, httpErrorCatalogue, httpErrorStatus, kernelErrorStatus } from '@cortex-os/plugin-http';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

describe('httpErrorCatalogue', () => {
  it('documents every code in the README table, and none that is stale', () => {
    const documented = [...readme.matchAll(/^\| `([A-Z_]+)` \| (.+?) \| (.+?) \|$/gm)].map((m) => ({
      code: m[1],
      description: m[2],
      solution: m[3],
    }));
    expect(documented.map((d) => d.code).sort()).toEqual(Object.keys(httpErrorCatalogue).sort());
    for (const row of documented) {
      const entry = httpErrorCatalogue[row.code as keyof typeof httpErrorCatalogue];
      expect(row.description).toBe(entry.description);
      expect(row.solution).toBe(entry.solution);
    }
  });

  it('maps every HTTP and kernel code to a status', () => {
    expect(Object.keys(httpErrorStatus).sort()).toEqual(Object.keys(httpErrorCatalogue).sort());
    expect(Object.keys(kernelErrorStatus).sort()).toEqual(Object.keys(kernelErrorCatalogue).sort());
    for (const status of [...Object.values(httpErrorStatus), ...Object.values(kernelErrorStatus)])
      expect(status).toBeGreaterThanOrEqual(400);
  });

  it('builds errors recognised by code across copies', () => {
    const error = new HttpError('HTTP_UNAUTHORIZED', 'no token');
    expect(error.code).toBe('HTTP_UNAUTHORIZED');
    expect(error.name).toBe('HttpError');
  });
});
