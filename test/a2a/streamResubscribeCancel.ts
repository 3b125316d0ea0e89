// One check shared by the binding tests: a client streams a blocked task, re-subscribes to it,
// cancels it, and both subscriptions end with the task canceled.
import { type StreamResponse, TaskState } from '@a2a-js/sdk';
import type { Client } from '@a2a-js/sdk/client';
import { expect } from 'vitest';
import { userMessage } from './fixtures.js';

/** Runs the check over `client` (its agent must block until canceled); returns the task's id. */
export async function streamResubscribeCancel(client: Client): Promise<string> {
  const stream = client.sendMessageStream({ tenant: '', message: userMessage('Wait.'), configuration: undefined, metadata: undefined });
  const first = (await stream.next()).value as StreamResponse;
  if (first.payload?.$case !== 'task') throw new Error('expected the task first');
  const id = first.payload.value.id;
  const again = client.resubscribeTask({ tenant: '', id });
  expect((await again.next()).done).toBe(false); // the request goes out on the first read
  const canceled = await client.cancelTask({ tenant: '', id, metadata: undefined });
  expect(canceled.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
  const seen: StreamResponse[] = [];
  for await (const event of again) seen.push(event);
  const last = seen.at(-1)?.payload;
  expect(last?.$case === 'statusUpdate' && last.value.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
  const rest: StreamResponse[] = [];
  for await (const event of stream) rest.push(event);
  const end = rest.at(-1)?.payload;
  expect(end?.$case === 'statusUpdate' && end.value.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
  return id;
}
