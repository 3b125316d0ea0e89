import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
// The worker is Python, shipped as is (no build); its mlx modules are the package's test doubles.
import { fakeMlxEnv, shippedWorker } from '../../packages/plugin-mlx/test/fixtures/workerEnv.js';

describe('cortex_mlx_worker.py spoken to directly', () => {
  it('answers malformed, oversized, id-less and unknown requests with error lines and keeps serving', async () => {
    const child = spawn('python3', ['-u', shippedWorker, '--max-line-bytes', '200'], {
      env: { ...process.env, ...fakeMlxEnv },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const next = async (): Promise<Record<string, unknown>> => JSON.parse((await lines.next()).value as string) as Record<string, unknown>;
    try {
      expect(await next()).toMatchObject({ id: null, type: 'ready', protocol: 1 });
      child.stdin.write('{"id":"1", not json\n');
      expect(await next()).toMatchObject({ id: '1', type: 'error', error: { code: 'bad_request' } });
      child.stdin.write(`{"id":"2","op":"embed","model":"e","texts":["${'x'.repeat(500)}"]}\n`);
      expect(await next()).toEqual({
        id: '2',
        type: 'error',
        error: { code: 'line_too_long', message: 'request line exceeds the 200 byte limit' },
      });
      child.stdin.write('{"op":"health"}\n');
      expect(await next()).toMatchObject({
        id: null,
        type: 'error',
        error: { code: 'bad_request', message: 'malformed request line: a request must be an object with a string id' },
      });
      child.stdin.write('{"id":"3","op":"dance"}\n');
      expect(await next()).toEqual({ id: '3', type: 'error', error: { code: 'bad_request', message: "unknown op 'dance'" } });
      child.stdin.write('{"id":"4","op":"generate","model":"m","messages":"nope"}\n');
      expect(await next()).toEqual({ id: '4', type: 'error', error: { code: 'bad_request', message: "field 'messages' must be a list" } });
      child.stdin.write('{"id":"5","op":"health"}\n');
      expect(await next()).toMatchObject({ id: '5', type: 'result', result: { available: true } });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.stdin.write('{"id":"6","op":"shutdown"}\n');
      expect(await exited).toBe(0);
    } finally {
      child.kill();
    }
  });
});
