// Issue 13 §1: 20 seeded kill -9 cycles with a writer running. After each restart: every
// acknowledged store is present, every acknowledged delete is absent, nothing is present that was
// not at least attempted (an unacknowledged, in-flight operation may have committed), the store
// reopens, and the database and its index agree. Odd cycles' writers serve the saved graph
// memory-mapped (hnsw.openSaved 'map'), even ones read it into memory (the default).
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteMemoryStore } from '../../packages/plugin-memory/src/index.js';
import { createDeterministicEmbedder } from '../../packages/plugin-memory/src/testing/index.js';
import { builtFile } from '../support/builtFile.js';

builtFile('packages/plugin-memory/dist/index.js');
builtFile('packages/plugin-memory/dist/testing/createDeterministicEmbedder.js');
const root = mkdtempSync(join(tmpdir(), 'memory-kill-loop-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const CYCLES = 20;
const SEED = 1303;

interface CycleLog {
  readonly stored: Set<string>;
  readonly deleted: Set<string>;
  /** Operations begun and not acknowledged when the kill landed. */
  readonly inFlight: Set<number>;
  /** Ids whose delete had begun (it may have committed unacknowledged). */
  readonly deleting: Set<string>;
}

type Writer = ChildProcessByStdio<Writable, Readable, null>;

/** Starts a writer that loads its modules and waits for `go`. */
function startWriter(dataDir: string, cycle: number, seed: number): Writer {
  return spawn(process.execPath, [join(import.meta.dirname, 'killLoopWriter.mjs'), dataDir, String(cycle), String(seed)], {
    stdio: ['pipe', 'pipe', 'inherit'],
    // One compile cache for the 20 writers: the first compiles the modules, the others reuse it.
    env: { ...process.env, NODE_COMPILE_CACHE: join(root, 'compile-cache') },
  });
}

/** Lets the writer run until it has acknowledged `acks` operations, then kills it with SIGKILL. */
async function writeUntilKilled(child: Writer, acks: number): Promise<CycleLog> {
  const exited = once(child, 'exit');
  child.stdin.write('go\n');
  const log: CycleLog = { stored: new Set(), deleted: new Set(), inFlight: new Set(), deleting: new Set() };
  let acknowledged = 0;
  try {
    for await (const line of createInterface({ input: child.stdout })) {
      const [word, op, kind, ...ids] = line.split(' ');
      if (word === 'begin') log.inFlight.add(Number(op));
      if (word === 'begin' && kind === 'delete') log.deleting.add(ids[0] as string);
      if (word !== 'ack') continue;
      log.inFlight.delete(Number(op));
      for (const id of ids) (kind === 'delete' ? log.deleted : log.stored).add(id);
      // After the kill, lines already in the pipe are still read: an operation the writer
      // acknowledged before it died counts as acknowledged.
      if (++acknowledged === acks) child.kill('SIGKILL');
    }
  } finally {
    child.kill('SIGKILL');
  }
  expect((await exited)[1]).toBe('SIGKILL');
  return log;
}

/** mulberry32 */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('kill -9 loop', () => {
  it(`${CYCLES} seeded cycles: acknowledged ⇔ present after restart, and the store always reopens`, { timeout: 60_000 }, async () => {
    const dataDir = join(root, 'data');
    const random = seeded(SEED);
    const plan = Array.from({ length: CYCLES }, () => ({ seed: Math.floor(random() * 2 ** 31), acks: 2 + Math.floor(random() * 12) }));
    const embed = createDeterministicEmbedder();
    const alive = new Set<string>();
    const writers = plan.map((): Writer | undefined => undefined);
    const writer = (cycle: number): Writer => {
      writers[cycle] ??= startWriter(dataDir, cycle, plan[cycle]?.seed ?? 0);
      return writers[cycle];
    };
    try {
      for (let cycle = 0; cycle < CYCLES; cycle++) await checkCycle(cycle);
    } finally {
      for (const w of writers) w?.kill('SIGKILL');
    }
    expect(alive.size).toBeGreaterThan(CYCLES);

    async function checkCycle(cycle: number): Promise<void> {
      const current = writer(cycle);
      if (cycle + 1 < CYCLES) writer(cycle + 1); // loads while this cycle runs and is checked
      const log = await writeUntilKilled(current, plan[cycle]?.acks ?? 1);
      await using store = await createSqliteMemoryStore({ dataDir, embed });
      for (const id of log.stored) if (!log.deleted.has(id)) alive.add(id);
      for (const id of log.deleted) alive.delete(id);
      // A delete in flight at the kill may have committed: its memory may be gone.
      for (const id of log.deleting) if (alive.has(id) && (await store.get(id)) === undefined) alive.delete(id);
      for (const id of alive) expect(await store.get(id), `cycle ${cycle}: acknowledged ${id}`).toBeDefined();
      for (const id of log.deleted) expect(await store.get(id), `cycle ${cycle}: deleted ${id}`).toBeUndefined();
      // Anything present that was not acknowledged belongs to the operation in flight at the kill.
      const present = [];
      let cursor: string | undefined;
      do {
        const page = await store.list({ limit: 1000, ...(cursor === undefined ? {} : { cursor }) });
        present.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      for (const memory of present) {
        if (alive.has(memory.id)) continue;
        const op = Number(/^c(\d+) op(\d+) /.exec(memory.text)?.[2]);
        expect(memory.text.startsWith(`c${cycle} `) && log.inFlight.has(op), `cycle ${cycle}: unacknowledged ${memory.text}`).toBe(true);
        alive.add(memory.id); // committed after all: later cycles must keep it
      }
      expect(present.length).toBe(alive.size);
      const report = await store.checkIntegrity();
      expect(report, `cycle ${cycle}`).toMatchObject({ ok: true, database: 'ok', missingFromIndex: [], extraInIndex: 0, indexFiles: [] });
    }
  });
});
