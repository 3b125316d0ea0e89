import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryError, memoryErrorCatalogue } from '@cortex-os/plugin-memory';
import { CortexError } from '@cortex-os/kernel';

describe('memoryErrorCatalogue', () => {
  it('documents every code in the README table and no stale ones', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const documented = [...readme.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(Object.keys(memoryErrorCatalogue).sort());
    for (const code of Object.keys(memoryErrorCatalogue)) expect(code).toMatch(/^MEMORY_[A-Z_]+$/);
  });

  it('creates errors recognisable by code', () => {
    const error = new MemoryError('MEMORY_NOT_FOUND', 'no memory');
    expect(CortexError.is(error, 'MEMORY_NOT_FOUND')).toBe(true);
    expect(error.name).toBe('MemoryError');
  });
});
