import { describe, expect, it } from 'vitest';
import { createPythonWorkerBridge, type PythonWorkerLogEntry } from '@cortex-os/plugin-mlx';
import { expectCortexError, rejectionOf } from '@cortex-os/kernel/testing';
import { fakeMlxEnv, rogueWorker } from '../fixtures/workerEnv.js';

const user = (content: string): unknown[] => [{ role: 'user', content }];

interface Generated {
  text: string;
  finish_reason: string;
}

describe('createPythonWorkerBridge with the real worker', () => {
  it('answers concurrent requests by id and streams tokens to the right caller', async () => {
    await using bridge = createPythonWorkerBridge({ env: fakeMlxEnv });
    const tokensA: string[] = [];
    const tokensB: string[] = [];
    const [a, b, health, vectors] = await Promise.all([
      bridge.request<Generated>('generate', { model: 'm', messages: user('one two'), stream: true }, { onToken: (t) => tokensA.push(t) }),
      bridge.request<Generated>('generate', { model: 'm', messages: user('three'), stream: true }, { onToken: (t) => tokensB.push(t) }),
      bridge.request<{ available: boolean; mlx_version: string; metal: boolean }>('health'),
      bridge.request<{ vectors: number[][] }>('embed', { model: 'e', texts: ['abc'] }),
    ]);
    expect(a).toMatchObject({ text: 'echo: one two', finish_reason: 'stop' });
    expect(tokensA).toEqual(['echo:', ' one', ' two']);
    expect(b.text).toBe('echo: three');
    expect(tokensB).toEqual(['echo:', ' three']);
    expect(health).toMatchObject({ available: true, mlx_version: '0.0.0+testdouble', metal: true });
    expect(vectors.vectors).toHaveLength(1);
    expect(bridge.pid).toBeTypeOf('number');
  });

  it('times out a request, cancels it in the worker, and keeps serving', async () => {
    await using bridge = createPythonWorkerBridge({ env: fakeMlxEnv });
    const error = await expectCortexError(
      bridge.request('generate', { model: 'm', messages: user('__slow__') }, { timeoutMs: 300 }),
      'MLX_WORKER_TIMEOUT',
    );
    expect(error.message).toBe('The MLX worker did not answer "generate" within 300 ms; the request was cancelled.');
    // The next generation needs the model lock, so it only completes if the worker really stopped the slow one.
    expect((await bridge.request<Generated>('generate', { model: 'm', messages: user('after') })).text).toBe('echo: after');
  });

  it("cancels through the caller's signal: rejects with its reason, the worker stops and stays up", async () => {
    await using bridge = createPythonWorkerBridge({ env: fakeMlxEnv });
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    const error = await rejectionOf(
      bridge.request(
        'generate',
        { model: 'm', messages: user('__slow__'), stream: true },
        { signal: controller.signal, onToken: () => controller.abort(reason) },
      ),
    );
    expect(error).toBe(reason);
    const pid = bridge.pid;
    expect((await bridge.request<Generated>('generate', { model: 'm', messages: user('next') })).text).toBe('echo: next');
    expect(bridge.pid).toBe(pid);
  });

  it('rejects in-flight requests with MLX_WORKER_CRASHED when the worker dies, and restarts it for the next', async () => {
    const logs: PythonWorkerLogEntry[] = [];
    await using bridge = createPythonWorkerBridge({ env: fakeMlxEnv, restartBackoff: { initialMs: 10 }, logger: (e) => logs.push(e) });
    await bridge.request('health');
    const firstPid = bridge.pid;
    const error = await expectCortexError(
      bridge.request('generate', { model: 'm', messages: user('__crash__ now'), stream: true }),
      'MLX_WORKER_CRASHED',
    );
    expect(error.message).toBe(`The MLX worker (pid ${String(firstPid)}) exited with exit code 3 while the request was in flight.`);
    expect(bridge.restarts).toBe(1);
    expect(logs.some((e) => e.source === 'bridge' && e.level === 'error' && e.message.includes('exit code 3'))).toBe(true);
    expect((await bridge.request<Generated>('generate', { model: 'm', messages: user('again') })).text).toBe('echo: again');
    expect(bridge.pid).not.toBe(firstPid);
  });

  it('routes worker stderr (including native prints to fd 1) to the logger, never into the protocol', async () => {
    const logs: PythonWorkerLogEntry[] = [];
    await using bridge = createPythonWorkerBridge({ env: fakeMlxEnv, logger: (e) => logs.push(e) });
    const result = await bridge.request<Generated>('generate', { model: 'm', messages: user('hi __print__') });
    expect(result.text).toBe('echo: hi __print__');
    await bridge.close();
    expect(logs).toContainEqual({ level: 'warn', source: 'worker', message: 'noise printed by native code', pid: expect.any(Number) });
  });

  it('refuses to send a request over the line limit, without starting a worker', async () => {
    await using bridge = createPythonWorkerBridge({ env: fakeMlxEnv, maxLineBytes: 1000 });
    await expectCortexError(bridge.request('embed', { model: 'e', texts: ['x'.repeat(2000)] }), 'MLX_LINE_TOO_LONG');
    expect(bridge.pid).toBeUndefined();
  });

  it('turns a response over the line limit into MLX_LINE_TOO_LONG for that request only', async () => {
    await using bridge = createPythonWorkerBridge({ env: fakeMlxEnv, maxLineBytes: 1000 });
    const error = await expectCortexError(
      bridge.request('generate', { model: 'm', messages: user('a __huge__'), stream: true }),
      'MLX_LINE_TOO_LONG',
    );
    expect(error.message).toBe('response of 4133 bytes exceeds the 1000 byte line limit');
    expect((await bridge.request<Generated>('generate', { model: 'm', messages: user('fine') })).text).toBe('echo: fine');
  });

  it('maps a Python exception to MLX_REQUEST_FAILED and a missing module to MLX_MODULE_MISSING', async () => {
    await using bridge = createPythonWorkerBridge({ env: fakeMlxEnv });
    const failed = await expectCortexError(bridge.request('generate', { model: 'm', messages: user('__boom__') }), 'MLX_REQUEST_FAILED');
    expect(failed.message).toBe('RuntimeError: fake Metal failure');
    await using plain = createPythonWorkerBridge();
    const missing = await expectCortexError(plain.request('generate', { model: 'm', messages: user('x') }), 'MLX_MODULE_MISSING');
    expect(missing.message).toBe("python module mlx_lm not importable: No module named 'mlx_lm'");
  });

  it('reports a missing interpreter as MLX_PYTHON_NOT_FOUND', async () => {
    await using bridge = createPythonWorkerBridge({ python: 'cortex-no-such-python' });
    const error = await expectCortexError(bridge.request('health'), 'MLX_PYTHON_NOT_FOUND');
    expect(error.message).toBe('Python interpreter "cortex-no-such-python" not found.');
  });

  it('shuts down cleanly: in-flight requests reject, the process exits, later requests are refused', async () => {
    const bridge = createPythonWorkerBridge({ env: fakeMlxEnv });
    await bridge.request('health');
    const inFlight = expectCortexError(bridge.request('generate', { model: 'm', messages: user('__slow__') }), 'MLX_WORKER_CLOSED');
    await bridge.close();
    await inFlight;
    expect(bridge.pid).toBeUndefined();
    await expectCortexError(bridge.request('health'), 'MLX_WORKER_CLOSED');
    expect(bridge.restarts).toBe(0);
  });
});

describe('createPythonWorkerBridge with a protocol-breaking worker (test double)', () => {
  it('rejects the request whose answer is malformed, with a typed error, and keeps reading', async () => {
    const logs: PythonWorkerLogEntry[] = [];
    await using bridge = createPythonWorkerBridge({ script: rogueWorker, maxLineBytes: 4096, logger: (e) => logs.push(e) });
    await expectCortexError(bridge.request('malformed'), 'MLX_PROTOCOL_ERROR');
    const oversized = await expectCortexError(bridge.request('oversized'), 'MLX_LINE_TOO_LONG');
    expect(oversized.message).toBe('The MLX worker wrote a 65575 byte line, over the 4096 byte limit; it was discarded.');
    await expectCortexError(bridge.request('unknown'), 'MLX_PROTOCOL_ERROR');
    expect(await bridge.request('noise')).toBe('ok');
    expect(logs.some((e) => e.source === 'bridge' && e.message.includes('hello from a stray print'))).toBe(true);
    expect(bridge.restarts).toBe(0);
  });
});
