// The auth-required task state: a runtime serving with `auth: 'optional'` declares the bearer scheme
// on its card and requires it on the skills of `authenticatedAgents`; a message for such a skill
// without a token leaves its task TASK_STATE_AUTH_REQUIRED (the agent not run), and a calling
// runtime's remote tool maps that state to A2A_AUTH_REQUIRED (kind `unauthenticated`), while the
// same call with the configured token completes. Two real runtimes on 127.0.0.1.
import { createKernel, createLogger, type Kernel } from '@cortex-os/kernel';
import { a2aClientPlugin, A2aJsonRpcClient } from '@cortex-os/plugin-a2a';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { describe, expect, it } from 'vitest';
import { httpCall } from '../support/httpCall.js';
import { startA2aRuntime, weatherScript } from './fixtures.js';

const TOKEN = 'a2a-auth-required-token';

async function startCaller(url: string, token?: string): Promise<Kernel> {
  const kernel = createKernel({
    logger: createLogger({ level: 'silent' }),
    plugins: [a2aClientPlugin({ remotes: [{ name: 'weather', url, ...(token === undefined ? {} : { token }) }] })],
  });
  await kernel.start();
  return kernel;
}

describe('the auth-required task state', () => {
  it('leaves a task auth-required for an unauthenticated caller of a skill that needs a token, and the remote tool says so', async () => {
    await using remote = await startA2aRuntime(
      [...weatherScript],
      { auth: 'optional', authenticatedAgents: ['forecaster'] },
      { auth: { tokens: [TOKEN] } },
    );
    const card = JSON.parse((await httpCall(`${remote.url}/.well-known/agent-card.json`, 'GET', { 'a2a-version': '1.0' })).body) as {
      securitySchemes?: Record<string, unknown>;
      securityRequirements?: unknown[];
      skills: { id: string; securityRequirements?: unknown[] }[];
    };
    expect(Object.keys(card.securitySchemes ?? {})).toEqual(['bearer']);
    expect(card.securityRequirements ?? []).toEqual([]);
    expect(card.skills.find((skill) => skill.id === 'forecaster')?.securityRequirements).toEqual([{ schemes: { bearer: {} } }]);

    const anonymous = new A2aJsonRpcClient({ agent: 'weather', url: `${remote.url}/a2a/jsonrpc`, version: '1.0' });
    const sent = (await anonymous.call('SendMessage', {
      message: { messageId: 'm-1', role: 'ROLE_USER', parts: [{ text: 'Weather?' }], metadata: { skillId: 'forecaster' } },
    })) as { task: { status: { state: string; message: { parts: { text: string }[] } } } };
    expect(sent.task.status.state).toBe('TASK_STATE_AUTH_REQUIRED');
    expect(sent.task.status.message.parts[0]?.text).toContain('Authorization: Bearer');

    await using without = await startCaller(remote.url);
    const refused = await expectCortexError(without.tools.call('a2a.weather', { input: 'Weather?' }), 'A2A_AUTH_REQUIRED');
    expect(refused.kind).toBe('unauthenticated');
    await using withToken = await startCaller(remote.url, TOKEN);
    const result = await withToken.tools.call<{ state: string; text: string }>('a2a.weather', { input: 'Weather?' });
    expect(result.structured).toMatchObject({ state: 'completed', text: 'Sunny in Oslo.' });
  });

  it('refuses authenticatedAgents unless auth is optional', async () => {
    await expect(startA2aRuntime(weatherScript, { auth: 'bearer', authenticatedAgents: ['forecaster'] })).rejects.toThrow(
      /authenticatedAgents needs auth: 'optional'/,
    );
  });
});
