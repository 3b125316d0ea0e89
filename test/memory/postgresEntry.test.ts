// Issue 13 §2: PostgreSQL is on its own entry (`@cortex-os/plugin-memory/postgres`), loaded only
// when configured, so a process on the SQLite store never loads the `pg` driver. A real child
// process records every module Node resolves.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { builtFile } from '../support/builtFile.js';

builtFile('packages/plugin-memory/dist/postgres/index.js');
const run = promisify(execFile);

async function resolvedBy(mode: 'sqlite' | 'plugin' | 'postgres'): Promise<string[]> {
  const { stdout } = await run(process.execPath, [join(import.meta.dirname, 'loadedModules.mjs'), mode], { cwd: import.meta.dirname });
  return JSON.parse(stdout.trim().split('\n').at(-1) as string) as string[];
}

const isPg = (url: string): boolean => /\/node_modules\/(\.pnpm\/pg@[^/]+\/node_modules\/)?pg\//.test(url);

describe('the PostgreSQL entry', () => {
  it('is not loaded by a process that stores and searches on SQLite, nor by the plugin configured for SQLite', async () => {
    for (const mode of ['sqlite', 'plugin'] as const) {
      const urls = await resolvedBy(mode);
      expect(urls.some((url) => url.includes('plugin-memory/dist/sqlite/createSqliteMemoryStore.js'))).toBe(true);
      expect(urls.filter(isPg), mode).toEqual([]);
      expect(
        urls.filter((url) => url.includes('plugin-memory/dist/postgres/')),
        mode,
      ).toEqual([]);
    }
  });

  it('loads pg when imported', async () => {
    expect((await resolvedBy('postgres')).some(isPg)).toBe(true);
  });
});
