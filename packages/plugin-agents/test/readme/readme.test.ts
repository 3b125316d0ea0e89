import { readFileSync } from 'node:fs';
import { definePlugin } from '@cortex-os/kernel';
import { modelProviderToken } from '@cortex-os/kernel/router';
import { createScriptedModelProvider } from '@cortex-os/provider-kit/testing';
import { describe, expect, it } from 'vitest';
import { concierge } from './conciergeAgent.js';
import { ask } from './researchAgent.js';

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('README "A complete agent"', () => {
  it('shows the example exactly as it runs here', () => {
    expect(read('../../README.md')).toContain(`\`\`\`ts\n${read('./researchAgent.ts')}\`\`\``);
  });

  it('runs against a scripted model: searches the notes, then answers with the structured output', async () => {
    const model = createScriptedModelProvider({
      script: [
        { toolCalls: [{ name: 'notes.search', arguments: { term: 'standup' } }] },
        { text: '{"answer":"Standup moves to 10:00 from Monday.","sources":1}' },
      ],
    });
    const models = definePlugin({
      name: 'models',
      version: '1.0.0',
      provides: { models: modelProviderToken },
      start: () => ({ models: model }),
    });
    const result = await ask('When is standup?', models());
    expect(result).toMatchObject({ status: 'completed', output: { answer: 'Standup moves to 10:00 from Monday.', sources: 1 } });
    expect(model.requests[1]?.messages.at(-1)?.content).toContain('Standup moves to 10:00');
  });
});

describe('README "Memory"', () => {
  it('shows the agent exactly as it is compiled here, with the memory policy it describes', () => {
    expect(read('../../README.md')).toContain(`\`\`\`ts\n${read('./conciergeAgent.ts')}\`\`\``);
    expect(concierge.memory).toEqual({
      scope: ['agent', 'user'],
      namespace: 'concierge',
      topK: 5,
      minScore: 0.1,
      maxTokens: 800,
      writeBack: ['remember', 'answer'],
    });
  });
});
