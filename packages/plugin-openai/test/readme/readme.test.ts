import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createOpenAiProvider } from '@cortex-os/plugin-openai';
import { startFakeOpenAiChatServer } from '@cortex-os/provider-kit/testing';
import { askWithTools } from './askWithTools.js';
import { printStream } from './printStream.js';

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');
// `ts compile-only` fences are snippets the repository's README test type-checks without running
// (they need a model server); this test runs them against its fake, so it reads both fences alike.
const readme = read('../../README.md').replaceAll('```ts compile-only\n', '```ts\n');

describe('README "Tool calling" and "Streaming"', () => {
  it('shows the examples exactly as they run here', () => {
    expect(readme).toContain(`\`\`\`ts\n${read('./askWithTools.ts')}\`\`\``);
    expect(readme).toContain(`\`\`\`ts\n${read('./printStream.ts')}\`\`\``);
  });

  it('answers with a tool: a call with broken arguments, its error sent back, a corrected call, the answer', async () => {
    const replies = [
      { toolCalls: [{ id: 'call_1', name: 'weather', arguments: '{"town":"Oslo"}' }] },
      { toolCalls: [{ id: 'call_2', name: 'weather', arguments: '{"city":"Oslo"}' }] },
      { text: 'Clear sky in Oslo, -3 °C.' },
    ];
    await using fake = await startFakeOpenAiChatServer({ reply: () => replies[fake.requests.length - 1] ?? { text: 'done' } });
    const provider = createOpenAiProvider({ baseUrl: fake.url, generationModels: ['fake-model'] });
    expect(await askWithTools(provider, 'Weather in Oslo?')).toBe('Clear sky in Oslo, -3 °C.');
    const last = fake.requests[2]?.body['messages'] as { role: string; content: string }[];
    expect(last.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'assistant', 'tool']);
    expect(last[2]?.content).toContain('The model\'s call \\"call_1\\" of tool \\"weather\\" is invalid');
    expect(last[4]?.content).toBe('{"city":"Oslo","sky":"clear","celsius":-3}');
    expect(fake.rejections).toEqual([]);
  });

  it('prints a streamed reply', async () => {
    await using fake = await startFakeOpenAiChatServer({
      reply: {
        text: 'Let me check.',
        toolCalls: [{ id: 'call_1', name: 'weather', arguments: '{"city":"Oslo"}' }],
        usage: { inputTokens: 52, outputTokens: 14 },
        chunkSize: 5,
      },
    });
    const provider = createOpenAiProvider({ baseUrl: fake.url, generationModels: ['fake-model'] });
    let printed = '';
    await printStream(provider, 'Weather in Oslo?', (text) => {
      printed += text;
    });
    expect(printed).toBe('Let me check.\n[0] weather({"city":"Oslo"}\n(tool_calls, 52 tokens in, 14 out)\n');
  });
});
