// A2A tasks as plugin-tasks tasks across a SIGKILL: the serving runtime (a child process) is killed
// mid-run and started again on the same files; GetTask answers from the durable store, the new
// worker takes the run over once the dead worker's lease ran out and resumes it from its
// checkpoints (the first model reply replayed, not asked again), and a client that re-subscribes
// sees it complete.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { A2aJsonRpcClient } from '@cortex-os/plugin-a2a';
import { afterAll, describe, expect, it } from 'vitest';
import { builtFile } from '../support/builtFile.js';
import { runFixture } from '../support/runFixture.js';

builtFile('packages/plugin-a2a/dist/index.js');

const root = mkdtempSync(join(tmpdir(), 'a2a-durable-kill-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function startServer(life: 'first' | 'second') {
  const server = runFixture(join(import.meta.dirname, 'durableRunsServer.ts'), [
    join(root, 'a2a.sqlite'),
    join(root, 'tasks.sqlite'),
    life,
  ]);
  const { url } = JSON.parse(await server.next((line) => line.startsWith('{"url"'))) as { url: string };
  return { server, url, client: new A2aJsonRpcClient({ agent: 'durable', url: `${url}/a2a/jsonrpc`, version: '1.0' }) };
}

type Event = { task?: { id: string }; statusUpdate?: { status: { state: string } } };

describe('A2A tasks as plugin-tasks tasks across a SIGKILL', () => {
  it('resumes the run from its checkpoints in the restarted process, and a resubscribed client sees it complete', async () => {
    const first = await startServer('first');
    const stream = first.client.stream({
      message: { messageId: 'm-1', role: 'ROLE_USER', parts: [{ text: 'Weather in Oslo?' }], metadata: { skillId: 'forecaster' } },
    });
    const id = (((await stream.next()).value as Event).task?.id ?? '') as string;
    await first.server.next((line) => line.includes('"gate"'));
    first.server.child.kill('SIGKILL');
    expect((await first.server.exited).signal).toBe('SIGKILL');
    await stream.return(undefined).catch(() => undefined);

    const second = await startServer('second');
    try {
      const kept = (await second.client.call('GetTask', { id }, id)) as { status: { state: string } };
      expect(kept.status.state).toBe('TASK_STATE_WORKING');
      // Reached again only through the replayed first reply: this life's model has no tool call to make.
      await second.server.next((line) => line.includes('"gate"'));
      const follow = second.client.stream({ id }, 'SubscribeToTask');
      expect(((await follow.next()).value as Event).task?.id).toBe(id);
      second.server.say('release');
      const states: string[] = [];
      for await (const event of follow) states.push((event as Event).statusUpdate?.status.state ?? '');
      expect(states.at(-1)).toBe('TASK_STATE_COMPLETED');
      const done = (await second.client.call('GetTask', { id }, id)) as { artifacts: { parts: unknown[] }[] };
      expect(done.artifacts[0]?.parts).toEqual([{ text: 'Sunny in Oslo.', mediaType: 'text/plain' }]);
    } finally {
      second.server.child.kill('SIGTERM');
      await second.server.exited;
    }
  }, 30_000);
});
