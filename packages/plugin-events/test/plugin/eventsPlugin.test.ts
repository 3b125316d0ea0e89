import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clockTicked, noteAdded, startEventsRuntime, testFolder } from './eventsRuntime.js';

const dir = testFolder();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const file = (): string => join(dir, `events-${files++}.sqlite`);

describe('eventsPlugin: recording the bus', () => {
  it('records the events of the configured patterns and no others', async () => {
    await using runtime = await startEventsRuntime({ file: file(), record: ['notes.*'] });
    const added = runtime.bus.publish(noteAdded, { id: 'n1', words: 3 });
    runtime.bus.publish(clockTicked, { at: 1 });
    await runtime.events.flush();
    // The envelope computes some attributes lazily: compare its JSON form, as stored.
    expect((await runtime.events.log.query()).events).toEqual([JSON.parse(JSON.stringify(added))]);
    expect(runtime.events.stats()).toEqual({ recorded: 1, dropped: 0, pending: 0 });
  });

  it('keeps what it recorded across a restart of the runtime on the same file', async () => {
    const path = file();
    let id: string;
    {
      await using first = await startEventsRuntime({ file: path });
      id = first.bus.publish(noteAdded, { id: 'n1', words: 1 }).id;
      await first.events.flush();
    }
    await using second = await startEventsRuntime({ file: path });
    expect((await second.call('/a2a/events?type=notes.added')).body.events?.map((e) => e.id)).toEqual([id]);
  });

  it('drops and counts what overflows its bounded buffer, and records the rest', async () => {
    await using runtime = await startEventsRuntime({ file: file(), maxPending: 2 });
    // Published in one synchronous burst: the first is being written, two wait, seven find the buffer full.
    for (let i = 0; i < 10; i++) runtime.bus.publish(noteAdded, { id: `n${i}`, words: i });
    await runtime.events.flush();
    expect(runtime.events.stats()).toEqual({ recorded: 3, dropped: 7, pending: 0 });
    expect((await runtime.events.log.query()).events.map((e) => (e.data as { id: string }).id)).toEqual(['n0', 'n1', 'n2']);
  });

  it('prunes by count when asked', async () => {
    await using runtime = await startEventsRuntime({ file: file(), retention: { maxEvents: 2 } });
    for (let i = 0; i < 5; i++) runtime.bus.publish(noteAdded, { id: `n${i}`, words: i });
    await runtime.events.flush();
    expect(await runtime.events.prune()).toBe(3);
    expect((await runtime.events.log.query()).events.map((e) => (e.data as { id: string }).id)).toEqual(['n3', 'n4']);
  });
});

describe('POST /a2a/events/{type}', () => {
  it('publishes a valid event on the bus and answers 201 once it is in the log', async () => {
    await using runtime = await startEventsRuntime({ file: file(), record: ['clock.*'] });
    const posted = await runtime.call('/a2a/events/notes.added', {
      method: 'POST',
      body: { id: 'c-1', source: '/client', subject: 'n1', correlationid: 'corr-9', data: { id: 'n1', words: 4 } },
    });
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({
      type: 'notes.added',
      source: '/client',
      subject: 'n1',
      correlationid: 'corr-9',
      data: { id: 'n1', words: 4 },
    });
    expect(runtime.seen.map((e) => e.id)).toEqual([posted.body['id']]);
    // Posted events are logged even when their type is not one the recorder keeps.
    expect((await runtime.events.log.query()).events).toEqual([posted.body]);
  });

  it('answers a repeated id + source with the first event, 200, and publishes nothing again', async () => {
    await using runtime = await startEventsRuntime({ file: file() });
    const body = { id: 'c-1', source: '/client', data: { id: 'n1', words: 4 } };
    const first = await runtime.call('/a2a/events/notes.added', { method: 'POST', body });
    const again = await runtime.call('/a2a/events/notes.added', { method: 'POST', body: { ...body, data: { id: 'n1', words: 5 } } });
    const other = await runtime.call('/a2a/events/notes.added', { method: 'POST', body: { ...body, source: '/other' } });
    expect([first.status, again.status, other.status]).toEqual([201, 200, 201]);
    expect(again.body).toEqual(first.body);
    await runtime.events.flush();
    expect(runtime.seen.map((e) => e.id)).toEqual([first.body['id'], other.body['id']]);
    expect((await runtime.events.log.query()).events.map((e) => e.id)).toEqual([first.body['id'], other.body['id']]);
  });

  it('publishes concurrent copies of one id + source once', async () => {
    await using runtime = await startEventsRuntime({ file: file() });
    const body = { id: 'c-2', source: '/client', data: { id: 'n2', words: 1 } };
    const answers = await Promise.all(Array.from({ length: 5 }, () => runtime.call('/a2a/events/notes.added', { method: 'POST', body })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body['id'])).size).toBe(1);
    expect(runtime.seen).toHaveLength(1);
  });

  it('answers an unknown type 404 and invalid data 400 naming every bad field, publishing nothing', async () => {
    await using runtime = await startEventsRuntime({ file: file() });
    const unknown = await runtime.call('/a2a/events/notes.archived', { method: 'POST', body: { data: {} } });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({
      code: 'EVENTLOG_TYPE_UNKNOWN',
      detail: 'Event type "notes.archived" has no registered event contract.',
    });
    const invalid = await runtime.call('/a2a/events/notes.added', { method: 'POST', body: { data: { id: '', words: -1, extra: 1 } } });
    expect(invalid.status).toBe(400);
    expect(invalid.body['code']).toBe('CONTRACT_VALIDATION_FAILED');
    expect((invalid.body['errors'] as { path: string }[]).map((e) => e.path).sort()).toEqual(['', 'id', 'words']);
    const badBody = await runtime.call('/a2a/events/notes.added', { method: 'POST', body: { data: { id: 'x', words: 1 }, spec: 1 } });
    expect(badBody.status).toBe(400);
    expect(runtime.seen).toEqual([]);
  });

  it('claims no /a2a/* path but its own: /a2a/jsonrpc and /a2a/rest stay free for the A2A protocol', async () => {
    await using runtime = await startEventsRuntime({ file: file() });
    for (const [method, path] of [
      ['POST', '/a2a/jsonrpc'],
      ['POST', '/a2a/rest/message:send'],
      ['GET', '/a2a/rest/tasks/t-1'],
      ['POST', '/a2a/notes.added'],
      ['GET', '/a2a/eventsx'],
    ] as const) {
      const answer = await runtime.call(path, { method, ...(method === 'POST' ? { body: { data: { id: 'n1', words: 1 } } } : {}) });
      expect({ path, status: answer.status }).toEqual({ path, status: 404 });
      expect(answer.body['code']).not.toMatch(/^EVENTLOG_/);
    }
    expect(runtime.seen).toEqual([]);
  });

  it('refuses 403 a type outside rest.publishable, before looking at its data', async () => {
    await using runtime = await startEventsRuntime({ file: file(), rest: { publishable: ['notes.*'] } });
    const refused = await runtime.call('/a2a/events/clock.ticked', { method: 'POST', body: { data: 'not even valid' } });
    expect(refused.status).toBe(403);
    // Forbidden answers name no more than the code (the edge's exposure rule for `forbidden`).
    expect(refused.body).toMatchObject({ code: 'EVENTLOG_PUBLISH_FORBIDDEN', detail: 'This request is not allowed here.' });
    expect((await runtime.call('/a2a/events/notes.added', { method: 'POST', body: { data: { id: 'n', words: 1 } } })).status).toBe(201);
    expect(runtime.seen.map((e) => e.type)).toEqual(['notes.added']);
  });

  it('refuses a request without a valid bearer token', async () => {
    await using runtime = await startEventsRuntime({ file: file() });
    expect(
      (await runtime.call('/a2a/events/notes.added', { method: 'POST', body: { data: { id: 'n', words: 1 } }, token: null })).status,
    ).toBe(401);
    expect((await runtime.call('/a2a/events', { token: 'wrong' })).status).toBe(401);
    expect(runtime.seen).toEqual([]);
  });
});

describe('GET /a2a/events', () => {
  it('pages through the log with the cursor and filters by type, source, correlation id and time', async () => {
    await using runtime = await startEventsRuntime({ file: file() });
    for (let i = 0; i < 5; i++) runtime.bus.publish(noteAdded, { id: `n${i}`, words: i }, { correlationId: i % 2 === 0 ? 'even' : 'odd' });
    runtime.bus.publish(clockTicked, { at: 1 }, { source: '/clock' });
    await runtime.events.flush();
    const ids: string[] = [];
    let path = '/a2a/events?type=notes.*&limit=2';
    for (;;) {
      const page = await runtime.call(path);
      expect(page.status).toBe(200);
      ids.push(...(page.body.events ?? []).map((e) => (e.data as { id: string }).id));
      if (page.body.next === undefined) break;
      path = `/a2a/events?type=notes.*&limit=2&after=${page.body.next}`;
    }
    expect(ids).toEqual(['n0', 'n1', 'n2', 'n3', 'n4']);
    expect((await runtime.call('/a2a/events?correlationid=even')).body.events).toHaveLength(3);
    expect((await runtime.call('/a2a/events?source=%2Fclock')).body.events?.map((e) => e.type)).toEqual(['clock.ticked']);
    const last = runtime.seen.at(-1)?.time ?? '';
    expect((await runtime.call(`/a2a/events?since=${encodeURIComponent(last)}`)).body.events?.map((e) => e.type)).toContain('clock.ticked');
    expect((await runtime.call(`/a2a/events?until=${encodeURIComponent('2000-01-01T00:00:00Z')}`)).body.events).toEqual([]);
  });

  it('answers a bad cursor, limit or time 400 with a typed code', async () => {
    await using runtime = await startEventsRuntime({ file: file() });
    const cursor = await runtime.call('/a2a/events?after=zz');
    expect(cursor).toMatchObject({ status: 400, body: { code: 'EVENTLOG_QUERY_INVALID' } });
    expect((await runtime.call('/a2a/events?limit=5000')).status).toBe(400);
    expect((await runtime.call('/a2a/events?since=yesterday')).status).toBe(400);
    expect((await runtime.call('/a2a/events?type=notes.*.x')).body['code']).toBe('EVENTLOG_QUERY_INVALID');
  });
});
