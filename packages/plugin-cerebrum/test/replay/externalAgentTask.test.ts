// An external agent (plugin-agents' `externalAgents` extension point: a remote A2A agent, say) run
// as a durable agent task: it publishes `agent.run.*` like a local agent, its one remote call is a
// checkpoint of the task in a real SQLite store, and a replay of the task — in a new kernel on the
// same file — answers from that checkpoint without calling the remote again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKernel, createLogger, definePlugin } from '@cortex-os/kernel';
import { createEventRecorder } from '@cortex-os/kernel/testing';
import { agentExtensionPoints, agentsServiceToken, type ExternalAgent, type ExternalAgentRequest } from '@cortex-os/plugin-agents';
import { agentRuntimePlugins } from '@cortex-os/plugin-agents/testing';
import { replayTask } from '@cortex-os/plugin-cerebrum';
import { tasksPlugin, tasksServiceToken } from '@cortex-os/plugin-tasks';
import { createScriptedModelProvider } from '@cortex-os/provider-kit/testing';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'cerebrum-external-task-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A test double of a remote agent: answers in-process, counts its calls, and records each request. */
function remoteAgentDouble() {
  const requests: ExternalAgentRequest[] = [];
  const agent: ExternalAgent = {
    name: 'remote-forecaster',
    description: 'Test double of a remote forecasting agent.',
    run: async (request) => {
      requests.push(request);
      return { status: 'completed', text: 'Storm in Oslo.', output: { city: 'Oslo', sky: 'storm' }, totalTokens: 12 };
    },
  };
  return { agent, requests };
}

async function start(file: string, remote: ExternalAgent) {
  const kernel = createKernel({
    logger: createLogger({ level: 'silent' }),
    plugins: agentRuntimePlugins({
      model: createScriptedModelProvider({ script: [] }),
      agents: [],
      plugins: [
        definePlugin({
          name: 'remotes',
          version: '1.0.0',
          contributes: { externalAgents: agentExtensionPoints.externalAgents },
          start: () => ({ externalAgents: [remote] }),
        })(),
        tasksPlugin({ file, timer: () => () => {} }),
      ],
    }),
  });
  await kernel.start();
  onTestFinished(async () => {
    await kernel.stop();
  });
  return kernel;
}

describe('an external agent as a durable agent task', () => {
  it('publishes agent.run.* under the task id, checkpoints the remote call, and replays without calling the remote', async () => {
    const file = join(dir, 'tasks.sqlite');
    const remote = remoteAgentDouble();
    const kernel = await start(file, remote.agent);
    using events = createEventRecorder(kernel.events, 'agent.run.*');
    const tasks = kernel.get(tasksServiceToken);
    const { id } = await tasks.submit({ agent: 'remote-forecaster', input: 'Weather in Oslo?', principal: 'ada' });
    const done = await tasks.settled(id);
    expect(done).toMatchObject({ state: 'completed', output: { city: 'Oslo', sky: 'storm' } });
    expect(remote.requests).toHaveLength(1);
    expect(remote.requests[0]).toMatchObject({ input: 'Weather in Oslo?', runId: id, depth: 0 });
    expect(events.events.map((event) => [event.type, (event.data as { runId: string }).runId])).toEqual([
      ['agent.run.started', id],
      ['agent.run.completed', id],
    ]);
    const steps = await tasks.steps(id);
    expect(steps.map((step) => [step.callId, step.status])).toEqual([['tool:0:cortex.external.run', 'done']]);
    expect(steps[0]?.input).toEqual({ tool: 'agent.remote-forecaster', arguments: '{"input":"Weather in Oslo?"}' });
    await kernel.stop();

    // Another kernel on the same store replays the task: same output and ids, the remote never called.
    const otherRemote = remoteAgentDouble();
    const later = await start(file, otherRemote.agent);
    using replayed = createEventRecorder(later.events, 'agent.run.*');
    const report = await replayTask(later.get(agentsServiceToken), later.get(tasksServiceToken), id, 'ada');
    expect(report).toMatchObject({ identical: true, replayed: { model: 0, tools: 1 } });
    expect(report.result).toMatchObject({ runId: id, status: 'completed', output: { city: 'Oslo', sky: 'storm' } });
    expect(otherRemote.requests).toHaveLength(0);
    expect(replayed.events.map((event) => event.type)).toEqual(['agent.run.started', 'agent.run.completed']);
  });
});
