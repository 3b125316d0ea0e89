import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it, onTestFinished } from 'vitest';
import { builtFile } from '../support/builtFile.js';

// drainRuntime.mjs imports these builds.
builtFile('packages/plugin-health/dist/index.js');
builtFile('packages/plugin-http/dist/index.js');
builtFile('packages/runtime/dist/index.js');

/** Lines of the child's stdout, awaited by predicate (no sleeps). */
function lineWaiter(child: ChildProcessByStdio<Writable, Readable, null>) {
  const seen: string[] = [];
  const waiters: { test: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    seen.push(line);
    for (const w of [...waiters]) {
      if (w.test(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  return {
    seen,
    next(test: (line: string) => boolean): Promise<string> {
      const found = seen.find(test);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ test, resolve }));
    },
  };
}

/** One kept-alive socket: a first request at once, a second one when asked; collects the raw answers. */
function keptAlive(url: URL, first: string) {
  const socket = connect(Number(url.port), url.hostname);
  const host = `${url.hostname}:${url.port}`;
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    text += chunk;
  });
  const request = (path: string): Promise<void> =>
    new Promise((resolve) => socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\n\r\n`, () => resolve()));
  const opened = new Promise<void>((resolve) => socket.once('connect', () => resolve())).then(() => request(first));
  return { opened, request, text: new Promise<string>((resolve) => socket.on('close', () => resolve(text))) };
}

describe('graceful drain of a real runtime process', () => {
  it('completes 50 in-flight slow requests after SIGTERM, answers 503 to new ones, and exits 0 by itself', async () => {
    const child = spawn(process.execPath, [join(import.meta.dirname, 'drainRuntime.mjs')], { stdio: ['pipe', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    onTestFinished(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    const lines = lineWaiter(child);
    const url = new URL((await lines.next((l) => l.startsWith('listening '))).slice('listening '.length));

    // One kept-alive socket with a slow request in flight; a second request goes on it after SIGTERM.
    const pipe = keptAlive(url, '/slow');
    await pipe.opened;
    const slow = Array.from({ length: 49 }, () =>
      fetch(new URL('/slow', url)).then(async (r) => ({ status: r.status, body: (await r.json()) as unknown })),
    );
    await lines.next((l) => l === 'arrived 50');

    child.kill('SIGTERM');
    await lines.next((l) => l === 'phase closing');
    // New connections are refused once the server stopped accepting.
    await expect(fetch(new URL('/live', url))).rejects.toThrow();
    // …and a new request on a connection kept alive gets 503 with Connection: close.
    await pipe.request('/live');
    child.stdin.write('release\n');

    const answers = await Promise.all(slow);
    expect(answers).toHaveLength(49);
    for (const answer of answers) expect(answer).toEqual({ status: 200, body: { done: true } });

    const raw = await pipe.text;
    const responses = raw.split(/(?=HTTP\/1\.1 )/);
    expect(responses).toHaveLength(2);
    expect(responses[0]).toMatch(/^HTTP\/1\.1 200 /);
    expect(responses[1]).toMatch(/^HTTP\/1\.1 503 /);
    expect(responses[1]).toMatch(/\r\nconnection: close\r\n/i);
    expect(responses[1]).toMatch(/content-type: application\/problem\+json/i);
    expect(responses[1]).toContain('"code":"HTTP_SHUTTING_DOWN"');

    expect(await exited).toBe(0);
    expect(lines.seen).toContain('slow plugin stopped');
    expect(lines.seen).toContain('stopped true');
    expect(lines.seen.filter((l) => l.startsWith('phase '))).toEqual(['phase draining', 'phase closing', 'phase closed']);
  });
});
