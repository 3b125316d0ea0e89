import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteMemoryStore } from '../../packages/plugin-memory/src/index.js';
import { createDeterministicEmbedder } from '../../packages/plugin-memory/src/testing/index.js';
import { builtFile } from '../support/builtFile.js';

// The writer (killWriter.mjs) runs the built package, as a user process would.
builtFile('packages/plugin-memory/dist/index.js');
builtFile('packages/plugin-memory/dist/testing/createDeterministicEmbedder.js');
const dir = mkdtempSync(join(tmpdir(), 'memory-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the writer and kills it with SIGKILL once it has acknowledged `acks` writes. */
async function writeUntilKilled(dataDir: string, acks: number): Promise<string[]> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'killWriter.mjs'), dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const acknowledged: string[] = [];
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.startsWith('ack ')) acknowledged.push(line.slice(4));
    if (acknowledged.length >= acks) {
      child.kill('SIGKILL');
      break;
    }
  }
  expect(await exited).toBe('SIGKILL');
  return acknowledged;
}

describe('acknowledged writes survive kill -9', () => {
  it('keeps every acknowledged memory, repairs the index to agree with the table and passes integrity_check', async () => {
    const dataDir = join(dir, 'data');
    const acknowledged = await writeUntilKilled(dataDir, 173);
    await using store = await createSqliteMemoryStore({ dataDir, embed: createDeterministicEmbedder() });
    for (const id of acknowledged) expect(await store.get(id), `acknowledged memory ${id}`).toBeDefined();
    const stats = await store.stats();
    expect(stats.total).toBeGreaterThanOrEqual(acknowledged.length);
    expect(stats.index.size).toBe(stats.index.expected);
    expect(['loaded', 'repaired', 'rebuilt']).toContain(stats.index.openedBy);
    const report = await store.checkIntegrity();
    expect(report).toMatchObject({ ok: true, database: 'ok', missingFromIndex: [], extraInIndex: 0 });
    expect(report.tableVectors).toBe(stats.total);
    // The repaired index answers: the last acknowledged memory finds itself.
    const last = await store.get(acknowledged[acknowledged.length - 1] as string);
    const [hit] = await store.search({ query: last?.text ?? '', mode: 'semantic', limit: 1 });
    expect(hit?.memory.text).toBe(last?.text);
  });
});
