type Print = (line: string) => void;

interface TaskEventLine {
  readonly id: string;
  readonly event: string;
  readonly data: {
    readonly state?: string;
    readonly kind?: string;
    readonly callId?: string;
    readonly status?: string;
    readonly reason?: string;
  };
}

/** Reads Server-Sent Events from a response, one parsed event at a time. */
async function* readEvents(response: Response): AsyncGenerator<TaskEventLine> {
  const reader = (response.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    buffer += chunk.value;
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const fields = new Map(
        buffer
          .slice(0, end)
          .split('\n')
          .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)] as const),
      );
      buffer = buffer.slice(end + 2);
      if (fields.has('id'))
        yield { id: fields.get('id') ?? '', event: fields.get('event') ?? '', data: JSON.parse(fields.get('data') ?? '{}') };
    }
  }
}

/** One event as a line: a status change, or a checkpoint's call and status. */
function describe(event: TaskEventLine): string {
  if (event.event === 'status')
    return `task event ${event.id}: ${event.data.state}${event.data.reason === undefined ? '' : ` (${event.data.reason})`}`;
  return `task event ${event.id}: ${event.data.kind} ${event.data.callId} ${event.data.status}`;
}

/**
 * The scribe as a durable task over REST: submit it (202), stream its events (SSE), approve the
 * note it wants to add when it waits for a person, and follow it to its end.
 */
export async function runTaskDemo(baseUrl: string, note: string, print: Print): Promise<void> {
  const tasks = `${baseUrl}/api/v1/tasks`;
  const submitted = await fetch(tasks, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ agent: 'scribe', input: `Note: ${note}` }),
  });
  const { id } = (await submitted.json()) as { id: string };
  print(`tasks: POST /api/v1/tasks → ${submitted.status}; streaming GET /api/v1/tasks/<id>/events`);
  for await (const event of readEvents(await fetch(`${tasks}/${id}/events`))) {
    print(`  ${describe(event)}`);
    if (event.event !== 'status' || event.data.state !== 'input-required') continue;
    const task = (await (await fetch(`${tasks}/${id}`)).json()) as { pending: { callId: string }[] };
    for (const { callId } of task.pending) {
      const answered = await fetch(`${tasks}/${id}/input`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ callId, approved: true }),
      });
      print(`  a person approves ${callId}: POST /api/v1/tasks/<id>/input → ${answered.status}`);
    }
  }
  const done = (await (await fetch(`${tasks}/${id}`)).json()) as { state: string; output: unknown };
  print(`  the task ended ${done.state}: ${JSON.stringify(done.output)}`);
}
