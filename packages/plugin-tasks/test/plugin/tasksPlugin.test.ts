import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpServiceToken } from '@cortex-os/http-api';
import { SqliteTaskStore, type TaskView, tasksPlugin, tasksServiceToken } from '@cortex-os/plugin-tasks';
import { deferred } from '@cortex-os/kernel/testing';
import { describe, expect, it, onTestFinished } from 'vitest';
import { expectedAnswer, manualTimer, startLedgerKernel } from '../agents/taskKernel.js';
import { startRuntime } from './startTasksRuntime.js';

describe('tasksPlugin', () => {
  it('runs a submitted task through its approvals over REST, each principal seeing only its own tasks', async () => {
    const { runtime, tasks, call, alice, bob, runs } = await startRuntime();
    await using _ = runtime;
    const submit = { method: 'POST', body: { agent: 'careful', input: 'Keep the books.' }, headers: { 'idempotency-key': 'k1' } };
    const created = await call(alice, '', submit);
    // The runtime's worker had a free slot: the task was claimed in the commit that stored it.
    expect(created).toMatchObject({ status: 202, body: { agent: 'careful', state: 'working', principal: 'alice' } });
    const id = String(created.body.id);
    expect((await call(alice, '', submit)).body.id).toBe(id);
    expect((await call(bob, '', submit)).body.id).not.toBe(id);

    expect((await tasks.settled(id)).state).toBe('input-required');
    const waiting = await call(alice, `/${id}`);
    expect(waiting.body).toMatchObject({ state: 'input-required', pending: [{ callId: 'approval:1:w1', kind: 'approval' }] });
    const hidden = await call(bob, `/${id}`);
    expect(hidden).toMatchObject({
      status: 404,
      type: expect.stringContaining('application/problem+json'),
      body: { code: 'TASK_NOT_FOUND' },
    });
    expect((await call(bob, `/${id}/input`, { method: 'POST', body: { callId: 'approval:1:w1', approved: true } })).status).toBe(404);

    expect((await call(alice, `/${id}/input`, { method: 'POST', body: { callId: 'approval:1:w1', approved: true } })).body.state).toBe(
      'submitted',
    );
    expect((await tasks.settled(id)).pending).toEqual([expect.objectContaining({ callId: 'approval:2:w2' })]);
    await call(alice, `/${id}/input`, { method: 'POST', body: { callId: 'approval:2:w2', approved: true } });
    const done: TaskView = await tasks.settled(id);
    expect(done).toMatchObject({ state: 'completed', output: expectedAnswer, pending: [] });
    expect(runs.filter((r) => r.startsWith('tool:1:w1') || r.startsWith('tool:2:w2'))).toEqual(['tool:1:w1', 'tool:2:w2']);

    const steps = await call(alice, `/${id}/steps`);
    expect((steps.body.steps as { callId: string }[]).map((s) => s.callId)).toContain('model:3');
    const cancelDone = await call(alice, `/${id}/cancel`, { method: 'POST' });
    expect(cancelDone).toMatchObject({ status: 409, body: { code: 'TASK_STATE_CONFLICT' } });
    const list = await call(alice, '?limit=1');
    expect(list.body).toMatchObject({ tasks: [{ id }], next: id });
    expect((await call(alice, `?after=${id}`)).body).toEqual({ tasks: [] });
    // The agents a task may name.
    const agents = await call(alice, '/../agents');
    expect((agents.body.agents as { name: string }[]).map((a) => a.name)).toEqual(['bookkeeper', 'careful']);
    expect((await call(alice, '/../agents/careful')).body).toMatchObject({ name: 'careful', tools: ['ledger.read', 'ledger.write'] });
    expect(await call(alice, '/../agents/nobody')).toMatchObject({ status: 404, body: { code: 'AGENT_UNKNOWN' } });
  });

  it('answers bad requests with typed 4xx problems', async () => {
    const { runtime, call, alice } = await startRuntime();
    await using _ = runtime;
    expect(await call(alice, '', { method: 'POST', body: { agent: '', input: 'x' } })).toMatchObject({
      status: 400,
      body: { code: 'HTTP_REQUEST_INVALID' },
    });
    expect((await call(alice, '/nope/input', { method: 'POST', body: { callId: 'c', approved: 'yes' } })).status).toBe(400);
    expect((await call(alice, '/nope/cancel', { method: 'POST' })).body).toMatchObject({ code: 'TASK_NOT_FOUND' });
    expect((await call(alice, '?state=sleeping')).status).toBe(400);
    const unauthenticated = await fetch(`${(await runtime.kernel.get(httpServiceToken).listen()).url}/api/v1/tasks`);
    expect(unauthenticated.status).toBe(401);
  });

  it('lets a token with the tasks:admin scope list, read, answer and cancel every principal’s tasks over REST', async () => {
    const { runtime, tasks, call, alice, bob, admin } = await startRuntime();
    await using _ = runtime;
    const submit = (as: string) => call(as, '', { method: 'POST', body: { agent: 'careful', input: 'Keep the books.' } });
    const ofAlice = String((await submit(alice)).body.id);
    const ofBob = String((await submit(bob)).body.id);
    await tasks.settled(ofAlice);
    await tasks.settled(ofBob);
    // Without the scope a caller sees only its own; with it, everyone's.
    expect(((await call(alice, '')).body.tasks as { id: string }[]).map((t) => t.id)).toEqual([ofAlice]);
    expect(((await call(admin, '')).body.tasks as { id: string }[]).map((t) => t.id).sort()).toEqual([ofAlice, ofBob].sort());
    expect((await call(admin, `/${ofBob}`)).body).toMatchObject({ id: ofBob, principal: 'bob', state: 'input-required' });
    expect((await call(admin, `/${ofBob}/steps`)).status).toBe(200);
    expect((await call(admin, `/${ofBob}/input`, { method: 'POST', body: { callId: 'approval:1:w1', approved: true } })).body.state).toBe(
      'submitted',
    );
    expect((await call(admin, `/${ofAlice}/cancel`, { method: 'POST' })).body).toMatchObject({ id: ofAlice, state: 'cancelled' });
    // The tasks.* tools over REST (`POST /api/v1/tools/:name`) see the token's scopes too.
    const listTool = (as: string) => call(as, '/../tools/tasks.list', { method: 'POST', body: {} });
    const listed = (body: Record<string, unknown>) =>
      ((body.structured as { tasks: { id: string }[] }).tasks ?? []).map((t) => t.id).sort();
    expect(listed((await listTool(admin)).body)).toEqual([ofAlice, ofBob].sort());
    expect(listed((await listTool(alice)).body)).toEqual([ofAlice]);
    // What an admin submits is still its own.
    expect((await submit(admin)).body).toMatchObject({ principal: 'ops' });
    expect((await call(bob, `/${ofAlice}`)).status).toBe(404);
  });

  it('offers the tasks.* tools, scoped to the calling principal', async () => {
    const { runtime, tasks } = await startRuntime();
    await using _ = runtime;
    const registry = runtime.kernel.tools;
    const asBob = { caller: { transport: 'mcp', id: 'bob' } };
    const submitted = (await registry.call('tasks.submit', { agent: 'careful', input: 'Keep the books.' }, asBob)) as {
      structured?: TaskView;
    };
    const id = String(submitted.structured?.id);
    expect(submitted.structured).toMatchObject({ principal: 'bob', state: 'working' });
    await tasks.settled(id);
    await expect(registry.call('tasks.get', { id }, { caller: { transport: 'mcp', id: 'eve' } })).rejects.toMatchObject({
      code: 'TASK_NOT_FOUND',
    });
    expect(await registry.call('tasks.list', {}, asBob)).toMatchObject({ structured: { tasks: [{ id, state: 'input-required' }] } });
    const steps = (await registry.call('tasks.steps', { id }, asBob)) as { structured?: { steps: { callId: string; status: string }[] } };
    expect(steps.structured?.steps.find((s) => s.callId === 'approval:1:w1')?.status).toBe('started');
    const answer = { id, answer: { callId: 'approval:1:w1', approved: false } };
    await expect(registry.call('tasks.answer', answer, { caller: { transport: 'mcp', id: 'eve' } })).rejects.toMatchObject({
      code: 'TASK_NOT_FOUND',
    });
    expect(await registry.call('tasks.answer', answer, asBob)).toMatchObject({ structured: { id, state: 'submitted' } });
    expect((await tasks.settled(id)).pending).toEqual([expect.objectContaining({ callId: 'approval:2:w2' })]);
    expect(await registry.call('tasks.cancel', { id }, asBob)).toMatchObject({ structured: { state: 'cancelled' } });
    // Host code calling in-process sees every principal's tasks.
    expect(await registry.call('tasks.get', { id })).toMatchObject({ structured: { id, state: 'cancelled' } });
    expect((await tasks.settled(id)).state).toBe('cancelled');
  });

  it('lets a tool caller whose scopes carry tasks:admin list, read, answer and cancel every principal’s tasks', async () => {
    const { runtime, tasks } = await startRuntime();
    await using _ = runtime;
    const registry = runtime.kernel.tools;
    const asBob = { caller: { transport: 'mcp', id: 'bob' } };
    const asEve = { caller: { transport: 'mcp', id: 'eve', scopes: ['tasks:read'] } };
    const asOps = { caller: { transport: 'mcp', id: 'ops', scopes: ['tasks:read', 'tasks:admin'] } };
    const asHostAdmin = { caller: { transport: 'in-process', id: 'cron', scopes: ['tasks:admin'] } };
    const submitted = (await registry.call('tasks.submit', { agent: 'careful', input: 'Keep the books.' }, asBob)) as {
      structured?: TaskView;
    };
    const id = String(submitted.structured?.id);
    await tasks.settled(id);
    // The service answers the same question for other plugins' tools.
    expect([asBob, asEve, asOps, asHostAdmin].map(({ caller }) => tasks.scopeOf(caller))).toEqual(['bob', 'eve', undefined, undefined]);
    expect(tasks.scopeOf({ transport: 'rest' })).toBe('anonymous');
    expect(tasks.scopeOf({ transport: 'in-process' })).toBeUndefined();
    // Another scope is not the admin scope: eve sees nothing of bob's.
    await expect(registry.call('tasks.get', { id }, asEve)).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
    expect(await registry.call('tasks.list', {}, asEve)).toMatchObject({ structured: { tasks: [] } });
    expect(await registry.call('tasks.get', { id }, asOps)).toMatchObject({
      structured: { id, principal: 'bob', state: 'input-required' },
    });
    expect(await registry.call('tasks.list', {}, asHostAdmin)).toMatchObject({ structured: { tasks: [{ id, principal: 'bob' }] } });
    const steps = (await registry.call('tasks.steps', { id }, asOps)) as { structured?: { steps: unknown[] } };
    expect(steps.structured?.steps.length).toBeGreaterThan(0);
    const answer = { id, answer: { callId: 'approval:1:w1', approved: false } };
    expect(await registry.call('tasks.answer', answer, asOps)).toMatchObject({ structured: { id, state: 'submitted' } });
    await tasks.settled(id);
    expect(await registry.call('tasks.cancel', { id }, asHostAdmin)).toMatchObject({ structured: { id, state: 'cancelled' } });
    // What an admin submits is still its own.
    const own = (await registry.call('tasks.submit', { agent: 'careful', input: 'Audit.' }, asOps)) as { structured?: TaskView };
    expect(own.structured).toMatchObject({ principal: 'ops' });
    await expect(registry.call('tasks.get', { id: String(own.structured?.id) }, asBob)).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
  });

  it('claims a task in the commit that stores it while a worker slot is free, and only queues it while none is', async () => {
    const gate = deferred();
    const held = deferred();
    const manual = manualTimer();
    const ran: string[] = [];
    await using runtime = await startLedgerKernel(
      {
        ran: async (taskId, callId) => {
          ran.push(`${taskId} ${callId}`);
          if (ran.length === 1) {
            held.resolve();
            await gate.promise;
          }
        },
      },
      undefined,
      [tasksPlugin({ file: ':memory:', timer: manual.timer, worker: { concurrency: 1 } })],
    );
    const tasks = runtime.kernel.get(tasksServiceToken);
    // The worker's first claim (at start, finding nothing) holds the slot while in flight; a read queues behind it.
    await tasks.list();
    const first = await tasks.submit({ agent: 'bookkeeper', input: 'Keep the books.', principal: 'alice' });
    expect(first).toMatchObject({ state: 'working', worker: expect.any(String) });
    await held.promise;
    // The only slot is busy: the next task waits in the queue for it.
    const second = await tasks.submit({ agent: 'bookkeeper', input: 'Keep the books.', principal: 'alice' });
    expect(second).toMatchObject({ state: 'submitted', worker: undefined });
    gate.resolve();
    expect(await tasks.settled(first.id)).toMatchObject({ state: 'completed', output: expectedAnswer });
    expect(await tasks.settled(second.id)).toMatchObject({ state: 'completed', output: expectedAnswer });
    const log: string[] = [];
    for await (const event of await tasks.events(second.id)) if (event.type === 'status') log.push(event.data.state);
    expect(log).toEqual(['submitted', 'working', 'completed']);
  });

  it('runs tasks queued by another process on the next poll, and prunes finished ones by count', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasks-plugin-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'tasks.sqlite');
    const manual = manualTimer();
    await using runtime = await startLedgerKernel({ ran: () => {} }, undefined, [
      tasksPlugin({ file, timer: manual.timer, retention: { maxFinished: 0 } }),
    ]);
    const tasks = runtime.kernel.get(tasksServiceToken);
    // Another process queues a task in the same file; this runtime's worker finds it on its next poll.
    const other = SqliteTaskStore.open({ file });
    const { id } = await other.create({ agent: 'bookkeeper', input: { input: 'Keep the books.' }, principal: 'carol' });
    await other.close();
    const settled = tasks.settled(id);
    manual.tick();
    expect(await settled).toMatchObject({ state: 'completed', output: expectedAnswer });
    manual.tick();
    await expect(tasks.get(id)).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
  });

  it('keeps its tasks under the runtime home when given no store, creating the folder (the CLI’s layout)', async () => {
    const home = mkdtempSync(join(tmpdir(), 'tasks-home-'));
    onTestFinished(() => rmSync(home, { recursive: true, force: true }));
    const previous = process.env['CORTEX_HOME'];
    process.env['CORTEX_HOME'] = home;
    try {
      await using runtime = await startLedgerKernel({ ran: () => {} }, undefined, [tasksPlugin({})]);
      const { id } = await runtime.kernel
        .get(tasksServiceToken)
        .submit({ agent: 'bookkeeper', input: 'Keep the books.', principal: 'carol' });
      expect(existsSync(join(home, 'tasks', 'tasks.sqlite'))).toBe(true);
      const store = SqliteTaskStore.open({ file: join(home, 'tasks', 'tasks.sqlite') });
      onTestFinished(() => store.close());
      expect((await store.get(id)).principal).toBe('carol');
    } finally {
      if (previous === undefined) delete process.env['CORTEX_HOME'];
      else process.env['CORTEX_HOME'] = previous;
    }
  });

  it('refuses a store file it cannot open with TASK_STORE_UNAVAILABLE, naming no path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasks-plugin-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    // A regular file where its folder should be: neither the folder nor the store can be created.
    writeFileSync(join(dir, 'in-the-way'), 'not a folder');
    const start = startLedgerKernel({ ran: () => {} }, undefined, [tasksPlugin({ file: join(dir, 'in-the-way', 'tasks.sqlite') })]);
    const error = await start.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(JSON.stringify(error)).toContain('TASK_STORE_UNAVAILABLE');
    expect(String((error as Error).message)).not.toContain(dir);
  });
});
