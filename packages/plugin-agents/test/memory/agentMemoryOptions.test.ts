import { CortexError } from '@cortex-os/kernel';
import { expectCortexError, rejectionOf } from '@cortex-os/kernel/testing';
import { type AgentProblem, defineAgent } from '@cortex-os/plugin-agents';
import { describe, expect, it } from 'vitest';
import { memoryRunProblems, resolveMemoryPolicy } from '../../src/memory/agentMemoryPolicy.js';
import { memoryScopeTags } from '../../src/memory/AgentMemory.js';
import { parseRememberArguments } from '../../src/memory/rememberTool.js';
import { createAgentKernel } from '../support/agentKernel.js';

describe('the memory option of defineAgent', () => {
  it('applies defaults: the agent scope under its own name, 5 memories within 1000 tokens, remembering by tool', () => {
    const agent = defineAgent({ name: 'helper', description: 'Helps.', instructions: 'Help.', memory: {} });
    expect(agent.memory).toEqual({ scope: ['agent'], namespace: 'helper', topK: 5, maxTokens: 1000, writeBack: ['remember'] });
    expect(Object.isFrozen(agent.memory)).toBe(true);
    expect(defineAgent({ name: 'plain', description: 'Plain.', instructions: 'Go.' }).memory).toBeUndefined();
    const shared = defineAgent({
      name: 'shared',
      description: 'Shares.',
      instructions: 'Go.',
      memory: { scope: ['user', 'agent', 'user'], namespace: 'team', topK: 3, minScore: 0.2, maxTokens: 200, writeBack: [] },
    });
    expect(shared.memory).toEqual({ scope: ['user', 'agent'], namespace: 'team', topK: 3, minScore: 0.2, maxTokens: 200, writeBack: [] });
  });

  it('lists every bad memory option in AGENT_DEFINITION_INVALID', async () => {
    const error = await expectCortexError(
      () =>
        defineAgent({
          name: 'forgetful',
          description: 'Forgets.',
          instructions: 'Go.',
          // @ts-expect-error: not scopes or write-backs
          memory: { scope: ['team'], namespace: '', topK: 0, maxTokens: 1.5, minScore: Number.NaN, writeBack: ['all'] },
        }),
      'AGENT_DEFINITION_INVALID',
    );
    expect(error.details.problems).toEqual([
      "memory.scope[0] must be one of 'agent', 'user', 'thread'; got team",
      'memory.namespace must be 1 to 120 characters without control characters',
      'memory.topK must be a whole number, 1 or more; got 0',
      'memory.maxTokens must be a whole number, 1 or more; got 1.5',
      'memory.minScore must be a number; got NaN',
      "memory.writeBack[0] must be one of 'answer', 'remember'; got all",
    ]);
    await expectCortexError(
      () => defineAgent({ name: 'empty', description: 'E.', instructions: 'Go.', memory: { scope: [] } }),
      'AGENT_DEFINITION_INVALID',
    );
    const greedy = await expectCortexError(
      () => defineAgent({ name: 'greedy', description: 'G.', instructions: 'Go.', budgets: { maxTokens: 800 }, memory: {} }),
      'AGENT_DEFINITION_INVALID',
    );
    expect(greedy.details.problems).toEqual([
      'memory.maxTokens (1000) must be below budgets.maxTokens (800): recalled memories alone would use the whole budget',
    ]);
  });

  it('fails kernel.start() naming the agent and each missing memory tool when the runtime has no memory', async () => {
    const agents = [
      defineAgent({ name: 'writer', description: 'Writes.', instructions: 'Go.', memory: {} }),
      defineAgent({ name: 'reader', description: 'Reads.', instructions: 'Go.', memory: { writeBack: [] } }),
    ];
    const { kernel } = createAgentKernel({ agents, model: { script: [] } });
    const invalid = CortexError.find(await rejectionOf(kernel.start()), 'AGENT_DEFINITIONS_INVALID');
    const problems = invalid?.details.problems as AgentProblem[];
    expect(problems.map((problem) => [problem.code, problem.agent])).toEqual([
      ['AGENT_MEMORY_UNAVAILABLE', 'writer'],
      ['AGENT_MEMORY_UNAVAILABLE', 'writer'],
      ['AGENT_MEMORY_UNAVAILABLE', 'reader'],
    ]);
    expect(problems[0]?.message).toBe(
      'Agent "writer" has a `memory` option, and the runtime has no tool "memory.search" to recall memories with. Add `memoryPlugin()` from @cortex-os/plugin-memory (it registers the memory.* tools), or remove the option.',
    );
    expect(problems[1]?.message).toContain('no tool "memory.store" to write memories back with');
    expect(problems[2]?.message).toContain('"memory.search"');
  });
});

describe('memory scopes of a run', () => {
  const policy = resolveMemoryPolicy('concierge', { scope: ['agent', 'user', 'thread'] });

  it('tags memories with every scope of the run', () => {
    expect(memoryScopeTags(policy, { userId: 'ann', threadId: 't-1' })).toEqual(['agent:concierge', 'user:ann', 'thread:t-1']);
    expect(memoryScopeTags(resolveMemoryPolicy('solo', {}), { userId: 'ann', threadId: undefined })).toEqual(['agent:solo']);
  });

  it('requires the ids of the user and thread scopes, as tags can hold them', () => {
    expect(memoryRunProblems(policy, {})).toEqual([
      'userId is required: the agent recalls memories per user',
      'threadId is required: the agent recalls memories per thread',
    ]);
    expect(memoryRunProblems(policy, { userId: 'ann', threadId: 't-1' })).toEqual([]);
    expect(memoryRunProblems(policy, { userId: 'a\nb', threadId: 'x'.repeat(121) })).toEqual([
      'userId must be 1 to 120 characters without control characters',
      'threadId must be 1 to 120 characters without control characters',
    ]);
    expect(memoryRunProblems(undefined, { userId: '' })).toEqual(['userId must be 1 to 120 characters without control characters']);
    expect(memoryRunProblems(undefined, {})).toEqual([]);
  });
});

describe('memory.remember arguments', () => {
  it('takes a text and an optional kind (fact by default), and says what is wrong otherwise', () => {
    expect(parseRememberArguments('{"text":"Ann likes tea"}')).toEqual({ text: 'Ann likes tea', kind: 'fact' });
    expect(parseRememberArguments('{"text":"Ann likes tea","kind":"preference"}')).toEqual({ text: 'Ann likes tea', kind: 'preference' });
    expect(parseRememberArguments('{"text":')).toBe('its arguments are not valid JSON');
    expect(parseRememberArguments('')).toBe('text: a non-empty string is required');
    expect(parseRememberArguments('{"text":"  "}')).toBe('text: a non-empty string is required');
    expect(parseRememberArguments(JSON.stringify({ text: 'x'.repeat(10_001) }))).toBe('text: at most 10000 characters');
    expect(parseRememberArguments('{"text":"t","kind":"Bad Kind"}')).toMatch(/^kind: lowercase letters/);
  });
});
