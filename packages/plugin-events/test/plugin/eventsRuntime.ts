import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpServiceToken } from '@cortex-os/http-api';
import { type CloudEvent, defineEvent, definePlugin, type EventBusTransport, kernelTokens } from '@cortex-os/kernel';
import { createTestKernel, type TestKernel } from '@cortex-os/kernel/testing';
import { type EventsPluginOptionsInput, eventsPlugin, eventsServiceToken } from '@cortex-os/plugin-events';
import { httpPlugin } from '@cortex-os/plugin-http';
import { z } from 'zod';

/** The test runtime's event types. */
export const noteAdded = defineEvent({
  type: 'notes.added',
  version: '1.0.0',
  data: z.strictObject({ id: z.string().min(1), words: z.number().int().min(0) }),
});
export const noteRemoved = defineEvent({ type: 'notes.removed', version: '1.0.0', data: z.strictObject({ id: z.string() }) });
export const clockTicked = defineEvent({ type: 'clock.ticked', version: '1.0.0', data: z.strictObject({ at: z.number() }) });

const notesPlugin = definePlugin({ name: 'notes', version: '1.0.0', events: [noteAdded, noteRemoved, clockTicked] });

/** A folder of its own for a test's log files. */
export function testFolder(): string {
  return mkdtempSync(join(tmpdir(), 'events-plugin-'));
}

/**
 * A runtime with the HTTP plugin on 127.0.0.1 (one bearer token), the notes events and the events
 * plugin; `call` sends a request with the token (or `token: null` for none). Dispose it to stop.
 */
export async function startEventsRuntime(
  options: EventsPluginOptionsInput,
  http: { readonly allowedOrigins?: readonly string[] } = {},
  eventTransport?: EventBusTransport,
) {
  const token = randomUUID();
  const kernel: TestKernel = createTestKernel({
    ...(eventTransport === undefined ? {} : { eventTransport }),
    plugins: [
      httpPlugin({
        host: '127.0.0.1',
        port: 0,
        metrics: { enabled: false, path: '/metrics', defaultMetrics: false },
        tracing: { enabled: false },
        auth: { tokens: [{ token, principal: 'alice' }] },
        ...http,
      }),
      notesPlugin(),
      eventsPlugin(options),
    ],
  });
  await kernel.start();
  const base = (await kernel.get(httpServiceToken).listen()).url;
  const bus = kernel.get(kernelTokens.events);
  const seen: CloudEvent[] = [];
  bus.subscribe('*', (event) => void seen.push(event));
  const call = async (path: string, init: { method?: string; body?: unknown; token?: string | null } = {}) => {
    const auth = init.token === null ? {} : { authorization: `Bearer ${init.token ?? token}` };
    const response = await fetch(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers: { ...auth, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & { events?: CloudEvent[]; next?: string } };
  };
  return {
    kernel,
    bus,
    base,
    token,
    /** Every event the bus delivered in this process, in order. */
    seen,
    events: kernel.get(eventsServiceToken),
    call,
    [Symbol.asyncDispose]: async (): Promise<void> => {
      await kernel.stop();
    },
  };
}
