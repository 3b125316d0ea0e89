import { httpServiceToken } from '@cortex-os/http-api';
import { describe, expect, it } from 'vitest';
import { startRuntime } from '../plugin/startTasksRuntime.js';

interface SseEvent {
  readonly id: number;
  readonly event: string;
  readonly data: { readonly state?: string; readonly status?: string; readonly callId?: string };
}

/** An SSE connection read event by event over real HTTP; `close` disconnects. */
async function connect(url: string, token: string, lastEventId?: number) {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${token}`, ...(lastEventId === undefined ? {} : { 'last-event-id': String(lastEventId) }) },
    signal: controller.signal,
  });
  const reader = (response.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  /** The next event, or undefined when the server ended the stream. */
  const next = async (): Promise<SseEvent | undefined> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = new Map(block.split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]));
        // A comment block (": …") carries no event.
        if (!fields.has('id')) continue;
        return { id: Number(fields.get('id')), event: fields.get('event') ?? '', data: JSON.parse(fields.get('data') ?? 'null') };
      }
      const chunk = await reader.read();
      if (chunk.done) return undefined;
      buffer += chunk.value;
    }
  };
  /** Reads events up to and including the first that `stop` accepts. */
  const until = async (stop: (event: SseEvent) => boolean): Promise<SseEvent[]> => {
    const seen: SseEvent[] = [];
    for (let event = await next(); event !== undefined; event = await next()) {
      seen.push(event);
      if (stop(event)) return seen;
    }
    throw new Error(`the stream ended before the awaited event; saw ${JSON.stringify(seen)}`);
  };
  return { response, next, until, close: () => controller.abort() };
}

const status = (state: string) => (event: SseEvent) => event.event === 'status' && event.data.state === state;

describe('GET /api/v1/tasks/:id/events', () => {
  it('streams status and step events; a client that reconnects with Last-Event-ID misses none and sees none twice', async () => {
    const { runtime, tasks, call, alice } = await startRuntime();
    await using _ = runtime;
    const { body } = await call(alice, '', { method: 'POST', body: { agent: 'careful', input: 'Keep the books.' } });
    const id = String(body.id);
    const url = `${(await runtime.kernel.get(httpServiceToken).listen()).url}/api/v1/tasks/${id}/events`;

    const first = await connect(url, alice);
    expect(first.response.headers.get('content-type')).toContain('text/event-stream');
    const before = await first.until(status('input-required'));
    expect(before[0]).toMatchObject({ id: 1, event: 'status', data: { state: 'submitted' } });
    expect(before.some((e) => e.event === 'step' && e.data.callId === 'approval:1:w1' && e.data.status === 'started')).toBe(true);
    first.close();

    // While no one listens, the task goes on to its next approval.
    await call(alice, `/${id}/input`, { method: 'POST', body: { callId: 'approval:1:w1', approved: true } });
    expect((await tasks.settled(id)).pending).toEqual([expect.objectContaining({ callId: 'approval:2:w2' })]);

    const last = before.at(-1)?.id ?? 0;
    const second = await connect(url, alice, last);
    const during = await second.until(status('input-required'));
    await call(alice, `/${id}/input`, { method: 'POST', body: { callId: 'approval:2:w2', approved: true } });
    const after = await second.until(status('completed'));
    // The server ends the stream after the final status.
    expect(await second.next()).toBeUndefined();

    const ids = [...before, ...during, ...after].map((e) => e.id);
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => i + 1));
    // The same events, in the same order, as the service's own log.
    const all: number[] = [];
    for await (const event of await tasks.events(id)) all.push(event.id);
    expect(all).toEqual(ids);
  });

  it('resumes with ?after=, refuses a bad event id and another principal, and ends at once for a finished task', async () => {
    const { runtime, tasks, call, alice, bob } = await startRuntime();
    await using _ = runtime;
    const { body } = await call(alice, '', { method: 'POST', body: { agent: 'careful', input: 'Keep the books.' } });
    const id = String(body.id);
    await tasks.settled(id);
    await tasks.cancel(id);
    const url = `${(await runtime.kernel.get(httpServiceToken).listen()).url}/api/v1/tasks/${id}/events`;
    const all = await connect(url, alice);
    const events = await all.until(status('cancelled'));
    expect(await all.next()).toBeUndefined();
    const tail = await connect(`${url}?after=${events.length - 2}`, alice);
    expect((await tail.until(status('cancelled'))).map((e) => e.id)).toEqual([events.length - 1, events.length]);

    const bad = await fetch(url, { headers: { authorization: `Bearer ${alice}`, 'last-event-id': 'yesterday' } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'TASK_EVENT_ID_INVALID' });
    const hidden = await fetch(url, { headers: { authorization: `Bearer ${bob}` } });
    expect(hidden.status).toBe(404);
    expect(await hidden.json()).toMatchObject({ code: 'TASK_NOT_FOUND' });
  });

  it('is tracked by the HTTP server: shutdown ends an open stream cleanly', async () => {
    const { runtime, tasks, call, alice } = await startRuntime();
    await using _ = runtime;
    const { body } = await call(alice, '', { method: 'POST', body: { agent: 'careful', input: 'Keep the books.' } });
    const id = String(body.id);
    await tasks.settled(id);
    const http = runtime.kernel.get(httpServiceToken);
    const open = await connect(`${(await http.listen()).url}/api/v1/tasks/${id}/events`, alice);
    await open.until(status('input-required'));
    expect(http.openStreams).toBe(1);
    const report = await http.shutdown();
    expect(report).toMatchObject({ outcome: 'drained', streamsEnded: 1 });
    expect(await open.next()).toBeUndefined();
  });
});
