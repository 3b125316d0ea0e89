import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareSqliteFile } from '@cortex-os/sql-driver';
import { describe, expect, it } from 'vitest';

describe('prepareSqliteFile', () => {
  it('makes the folders of the file, returns the file, and leaves :memory: alone', () => {
    const root = mkdtempSync(join(tmpdir(), 'sql-file-'));
    const file = join(root, 'events', 'deep', 'events.sqlite');
    expect(prepareSqliteFile(file)).toBe(file);
    expect(existsSync(join(root, 'events', 'deep'))).toBe(true);
    expect(existsSync(file)).toBe(false);
    expect(prepareSqliteFile(':memory:')).toBe(':memory:');
  });

  it('does not throw when a file stands where the folder should be: the open reports it', () => {
    const root = mkdtempSync(join(tmpdir(), 'sql-file-'));
    writeFileSync(join(root, 'blocked'), 'not a folder');
    const file = join(root, 'blocked', 'tasks.sqlite');
    expect(prepareSqliteFile(file)).toBe(file);
  });
});
