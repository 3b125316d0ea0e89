// The client policy of remote A2A agents used as tools: a call that times out, or that its caller
// cancels, cancels the remote task (CancelTask) so it does not run on; timeouts, retries, the
// breaker and a bearer token come from a2aClientPlugin's configuration. Two real runtimes on 127.0.0.1.
import { request } from 'node:http';
import { createKernel, createLogger, type Kernel } from '@cortex-os/kernel';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { type A2aRemoteAgentOptions, a2aClientPlugin, AgentCardCache, createA2aRemoteTool } from '@cortex-os/plugin-a2a';
import { describe, expect, it } from 'vitest';
import { servePlain, startA2aRuntime, waitScript, weatherScript } from './fixtures.js';

async function startCaller(remote: Omit<A2aRemoteAgentOptions, 'name'>): Promise<Kernel> {
  const kernel = createKernel({
    logger: createLogger({ level: 'silent' }),
    plugins: [a2aClientPlugin({ remotes: [{ name: 'weather', ...remote }] })],
  });
  await kernel.start();
  return kernel;
}

/**
 * One JSON-RPC v1.0 call to the remote runtime over a connection of its own, closed after the
 * answer (a pooled keep-alive connection would hold the remote's shutdown until it idles out).
 */
function remoteCall(url: string, method: string, params: unknown): Promise<{ result?: unknown }> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method, params });
    const req = request(
      `${url}/a2a/jsonrpc`,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'a2a-version': '1.0' } },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += String(chunk)));
        res.on('end', () => resolve(JSON.parse(text) as { result?: unknown }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The remote runtime's tasks and their states, read over its own JSON-RPC endpoint. */
async function remoteTasks(url: string): Promise<{ id: string; state: string }[]> {
  const { result } = (await remoteCall(url, 'ListTasks', {})) as { result: { tasks?: { id: string; status: { state: string } }[] } };
  return (result.tasks ?? []).map((task) => ({ id: task.id, state: task.status.state }));
}

/**
 * The remote's keep-alive timeout, short: a socket of an aborted call that turns idle only after
 * the server's shutdown began is closed by it, else the shutdown waits for the client to drop it.
 */
const shortKeepAlive = { timeouts: { keepAliveMs: 100 } };

describe('remote A2A agent policy: timeouts cancel the remote task', () => {
  it('a streamed call past its timeout is A2A_TIMEOUT and the remote task is canceled, not left running', async () => {
    await using remote = await startA2aRuntime(waitScript, {}, shortKeepAlive); // the remote run waits until canceled
    await using caller = await startCaller({ url: remote.url, timeoutMs: 500 });
    const error = await expectCortexError(caller.tools.call('a2a.weather', { input: 'Wait.' }), 'A2A_TIMEOUT');
    const tasks = await remoteTasks(remote.url);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]?.state).toBe('TASK_STATE_CANCELED');
    expect(error.details).toMatchObject({ canceledTasks: [tasks[0]?.id] });
  });

  it('a blocking call (a card without streaming) past its timeout finds its task with ListTasks and cancels it', async () => {
    await using remote = await startA2aRuntime(waitScript, {}, shortKeepAlive);
    const card = await new AgentCardCache().get(remote.url);
    await using caller = createKernel({ logger: createLogger({ level: 'silent' }), plugins: [] });
    await caller.start();
    caller.tools.register(
      createA2aRemoteTool({ name: 'weather', card: { ...card, capabilities: { ...card.capabilities, streaming: false } }, timeoutMs: 500 }),
    );
    const error = await expectCortexError(caller.tools.call('a2a.weather', { input: 'Wait.' }), 'A2A_TIMEOUT');
    const tasks = await remoteTasks(remote.url);
    expect(tasks.map((task) => task.state)).toEqual(['TASK_STATE_CANCELED']);
    expect(error.details).toMatchObject({ canceledTasks: [tasks[0]?.id] });
  });

  it('a call its caller cancels cancels the remote task too', async () => {
    await using remote = await startA2aRuntime(waitScript, {}, shortKeepAlive);
    await using caller = await startCaller({ url: remote.url });
    const controller = new AbortController();
    const call = caller.tools.call(
      'a2a.weather',
      { input: 'Wait.' },
      {
        signal: controller.signal,
        // Working: the remote run started; the caller gives up.
        onProgress: (progress) => (progress.message === 'working' ? controller.abort(new Error('caller gave up')) : undefined),
      },
    );
    await expect(call).rejects.toThrow();
    expect((await remoteTasks(remote.url)).map((task) => task.state)).toEqual(['TASK_STATE_CANCELED']);
  });

  it('with cancelOnAbort: false the remote task runs on after the timeout', async () => {
    await using remote = await startA2aRuntime(waitScript, {}, shortKeepAlive);
    await using caller = await startCaller({ url: remote.url, timeoutMs: 500, cancelOnAbort: false });
    const error = await expectCortexError(caller.tools.call('a2a.weather', { input: 'Wait.' }), 'A2A_TIMEOUT');
    expect(error.details).toMatchObject({ canceledTasks: [] });
    const [task] = await remoteTasks(remote.url);
    expect(task?.state).toBe('TASK_STATE_WORKING');
    // Leave nothing running: cancel it by hand.
    await remoteCall(remote.url, 'CancelTask', { id: task?.id });
  });
});

describe('remote A2A agent policy from a2aClientPlugin’s configuration', () => {
  it('retries as configured (only failures that started nothing) and opens the configured breaker', async () => {
    const seen: string[] = [];
    const url = await servePlain((req, res) => {
      const base = `http://${req.headers.host ?? ''}`;
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(
          JSON.stringify({
            name: 'Down',
            description: 'Always 503.',
            version: '1',
            url: `${base}/rpc`,
            protocolVersion: '0.3',
            skills: [],
          }),
        );
      }
      seen.push(req.url ?? '');
      res.writeHead(503).end();
    });
    await using caller = await startCaller({ url, retry: { maxAttempts: 1, initialDelayMs: 1, maxDelayMs: 2 }, breaker: { threshold: 2 } });
    await expectCortexError(caller.tools.call('a2a.weather', { input: 'Hi' }), 'A2A_REMOTE_FAILED');
    expect(seen).toHaveLength(2); // the first attempt and one retry: two failures, the breaker's threshold
    await expectCortexError(caller.tools.call('a2a.weather', { input: 'Hi' }), 'RESILIENCE_CIRCUIT_OPEN');
    expect(seen).toHaveLength(2); // the open breaker sent nothing

    await using noRetry = await startCaller({ url, retry: false, breaker: false });
    for (let call = 0; call < 3; call += 1)
      await expectCortexError(noRetry.tools.call('a2a.weather', { input: 'Hi' }), 'A2A_REMOTE_FAILED');
    expect(seen).toHaveLength(5);
  });

  it('sends the configured bearer token to an agent whose card requires one; without it the call is refused', async () => {
    const token = 'remote-policy-bearer-token';
    await using remote = await startA2aRuntime(weatherScript, { auth: 'bearer' }, { auth: { tokens: [token] } });
    await using withToken = await startCaller({ url: remote.url, token });
    const result = await withToken.tools.call<{ state: string; text: string }>('a2a.weather', { input: 'Weather?' });
    expect(result.structured).toMatchObject({ state: 'completed', text: 'Sunny in Oslo.' });
    await using without = await startCaller({ url: remote.url });
    const refused = await expectCortexError(without.tools.call('a2a.weather', { input: 'Weather?' }), 'A2A_REMOTE_FAILED');
    expect(refused.message).toMatch(/HTTP 401/);
  });

  it('refuses configuration it cannot apply, before fetching any card', async () => {
    const assemble = async (remote: A2aRemoteAgentOptions) => {
      const kernel = createKernel({ logger: createLogger({ level: 'silent' }), plugins: [a2aClientPlugin({ remotes: [remote] })] });
      await kernel.start();
    };
    await expect(assemble({ name: 'weather', url: 'http://127.0.0.1:1', retry: { maxAttempts: -1 } })).rejects.toThrow(/maxAttempts/);
    await expect(assemble({ name: 'weather', url: 'http://127.0.0.1:1', token: '' })).rejects.toThrow(/token/);
  });
});
