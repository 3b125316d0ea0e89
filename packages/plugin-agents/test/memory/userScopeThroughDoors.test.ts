// An agent whose memory is scoped per user acts for the authenticated caller when it is reached
// as a tool (MCP, REST, host code), and for its calling run's user when another agent calls it —
// on a real plugin-memory over SQLite, so the recall's tag filter is the store's, not a stub's.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { defineAgent, principalOfCaller, userIdOfPrincipal } from '@cortex-os/plugin-agents';
import { localEmbeddersPlugin } from '@cortex-os/plugin-local-embedders';
import { memoryPlugin } from '@cortex-os/plugin-memory';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { startAgentKernel } from '../support/agentKernel.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const concierge = defineAgent({
  name: 'concierge',
  description: 'Knows what each guest likes.',
  instructions: 'Answer from what you remember of the guest.',
  memory: { scope: ['user'], minScore: 0 },
  asTool: true,
});
const lead = defineAgent({ name: 'lead', description: 'Delegates.', instructions: 'Ask the concierge.', tools: ['agent.concierge'] });

async function startGuests(script: Parameters<typeof startAgentKernel>[0]['model']['script']) {
  const dataDir = mkdtempSync(join(tmpdir(), 'agents-user-scope-'));
  dirs.push(dataDir);
  const runtime = await startAgentKernel({
    agents: [concierge, lead],
    model: { script },
    plugins: [localEmbeddersPlugin(), memoryPlugin({ dataDir, rest: { enabled: false } })],
  });
  const remember = (user: string, text: string) =>
    runtime.kernel.tools.call('memory.store', { memory: { text, tags: [`user:${user}`] } }, { caller: { transport: 'in-process' } });
  await remember('ada', 'Ada drinks green tea.');
  await remember('bob', 'Bob drinks black coffee.');
  /** What the model was shown as remembered, per request. */
  const recalled = () => runtime.model.requests.map((request) => JSON.stringify(request.messages).match(/(Ada|Bob) drinks [a-z ]+/g) ?? []);
  return { runtime, recalled };
}

describe("an agent's user memory scope through the doors", () => {
  it('acts for the tool caller’s principal: each caller recalls only their own memories', async () => {
    const { runtime, recalled } = await startGuests([{ text: 'Green tea.' }, { text: 'Black coffee.' }, { text: 'Nothing known.' }]);
    await using _ = runtime;
    const call = (caller: { readonly transport: 'mcp' | 'rest'; readonly id?: string }) =>
      runtime.kernel.tools.call('agent.concierge', { input: 'Which drinks?' }, { caller });
    expect((await call({ transport: 'mcp', id: 'ada' })).structured).toMatchObject({ status: 'completed', text: 'Green tea.' });
    expect((await call({ transport: 'rest', id: 'bob' })).structured).toMatchObject({ status: 'completed', text: 'Black coffee.' });
    // A remote caller without a principal is `anonymous`, who has no memories here.
    expect((await call({ transport: 'rest' })).structured).toMatchObject({ status: 'completed' });
    expect(recalled()).toEqual([['Ada drinks green tea'], ['Bob drinks black coffee'], []]);
    // An agent caller outside any run names an agent, not a person: no user, so the run is refused.
    const byAgent = runtime.kernel.tools.call(
      'agent.concierge',
      { input: 'Which drinks?' },
      { caller: { transport: 'agent', id: 'lead' } },
    );
    await expectCortexError(byAgent, 'AGENT_RUN_OPTIONS_INVALID');
  });

  it('acts for the calling run’s user when another agent calls it, and refuses a run that acts for nobody', async () => {
    const { runtime, recalled } = await startGuests([
      { toolCalls: [{ id: 'c1', name: 'agent.concierge', arguments: { input: 'Which drinks?' } }] },
      { text: 'Green tea.' },
      { text: 'Ada drinks green tea.' },
      { toolCalls: [{ id: 'c2', name: 'agent.concierge', arguments: { input: 'Which drinks?' } }] },
      { text: 'I could not ask.' },
    ]);
    await using _ = runtime;
    const result = await runtime.agents.run('lead', { input: 'Serve the guest.', userId: 'ada' });
    expect(result).toMatchObject({ status: 'completed', output: 'Ada drinks green tea.' });
    expect(recalled()[1]).toEqual(['Ada drinks green tea']);
    // Without a user, the concierge's run is refused (it recalls per user), which the lead's model is told.
    const anonymous = await runtime.agents.run('lead', { input: 'Serve the guest.' });
    expect(anonymous.steps[0]?.toolCalls[0]).toMatchObject({ outcome: 'failed' });
    expect(anonymous.steps[0]?.toolCalls[0]?.content).toContain('userId is required');
  });

  it('derives a usable, stable id from any principal, and never another principal’s', () => {
    expect(userIdOfPrincipal('ada')).toBe('ada');
    const long = 's'.repeat(200);
    expect(userIdOfPrincipal(long)).toMatch(/^principal-sha256:[0-9a-f]{64}$/);
    expect(userIdOfPrincipal(long)).toBe(userIdOfPrincipal(long));
    // A principal shaped like a derived id is derived too, so it cannot stand for the long one.
    expect(userIdOfPrincipal(userIdOfPrincipal(long))).not.toBe(userIdOfPrincipal(long));
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300 }), (a, b) => {
        const id = userIdOfPrincipal(a);
        expect(id.length).toBeGreaterThan(0);
        expect(id.length).toBeLessThanOrEqual(120);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: ids must hold none, as memory tags refuse them
        expect(id).not.toMatch(/[\u0000-\u001f]/);
        if (a !== b) expect(userIdOfPrincipal(b)).not.toBe(id);
      }),
      { seed: 20261207, numRuns: 500 },
    );
    expect(principalOfCaller({ transport: 'in-process' })).toBe('host');
    expect(principalOfCaller({ transport: 'mcp' })).toBe('anonymous');
    expect(principalOfCaller({ transport: 'rest', id: 'ada' })).toBe('ada');
  });
});
