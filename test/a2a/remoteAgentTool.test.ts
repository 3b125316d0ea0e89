// Remote A2A agents as tools: runtime A imports runtime B's agent (served by a2aServerPlugin) as
// the tool `a2a.weather` and its own agent delegates to it; both over real HTTP on 127.0.0.1.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createKernel, createLogger, type ToolProgress } from '@cortex-os/kernel';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { a2aClientPlugin, AgentCardCache, createA2aRemoteTool, parseAgentCard } from '@cortex-os/plugin-a2a';
import { agentsServiceToken, defineAgent } from '@cortex-os/plugin-agents';
import type { ScriptedModelStep } from '@cortex-os/provider-kit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { scriptedAgentPlugins } from '../support/scriptedAgents.js';
import { startA2aRuntime, weatherScript } from './fixtures.js';

const delegator = defineAgent({
  name: 'delegator',
  description: 'Asks the remote weather agent.',
  instructions: 'Ask a2a.weather, then answer.',
  tools: ['a2a.*'],
  budgets: { maxSteps: 3 },
});

async function startCaller(remoteUrl: string, script: readonly ScriptedModelStep[], timeoutMs?: number) {
  const kernel = createKernel({
    logger: createLogger({ level: 'silent' }),
    plugins: [
      ...scriptedAgentPlugins({ script, tools: [], agents: [delegator] }),
      a2aClientPlugin({ remotes: [{ name: 'weather', url: remoteUrl, ...(timeoutMs === undefined ? {} : { timeoutMs }) }] }),
    ],
  });
  await kernel.start();
  return kernel;
}

let plain: Server | undefined;
afterEach(async () => {
  const running = plain;
  if (running !== undefined) {
    running.closeAllConnections();
    await new Promise((resolve) => running.close(resolve));
  }
  plain = undefined;
});

describe('remote A2A agents as tools', () => {
  it('an agent delegates to another runtime’s agent over A2A and gets its answer as the tool result', async () => {
    await using remote = await startA2aRuntime(weatherScript);
    await using caller = await startCaller(remote.url, [
      { toolCalls: [{ name: 'a2a.weather', arguments: { input: 'Weather in Oslo?', skill: 'forecaster' } }] },
      { text: 'They say: Sunny in Oslo.' },
    ]);
    // A remote agent may do anything: its tool is not read-only, so the run's approver decides.
    const approvals: string[] = [];
    const result = await caller.get(agentsServiceToken).run('delegator', {
      input: 'How is Oslo?',
      approve: (request) => {
        approvals.push(request.tool);
        return true;
      },
    });
    expect(approvals).toEqual(['a2a.weather']);
    expect(result.status).toBe('completed');
    expect(result.text).toBe('They say: Sunny in Oslo.');
    const call = result.steps[0]?.toolCalls[0];
    expect(call?.outcome).toBe('succeeded');
    expect(JSON.stringify(call)).toContain('Sunny in Oslo.');
  });

  it('streams the remote task as the call’s progress and returns its state, text and ids', async () => {
    await using remote = await startA2aRuntime(weatherScript);
    await using caller = await startCaller(remote.url, []);
    const progress: ToolProgress[] = [];
    const result = await caller.tools.call<{ state: string; text: string; taskId: string; contextId: string }>(
      'a2a.weather',
      { input: 'Weather?' },
      { onProgress: (p) => progress.push(p) },
    );
    expect(result.structured).toMatchObject({ state: 'completed', text: 'Sunny in Oslo.' });
    expect(result.structured?.taskId).not.toBe('');
    expect(progress.map((p) => p.message)).toEqual(['submitted', 'working', 'working', 'working', 'working', 'completed']);
  });

  it('a remote task that fails is A2A_TASK_UNFINISHED; an unknown skill is rejected the same way', async () => {
    await using remote = await startA2aRuntime([]); // no scripted reply: the remote run fails
    const card = await new AgentCardCache().get(remote.url);
    const tool = createA2aRemoteTool({ name: 'weather', card });
    await using caller = createKernel({ logger: createLogger({ level: 'silent' }), plugins: [] });
    await caller.start();
    caller.tools.register(tool);
    const failed = await expectCortexError(caller.tools.call('a2a.weather', { input: 'Weather?' }), 'A2A_TASK_UNFINISHED');
    expect(failed.message).toMatch(/as failed: The run ended: failed \(model-failed\)\./);
    const rejected = await expectCortexError(caller.tools.call('a2a.weather', { input: 'Hi', skill: 'nobody' }), 'A2A_TASK_UNFINISHED');
    expect(rejected.message).toMatch(/as rejected: No skill "nobody"/);
  });

  it('a remote agent that does not answer in time is A2A_TIMEOUT', async () => {
    plain = createServer((req, res) => {
      if (req.method === 'GET') {
        const base = `http://${req.headers.host ?? ''}`;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            name: 'Slow',
            description: 'Never answers.',
            version: '1',
            url: `${base}/rpc`,
            protocolVersion: '0.3',
            skills: [],
          }),
        );
      } // a POST is never answered
    });
    await new Promise<void>((resolve) => plain?.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
    await using caller = await startCaller(base, [], 50);
    const error = await expectCortexError(caller.tools.call('a2a.weather', { input: 'Hello?' }), 'A2A_TIMEOUT');
    expect(error.kind).toBe('upstream-timeout');
  });

  it('fails the runtime’s start with a typed error when a remote agent is unreachable', async () => {
    plain = createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => plain?.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
    await expect(startCaller(base, [])).rejects.toThrow(/HTTP 404/);
  });

  it('retries a request the remote refused with 503, and opens the breaker after repeated failures', async () => {
    const seen: string[] = [];
    plain = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += String(c)));
      req.on('end', () => {
        seen.push(req.url ?? '');
        if (req.url === '/down' || seen.length < 3) return void res.writeHead(503).end();
        const { id } = JSON.parse(body) as { id: number };
        const task = {
          kind: 'task',
          id: 't-1',
          contextId: 'c-1',
          status: { state: 'completed', message: { kind: 'message', messageId: 'm', parts: [{ kind: 'text', text: 'ok' }] } },
        };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id, result: task }));
      });
    });
    await new Promise<void>((resolve) => plain?.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
    const card = (path: string) =>
      parseAgentCard('flaky', {
        name: 'Flaky',
        description: 'Flaky.',
        version: '1',
        url: `${base}${path}`,
        protocolVersion: '0.3',
        skills: [],
      });
    await using kernel = createKernel({ logger: createLogger({ level: 'silent' }), plugins: [] });
    await kernel.start();
    kernel.tools.register(createA2aRemoteTool({ name: 'flaky', card: card('/rpc'), retry: { initialDelayMs: 1, maxDelayMs: 2 } }));
    const result = await kernel.tools.call<{ text: string }>('a2a.flaky', { input: 'Hi' });
    expect(result.structured?.text).toBe('ok');
    expect(seen).toEqual(['/rpc', '/rpc', '/rpc']);

    kernel.tools.register(createA2aRemoteTool({ name: 'down', card: card('/down'), retry: false, breaker: { threshold: 2 } }));
    await expectCortexError(kernel.tools.call('a2a.down', { input: 'Hi' }), 'A2A_REMOTE_FAILED');
    await expectCortexError(kernel.tools.call('a2a.down', { input: 'Hi' }), 'A2A_REMOTE_FAILED');
    await expectCortexError(kernel.tools.call('a2a.down', { input: 'Hi' }), 'RESILIENCE_CIRCUIT_OPEN');
    expect(seen.filter((path) => path === '/down')).toHaveLength(2); // the open breaker sent nothing
  });
});
