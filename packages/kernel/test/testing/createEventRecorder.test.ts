import { AssertionError } from 'node:assert';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { defineEvent, definePlugin, defineTool, type CloudEvent } from '@cortex-os/kernel';
import { createContractRegistry, createEventBus } from '@cortex-os/kernel/internal';
import { createEventRecorder, createTestKernel, rejectionOf } from '@cortex-os/kernel/testing';

const noteAdded = defineEvent({ type: 'notes.added', version: '1.0.0', data: z.object({ id: z.string() }) });
const noteRemoved = defineEvent({ type: 'notes.removed', version: '1.0.0', data: z.object({ id: z.string() }) });
const userJoined = defineEvent({ type: 'users.joined', version: '1.0.0', data: z.object({ name: z.string() }) });

function newBus(replay = 0) {
  const contracts = createContractRegistry();
  for (const event of [noteAdded, noteRemoved, userJoined]) contracts.register(event);
  return createEventBus({ contracts, replay });
}

async function assertionFailure(wait: Promise<unknown>): Promise<AssertionError> {
  const failure = await rejectionOf(wait);
  expect(failure).toBeInstanceOf(AssertionError);
  return failure as AssertionError;
}

describe('createEventRecorder', () => {
  it('records every event by default, in publish order, handing out snapshots', () => {
    const bus = newBus();
    using recorder = createEventRecorder(bus);
    bus.publish(noteAdded, { id: 'n1' });
    const before = recorder.events;
    bus.publish(userJoined, { name: 'Ada' });
    expect(recorder.pattern).toBe('*');
    expect(before.map((e) => e.type)).toEqual(['notes.added']);
    expect(recorder.events.map((e) => e.type)).toEqual(['notes.added', 'users.joined']);
  });

  it('records only what matches a pattern or an event definition, typed by the definition', () => {
    const bus = newBus();
    using notes = createEventRecorder(bus, 'notes.*');
    using added = createEventRecorder(bus, noteAdded);
    bus.publish(noteAdded, { id: 'n1' });
    bus.publish(userJoined, { name: 'Ada' });
    bus.publish(noteRemoved, { id: 'n1' });
    expect(notes.events.map((e) => e.type)).toEqual(['notes.added', 'notes.removed']);
    expect(added.pattern).toBe('notes.added');
    expect(added.events.map((e) => e.data.id)).toEqual(['n1']);
    expectTypeOf(added.events).toEqualTypeOf<readonly CloudEvent<{ id: string }>[]>();
  });

  it('next() resolves with the next event published after the call, not one already recorded', async () => {
    const bus = newBus();
    using recorder = createEventRecorder(bus, noteAdded);
    bus.publish(noteAdded, { id: 'old' });
    const next = recorder.next();
    bus.publish(noteAdded, { id: 'new' });
    expect((await next).data.id).toBe('new');
  });

  it('waitFor() resolves with a recorded event that matches, or the first one to come', async () => {
    const bus = newBus();
    using recorder = createEventRecorder(bus, noteAdded);
    bus.publish(noteAdded, { id: 'n1' });
    expect((await recorder.waitFor((e) => e.data.id === 'n1')).data.id).toBe('n1');
    const later = recorder.waitFor((e) => e.data.id === 'n3');
    bus.publish(noteAdded, { id: 'n2' });
    bus.publish(noteAdded, { id: 'n3' });
    bus.publish(noteAdded, { id: 'n3' });
    expect(await later).toBe(recorder.events[2]);
  });

  it('rejects a wait with the error its predicate threw', async () => {
    const bus = newBus();
    using recorder = createEventRecorder(bus, noteAdded);
    const broken = new Error('bad predicate');
    const thrower = (): boolean => {
      throw broken;
    };
    const waiting = recorder.waitFor(thrower);
    bus.publish(noteAdded, { id: 'n1' });
    expect(await rejectionOf(waiting)).toBe(broken);
    expect(await rejectionOf(recorder.waitFor(thrower))).toBe(broken);
  });

  it('unsubscribes on dispose and fails pending waits, naming the pattern and what was recorded', async () => {
    const bus = newBus();
    const recorder = createEventRecorder(bus, 'notes.*');
    bus.publish(noteAdded, { id: 'n1' });
    const pending = recorder.waitFor((e) => e.type === 'notes.removed');
    expect(bus.stats().subscriptions).toBe(1);
    recorder[Symbol.dispose]();
    expect(bus.stats().subscriptions).toBe(0);
    const failure = await assertionFailure(pending);
    expect(failure.message).toBe(
      'Waited for an event satisfying the predicate of "notes.*", but the recorder was disposed; recorded notes.added.',
    );
    bus.publish(noteRemoved, { id: 'n1' });
    expect(recorder.events).toHaveLength(1);
    expect((await assertionFailure(recorder.next())).message).toBe(
      'Waited for the next event of "notes.*", but the recorder was disposed; recorded notes.added.',
    );
  });

  it('fails pending and later waits once the bus completes', async () => {
    const bus = newBus();
    using recorder = createEventRecorder(bus, noteAdded);
    const pending = recorder.next();
    await bus.complete();
    expect((await assertionFailure(pending)).message).toBe(
      'Waited for the next event of "notes.added", but the event bus completed (was the kernel stopped?); recorded none.',
    );
    using late = createEventRecorder(bus, noteAdded);
    expect((await assertionFailure(late.next())).message).toContain('the event bus completed');
  });

  it('gives up when the signal aborts, keeping its reason as cause', async () => {
    const bus = newBus();
    using recorder = createEventRecorder(bus, noteAdded);
    const controller = new AbortController();
    const pending = recorder.next({ signal: controller.signal });
    const reason = new Error('took too long');
    controller.abort(reason);
    const failure = await assertionFailure(pending);
    expect(failure.message).toBe('Waited for the next event of "notes.added", but the wait was aborted; recorded none.');
    expect(failure.cause).toBe(reason);
    expect((await assertionFailure(recorder.waitFor(() => true, { signal: controller.signal }))).cause).toBe(reason);
    // The aborted wait is gone: a later event resolves only the wait still pending.
    const next = recorder.next();
    bus.publish(noteAdded, { id: 'n1' });
    expect((await next).data.id).toBe('n1');
  });

  it('lists only the last ten types recorded when a wait fails', async () => {
    const bus = newBus();
    const recorder = createEventRecorder(bus);
    for (let n = 1; n <= 12; n++) bus.publish(noteAdded, { id: `n${n}` });
    const pending = recorder.next();
    recorder[Symbol.dispose]();
    expect((await assertionFailure(pending)).message).toContain(
      `recorded 12 events, the last 10: ${Array(10).fill('notes.added').join(', ')}.`,
    );
  });

  it('records retained events first with replay', () => {
    const bus = newBus(5);
    bus.publish(noteAdded, { id: 'early' });
    using replaying = createEventRecorder(bus, noteAdded, { replay: true });
    using live = createEventRecorder(bus, noteAdded);
    bus.publish(noteAdded, { id: 'late' });
    expect(replaying.events.map((e) => e.data.id)).toEqual(['early', 'late']);
    expect(live.events.map((e) => e.data.id)).toEqual(['late']);
  });

  it("awaits a kernel's tool events with await using", async () => {
    const echoPlugin = definePlugin({
      name: 'echo',
      version: '1.0.0',
      start({ tools }) {
        tools.register(
          defineTool({ name: 'echo', description: 'Echoes.', input: z.object({ text: z.string() }), handler: ({ text }) => text }),
        );
      },
    });
    await using kernel = createTestKernel({ plugins: [echoPlugin()] });
    await kernel.start();
    await using executions = createEventRecorder(kernel.events, 'tool.execution.*');
    await kernel.tools.call('echo', { text: 'hi' });
    const completed = await executions.waitFor((e) => e.type === 'tool.execution.completed');
    expect(completed.data).toMatchObject({ tool: 'echo', caller: 'in-process' });
    expect(executions.events.map((e) => e.type)).toEqual(['tool.execution.started', 'tool.execution.completed']);
  });
});
