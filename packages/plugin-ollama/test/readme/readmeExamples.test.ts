// The README's examples are these files, word for word; here they run against the wire fake.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startOllamaWireFake } from '../wire/ollamaWireFake.js';

// `ts compile-only` fences are snippets the repository's README test type-checks without running
// (they need a model server); this test runs them against its fake, so it reads both fences alike.
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').replaceAll('```ts compile-only\n', '```ts\n');
const example = (name: string) => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');

afterEach(() => {
  delete process.env['OLLAMA_URL'];
  vi.restoreAllMocks();
});

describe('README examples', () => {
  it.each(['toolCalling.example.ts', 'streaming.example.ts'])('shows %s word for word', (name) => {
    expect(readme).toContain(`\`\`\`ts\n${example(name)}\`\`\``);
  });

  it('runs the tool-calling example: a call, its result sent back, then the answer', async () => {
    await using fake = await startOllamaWireFake((request) =>
      request.messages.some((message) => message.role === 'tool')
        ? { content: ['It is 22°C in New York.'] }
        : { toolCallChunks: [[{ id: 'call_7f3a', name: 'get_temperature', arguments: { city: 'New York' } }]] },
    );
    process.env['OLLAMA_URL'] = fake.url;
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await import('./toolCalling.example.js');
    expect(log.mock.calls).toEqual([['It is 22°C in New York.']]);
    expect(fake.refused).toEqual([]);
    expect(fake.accepted[1]?.messages.at(-1)).toEqual({
      role: 'tool',
      content: '{"temperature":"22°C"}',
      tool_name: 'get_temperature',
      tool_call_id: 'call_7f3a',
    });
  });

  it('runs the streaming example, printing text as it arrives', async () => {
    await using fake = await startOllamaWireFake(() => ({ content: ['Rayleigh', ' scattering.'], evalCount: 4 }));
    process.env['OLLAMA_URL'] = fake.url;
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    await import('./streaming.example.js');
    vi.restoreAllMocks();
    expect(written).toEqual(['Rayleigh', ' scattering.', '\n[stop, 4 tokens]\n']);
    expect(fake.accepted[0]).toMatchObject({ stream: true, options: { num_predict: 200 } });
  });
});
