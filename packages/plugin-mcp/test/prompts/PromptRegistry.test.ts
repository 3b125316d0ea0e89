import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CortexError } from '@cortex-os/kernel';
import { createPromptRegistry, definePrompt } from '@cortex-os/plugin-mcp';

const review = definePrompt({
  name: 'review',
  description: 'Reviews code.',
  arguments: z.object({ language: z.string().describe('Programming language'), focus: z.string().optional() }),
  complete: { language: (v) => ['go', 'rust', 'ruby'].filter((l) => l.startsWith(v)) },
  render: ({ language, focus }) => [{ role: 'user', content: { type: 'text', text: `Review this ${language} code${focus === undefined ? '' : ` for ${focus}`}.` } }],
});

describe('createPromptRegistry', () => {
  it('lists arguments from the zod contract', () => {
    const registry = createPromptRegistry();
    registry.register(review);
    expect(registry.list()).toEqual([
      { name: 'review', description: 'Reviews code.', arguments: [{ name: 'language', description: 'Programming language', required: true }, { name: 'focus', required: false }] },
    ]);
  });

  it('validates arguments and renders', async () => {
    const registry = createPromptRegistry();
    registry.register(review);
    expect(await registry.get('review', { language: 'go' })).toEqual({ messages: [{ role: 'user', content: { type: 'text', text: 'Review this go code.' } }] });
    await expect(registry.get('review', {})).rejects.toSatisfy((e: unknown) => CortexError.is(e, 'MCP_PROMPT_ARGUMENTS_INVALID') && (e as Error).message.startsWith('Invalid arguments for prompt "review": language:'));
    await expect(registry.get('nope')).rejects.toThrow('Unknown prompt "nope". Available: review.');
  });

  it('completes arguments', async () => {
    const registry = createPromptRegistry();
    registry.register(review);
    expect(await registry.complete('review', 'language', 'r')).toEqual(['rust', 'ruby']);
    expect(await registry.complete('review', 'focus', '')).toEqual([]);
  });

  it('rejects bad names and unknown completers', () => {
    expect(() => definePrompt({ name: 'bad name', render: () => [] })).toThrow(/Prompt name "bad name" is invalid/);
    expect(() => definePrompt({ name: 'p', arguments: z.object({ a: z.string() }), complete: { b: () => [] } as never, render: () => [] })).toThrow(/completes "b"/);
  });
});
