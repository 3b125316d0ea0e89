// Deterministic replay across processes reproduces the run's ids: a run recorded in one process
// (its run id a random UUID made there) replays offline in another process under that id —
// the result, every agent event and every tool call id are the recorded ones.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtFile } from '../support/builtFile.js';
import { runKillableWorker } from '../support/runKillableWorker.js';

builtFile('packages/plugin-cerebrum/dist/index.js');

const root = mkdtempSync(join(tmpdir(), 'cerebrum-replay-ids-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Printed {
  readonly runId: string;
  readonly eventRunIds: readonly string[];
  readonly callIds: readonly string[];
  readonly identical: boolean;
  readonly text: string;
  readonly modelCalls: number;
}

const run = (mode: 'record' | 'replay', file: string) =>
  runKillableWorker<Printed>(join(import.meta.dirname, 'replayIdsWorker.ts'), [mode, file]) as Promise<Printed>;

describe('replay across processes', () => {
  it('reproduces the recorded run id, event run ids and tool call ids in another process', async () => {
    const file = join(root, 'recording.json');
    const recorded = await run('record', file);
    expect(recorded).toMatchObject({ callIds: ['w1'], text: 'Sunny in Oslo.', modelCalls: 2 });
    expect(recorded.eventRunIds).toEqual([recorded.runId]);

    const replayed = await run('replay', file);
    expect(replayed).toEqual({ ...recorded, identical: true, modelCalls: 0 });
    // Two Node processes starting on a shared machine: startup, not the replay, takes the time.
  }, 60_000);
});
