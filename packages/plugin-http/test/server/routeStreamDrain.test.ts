import { request as httpRequest } from 'node:http';
import { createHttpServer } from '@cortex-os/plugin-http';
import { describe, expect, it } from 'vitest';

interface StreamedAnswer {
  readonly status: number;
  readonly body: string;
  /** True when the response ended cleanly (the chunked body's last chunk arrived). */
  readonly complete: boolean;
}

/** A GET whose body is collected; resolves once the response ended or was cut. */
function stream(url: string, onFirstChunk: () => void): Promise<StreamedAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (body === '') onFirstChunk();
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, complete: res.complete }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function gate(): { readonly opened: Promise<void>; open(): void } {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

describe('a route whose body is a stream, at shutdown', () => {
  it('is tracked: the producer is told through the signal, the response ends cleanly and the drain completes', async () => {
    const log: string[] = [];
    const server = createHttpServer();
    server.route({
      method: 'GET',
      path: '/feed',
      handler: (context) => {
        async function* feed(): AsyncGenerator<string> {
          try {
            yield 'data: 1\n\n';
            await untilAborted(context.signal);
            log.push(`producer told: ${(context.signal.reason as { code?: string }).code}`);
            yield 'data: bye\n\n';
          } finally {
            log.push('producer finally');
          }
        }
        return { status: 200, headers: { 'content-type': 'text/event-stream' }, body: feed() };
      },
    });
    const { url } = await server.listen();
    const first = gate();
    const answer = stream(`${url}/feed`, first.open);
    await first.opened;
    expect(server.openStreams).toBe(1);

    const report = await server.shutdown();
    expect(report).toEqual({ outcome: 'drained', cut: 0, streamsEnded: 1 });
    const { status, body, complete } = await answer;
    expect(status).toBe(200);
    expect(complete).toBe(true);
    // Told within its grace, the producer sent its final event and returned.
    expect(body).toBe('data: 1\n\ndata: bye\n\n');
    expect(log).toEqual(['producer told: HTTP_SHUTTING_DOWN', 'producer finally']);
    expect(server.openStreams).toBe(0);
  });

  it('ends cleanly even when the producer ignores the signal and never yields again', async () => {
    const server = createHttpServer({ drain: { deadlineMs: 60_000, streamGraceMs: 10 } });
    server.route({
      method: 'GET',
      path: '/stuck-feed',
      handler: () => {
        async function* feed(): AsyncGenerator<string> {
          yield 'data: 1\n\n';
          await new Promise(() => undefined);
        }
        return feed();
      },
    });
    const { url } = await server.listen();
    const first = gate();
    const answer = stream(`${url}/stuck-feed`, first.open);
    await first.opened;

    expect(await server.shutdown()).toEqual({ outcome: 'drained', cut: 0, streamsEnded: 1 });
    expect(await answer).toEqual({ status: 200, body: 'data: 1\n\n', complete: true });
  });

  it('stops being tracked when it ends by itself', async () => {
    const server = createHttpServer();
    server.route({
      method: 'GET',
      path: '/short',
      handler: () => {
        async function* feed(): AsyncGenerator<string> {
          yield 'a';
          yield 'b';
        }
        return feed();
      },
    });
    const { url } = await server.listen();
    expect(await stream(`${url}/short`, () => undefined)).toEqual({ status: 200, body: 'ab', complete: true });
    expect(server.openStreams).toBe(0);
    expect(await server.shutdown()).toEqual({ outcome: 'drained', cut: 0, streamsEnded: 0 });
  });
});
