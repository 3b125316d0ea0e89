// Two runtimes in separate processes: this process's runtime imports the agent of a runtime
// running in a child process (durableServer.ts) as the tool `a2a.weather`, follows its task's
// status as progress to its answer, and, when a call times out, cancels the remote task across
// the wire so that it does not run on in the other process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKernel, createLogger, type ToolProgress } from '@cortex-os/kernel';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { a2aClientPlugin, A2aJsonRpcClient } from '@cortex-os/plugin-a2a';
import { afterAll, describe, expect, it } from 'vitest';
import { builtFile } from '../support/builtFile.js';
import { runFixture } from '../support/runFixture.js';

builtFile('packages/plugin-a2a/dist/index.js');

const root = mkdtempSync(join(tmpdir(), 'a2a-cross-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function startRemote(mode: 'block' | 'gate', file: string) {
  const server = runFixture(join(import.meta.dirname, 'durableServer.ts'), [join(root, file), mode]);
  const { url } = JSON.parse(await server.next((line) => line.startsWith('{'))) as { url: string };
  return { server, url };
}

async function startCaller(url: string, timeoutMs?: number) {
  const kernel = createKernel({
    logger: createLogger({ level: 'silent' }),
    plugins: [a2aClientPlugin({ remotes: [{ name: 'weather', url, ...(timeoutMs === undefined ? {} : { timeoutMs }) }] })],
  });
  await kernel.start();
  return kernel;
}

describe('delegation between runtimes in two processes', () => {
  it('follows the remote task’s status as progress until the other process’s agent answers', async () => {
    const remote = await startRemote('gate', 'gate.sqlite');
    await using caller = await startCaller(remote.url);
    const progress: ToolProgress[] = [];
    const result = await caller.tools.call<{ state: string; text: string }>(
      'a2a.weather',
      { input: 'Weather in Oslo?', skill: 'forecaster' },
      {
        onProgress: (p) => {
          progress.push(p);
          // The remote run is in its gate tool: let it through.
          if (p.message === 'working' && progress.filter((q) => q.message === 'working').length === 1) remote.server.say('release');
        },
      },
    );
    expect(result.structured).toMatchObject({ state: 'completed', text: 'Sunny in Oslo.' });
    expect(progress[0]?.message).toBe('submitted');
    expect(progress.at(-1)?.message).toBe('completed');
  });

  it('a call past its timeout cancels the task in the other process', async () => {
    const remote = await startRemote('block', 'block.sqlite');
    await using caller = await startCaller(remote.url, 500);
    const error = await expectCortexError(caller.tools.call('a2a.weather', { input: 'Weather in Oslo?' }), 'A2A_TIMEOUT');
    const [taskId] = (error.details as { canceledTasks: string[] }).canceledTasks;
    expect(taskId).toEqual(expect.any(String));
    const client = new A2aJsonRpcClient({ agent: 'remote', url: `${remote.url}/a2a/jsonrpc`, version: '1.0' });
    const task = (await client.call('GetTask', { id: taskId }, taskId ?? '')) as { status: { state: string } };
    expect(task.status.state).toBe('TASK_STATE_CANCELED');
  });
});
