import { type HttpService, httpResponse } from '@cortex-os/http-api';
import { z } from 'zod';
import { TaskError } from '../errors/TaskError.js';
import type { TasksService } from '../service/TasksService.js';
import type { TaskEvent } from '../store/TaskRecord.js';
import { taskIdSchema } from '../tools/taskWireSchemas.js';

const eventIdPattern = /^\d{1,15}$/;

/** The event id to resume after: `Last-Event-ID` (a reconnecting EventSource sends it) wins over `?after=`. */
function resumeAfter(header: string | string[] | undefined, query: string | undefined): number {
  const raw = typeof header === 'string' && header !== '' ? header : (query ?? '0');
  if (!eventIdPattern.test(raw))
    throw new TaskError(
      'TASK_EVENT_ID_INVALID',
      `The event id "${raw.slice(0, 40)}" is not an id of a task event: a whole number, 0 or more.`,
      {
        details: { id: raw.slice(0, 40) },
      },
    );
  return Number(raw);
}

/** One event in the SSE wire format: its id (to resume after), its type, its JSON. */
function toSse(event: TaskEvent): string {
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

/** The stream: a comment first (so the client has its headers at once), then every event. */
async function* sse(events: AsyncIterable<TaskEvent>, taskId: string): AsyncGenerator<string, void, undefined> {
  yield `: events of task ${taskId}\n\n`;
  for await (const event of events) yield toSse(event);
}

/**
 * Adds `GET <base>/:id/events`: the task's events as Server-Sent Events (`id:` 1, 2, 3…,
 * `event: status` or `step`, `data:` JSON). A client that reconnects with `Last-Event-ID` (or
 * `?after=`) gets exactly the events after that id. The stream ends after the task's final
 * status; the HTTP server tracks it (`trackStream`), so its shutdown ends the stream cleanly.
 */
export function mountTaskEventStream(
  http: HttpService,
  service: TasksService,
  base: string,
  principal: (ctx: { readonly principal: string | undefined; readonly scopes: readonly string[] }) => string | undefined,
): void {
  http.route({
    method: 'GET',
    path: `${base}/:id/events`,
    params: z.strictObject({ id: taskIdSchema }),
    query: z.strictObject({ after: z.string().max(40).optional() }),
    description: "The task's status and step events as Server-Sent Events; resume with Last-Event-ID.",
    async handler(ctx) {
      const afterId = resumeAfter(ctx.headers['last-event-id'], ctx.query.after);
      const events = await service.events(ctx.params.id, { afterId, principal: principal(ctx), signal: ctx.signal });
      return httpResponse({
        status: 200,
        headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' },
        body: sse(events, ctx.params.id),
      });
    },
  });
}
