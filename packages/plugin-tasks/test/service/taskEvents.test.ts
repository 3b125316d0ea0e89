import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteTaskStore, tasksPlugin, tasksServiceToken } from '@cortex-os/plugin-tasks';
import { afterAll, describe, expect, it } from 'vitest';
import { manualTimer, startLedgerKernel } from '../agents/taskKernel.js';

const root = mkdtempSync(join(tmpdir(), 'tasks-events-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * A runtime on `name`'s file without a worker, and another store on the same file (a worker in
 * another process) that queued one task; the runtime's timer ticks only by hand.
 */
async function withOtherProcess(name: string) {
  const file = join(root, `${name}.sqlite`);
  const manual = manualTimer();
  const runtime = await startLedgerKernel({ ran: () => {} }, undefined, [
    tasksPlugin({ file, timer: manual.timer, worker: { enabled: false } }),
  ]);
  const other = SqliteTaskStore.open({ file });
  const { id } = await other.create({ agent: 'bookkeeper', input: { input: 'x' }, principal: 'p' });
  return { runtime, manual, tasks: runtime.kernel.get(tasksServiceToken), other, id };
}

describe('TasksService.events', () => {
  it("sees another process's events on the next poll, and ends when its signal aborts", async () => {
    const { runtime, manual, tasks, other, id } = await withOtherProcess('shared');
    await using _ = runtime;
    const controller = new AbortController();
    const stream = (await tasks.events(id, { principal: 'p', signal: controller.signal }))[Symbol.asyncIterator]();
    expect((await stream.next()).value).toMatchObject({ id: 1, type: 'status', data: { state: 'submitted' } });
    const second = stream.next();
    await other.claim('elsewhere');
    manual.tick();
    expect((await second).value).toMatchObject({ id: 2, type: 'status', data: { state: 'working' } });
    const third = stream.next();
    controller.abort();
    expect(await third).toEqual({ done: true, value: undefined });
    await expect(tasks.events(id, { principal: 'someone else' })).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
    await other.close();
  });

  it('ends after the final status, and at once for a task already final', async () => {
    const manual = manualTimer();
    await using runtime = await startLedgerKernel({ ran: () => {} }, undefined, [
      tasksPlugin({ file: ':memory:', timer: manual.timer, worker: { enabled: false } }),
    ]);
    const tasks = runtime.kernel.get(tasksServiceToken);
    const { id } = await tasks.submit({ agent: 'bookkeeper', input: 'x', principal: 'p' });
    const seen: string[] = [];
    const reading = (async () => {
      for await (const event of await tasks.events(id)) seen.push(event.type === 'status' ? event.data.state : event.type);
    })();
    await tasks.cancel(id);
    await reading;
    expect(seen).toEqual(['submitted', 'cancelled']);
    const after: number[] = [];
    for await (const event of await tasks.events(id, { afterId: 2 })) after.push(event.id);
    expect(after).toEqual([]);
  });

  it('reads a long log a page at a time without waiting for a poll between pages', async () => {
    const { runtime, tasks, other, id } = await withOtherProcess('long');
    await using _ = runtime;
    // The other process writes 1,101 events (more than one page of 1,000); the timer never ticks here.
    await other.claim('elsewhere');
    await Promise.all(
      Array.from({ length: 1_098 }, (_, i) =>
        other.recordStep(id, 'elsewhere', { kind: 'tool', callId: `t${i}`, input: i, output: i, startedAt: 0 }),
      ),
    );
    await other.finish(id, 'elsewhere', { state: 'completed', output: 'ok' });
    await other.close();
    let count = 0;
    for await (const event of await tasks.events(id)) count = event.id;
    expect(count).toBe(1_101);
  });
});
