// A plan task submitted over REST with its options: `POST /api/v1/tasks` takes `params`, the plan
// task runner checks them when the task is submitted (zod, strict), and a bad option is a 400 with
// CEREBRUM_PLAN_TASK_INVALID naming each field — nothing is stored, no worker ever sees it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpServiceToken } from '@cortex-os/http-api';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { planTaskRunnerName, travelTaskRunnerName } from '@cortex-os/plugin-cerebrum';
import { httpPlugin } from '@cortex-os/plugin-http';
import { tasksServiceToken } from '@cortex-os/plugin-tasks';
import { afterAll, describe, expect, it } from 'vitest';
import { planReply, startPlanKernel, type ToolCounts } from './planTaskKernel.js';

const dir = mkdtempSync(join(tmpdir(), 'cerebrum-rest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const http = httpPlugin({
  host: '127.0.0.1',
  port: 0,
  metrics: { enabled: false, path: '/metrics', defaultMetrics: false },
  tracing: { enabled: false },
});
const plan = planReply([
  { id: 'a', tool: 'page.fetch', input: { page: 'otters' } },
  { id: 'c', tool: 'notes.write', dependsOn: ['a'], inputsFrom: { a: 'a', b: 'a' } },
]);

describe('plan tasks over REST', () => {
  it('takes plan options as params, checked when submitted: typed 400s, nothing stored for a bad one', async () => {
    const counts: ToolCounts = {};
    const { kernel, model } = await startPlanKernel(join(dir, 'tasks.sqlite'), [plan], counts, {}, [http]);
    try {
      const tasks = kernel.get(tasksServiceToken);
      const url = `${(await kernel.get(httpServiceToken).listen()).url}/api/v1/tasks`;
      const post = (body: unknown) =>
        fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

      const params = { tools: ['page.fetch', 'notes.write'], localOnly: true, maxSteps: 3, context: ['Notes are short.'] };
      const accepted = await post({ agent: planTaskRunnerName, input: 'Save a note about otters', params });
      expect(accepted.status).toBe(202);
      const { id } = (await accepted.json()) as { id: string };
      const done = await tasks.settled(id);
      expect(done).toMatchObject({ state: 'completed', output: { ran: ['a', 'c'] } });
      // The options reached the planner: its context and its step bound.
      const request = model.requests[0];
      expect(JSON.stringify(request?.messages)).toContain('Notes are short.');
      expect(JSON.stringify(request?.messages)).toContain('at most 3 steps');

      const bad = await post({
        agent: planTaskRunnerName,
        input: 'Save a note',
        params: { maxSteps: 0, tools: 'notes.write', colour: 'red' },
      });
      expect(bad.status).toBe(400);
      // A problem document (RFC 9457) whose detail names every field that is wrong, and where.
      const error = (await bad.json()) as { code: string; detail: string };
      expect(error.code).toBe('CEREBRUM_PLAN_TASK_INVALID');
      expect(error.detail).toContain('tools: Invalid input: expected array, received string');
      expect(error.detail).toContain('maxSteps: Too small: expected number to be >=1');
      expect(error.detail).toContain('(input): Unrecognized key: "colour"');
      // Params that are not an object are the route's own 400; a time-travel task is checked by its runner too.
      expect((await post({ agent: planTaskRunnerName, input: 'Save a note', params: ['x'] })).status).toBe(400);
      const travel = await post({ agent: travelTaskRunnerName, input: 'x', params: { agent: 'a' } });
      expect([travel.status, ((await travel.json()) as { code: string }).code]).toEqual([400, 'CEREBRUM_TRAVEL_INVALID']);
      // In-process callers get the same typed error; only the good task was ever stored.
      await expectCortexError(
        tasks.submit({ agent: planTaskRunnerName, input: 'x', params: { maxSteps: 'many' }, principal: 'ada' }),
        'CEREBRUM_PLAN_TASK_INVALID',
      );
      expect((await tasks.list({})).map((task) => task.id)).toEqual([id]);
    } finally {
      await kernel.stop();
    }
  });
});
