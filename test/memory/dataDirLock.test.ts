// Issue 13 §1: one process owns a data folder, and the operating system releases its lock when the
// process dies — here a real second process, killed with a real SIGKILL.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteMemoryStore } from '../../packages/plugin-memory/src/index.js';
import { builtFile } from '../support/builtFile.js';

builtFile('packages/plugin-memory/dist/index.js');
const root = mkdtempSync(join(tmpdir(), 'memory-lock-process-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the data folder lock across processes', () => {
  it('refuses this process while a child holds the folder, names the child, and is released when the child is killed', async () => {
    const dataDir = join(root, 'data');
    const child = spawn(process.execPath, [join(import.meta.dirname, 'lockHolder.mjs'), dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = once(child, 'exit');
    try {
      let id = '';
      for await (const line of createInterface({ input: child.stdout })) {
        if (line.startsWith('ready ')) {
          id = line.slice(6);
          break;
        }
      }
      await expect(createSqliteMemoryStore({ dataDir })).rejects.toMatchObject({
        code: 'MEMORY_DATA_DIR_LOCKED',
        message: expect.stringContaining(`in use by process ${child.pid} on ${hostname()};`),
      });
      // Asked to, it opens read-only beside the owner.
      await using reader = await createSqliteMemoryStore({ dataDir, readOnly: true });
      expect((await reader.get(id))?.text).toBe('written by the lock holder');
      await reader.close();
      child.kill('SIGKILL');
      expect((await exited)[1]).toBe('SIGKILL');
      await using owner = await createSqliteMemoryStore({ dataDir });
      expect((await owner.get(id))?.text).toBe('written by the lock holder');
    } finally {
      child.kill('SIGKILL');
    }
  });
});
