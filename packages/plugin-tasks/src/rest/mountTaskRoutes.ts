import type { HttpService } from '@cortex-os/http-api';
import { z } from 'zod';
import type { TasksService } from '../service/TasksService.js';
import { mountTaskEventStream } from './mountTaskEventStream.js';
import { taskAnswerSchema, taskIdSchema, taskListSchema, taskSubmitSchema } from '../tools/taskWireSchemas.js';

const idParams = z.strictObject({ id: taskIdSchema });

/**
 * Adds the tasks REST API under the HTTP service's REST base path: `POST /tasks` (202, honours
 * `Idempotency-Key`), `GET /tasks`, `GET /tasks/:id`, `GET /tasks/:id/steps`,
 * `GET /tasks/:id/events` (Server-Sent Events, resumable with `Last-Event-ID`),
 * `POST /tasks/:id/cancel`, `POST /tasks/:id/input`. Each caller sees only the tasks its principal
 * created (unauthenticated callers share `anonymous`), unless its token carries `adminScope`
 * (default `tasks:admin`): then it lists, reads, cancels and answers every principal's tasks (what it
 * submits is still its own). Errors are problem+json with the task codes.
 * @public
 */
export function mountTaskRoutes(http: HttpService, service: TasksService, prefix = '/tasks', adminScope = 'tasks:admin'): void {
  const base = `${http.restBasePath}${prefix}`;
  const owner = (ctx: { readonly principal: string | undefined }): string => ctx.principal ?? 'anonymous';
  // The service reads every principal's tasks when given none: what an admin token may do.
  const principal = (ctx: { readonly principal: string | undefined; readonly scopes: readonly string[] }): string | undefined =>
    ctx.scopes.includes(adminScope) ? undefined : owner(ctx);
  http.route({
    method: 'POST',
    path: base,
    body: taskSubmitSchema,
    description: 'Queues an agent run as a durable task; 202 with the task. `Idempotency-Key` returns the first task for a repeated key.',
    async handler(ctx) {
      const key = ctx.headers['idempotency-key'];
      const idempotencyKey = typeof key === 'string' && key !== '' ? key : undefined;
      return { status: 202, body: await service.submit({ ...ctx.body, principal: owner(ctx), idempotencyKey }) };
    },
  });
  http.route({
    method: 'GET',
    path: base,
    query: taskListSchema,
    description: 'Lists your tasks oldest first; `state`, `limit` (≤ 500), `after` (the last id of the previous page).',
    async handler(ctx) {
      const tasks = await service.list({ ...ctx.query, principal: principal(ctx) });
      const last = tasks.at(-1);
      return { tasks, ...(last !== undefined && tasks.length === ctx.query.limit ? { next: last.id } : {}) };
    },
  });
  http.route({
    method: 'GET',
    path: `${base}/:id`,
    params: idParams,
    description: 'Reads a task: state, output or reason, and the calls waiting for a person (`pending`).',
    handler: (ctx) => service.get(ctx.params.id, principal(ctx)),
  });
  http.route({
    method: 'GET',
    path: `${base}/:id/steps`,
    params: idParams,
    description: "The task's checkpoints: every model and tool call with its input and recorded output.",
    handler: async (ctx) => ({ steps: await service.steps(ctx.params.id, principal(ctx)) }),
  });
  mountTaskEventStream(http, service, base, principal);
  http.route({
    method: 'POST',
    path: `${base}/:id/cancel`,
    params: idParams,
    description: 'Cancels a task that has not finished.',
    handler: (ctx) => service.cancel(ctx.params.id, principal(ctx)),
  });
  http.route({
    method: 'POST',
    path: `${base}/:id/input`,
    params: idParams,
    body: taskAnswerSchema,
    description: 'Answers a task waiting in input-required: `{ callId, approved }`, `{ callId, output }` or `{ callId, rerun: true }`.',
    handler: (ctx) => service.answer(ctx.params.id, ctx.body, principal(ctx)),
  });
}
