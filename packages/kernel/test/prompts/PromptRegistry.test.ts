import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CortexError, definePrompt } from '@cortex-os/kernel';
import { createPromptRegistry } from '@cortex-os/kernel/internal';
import { rejectionOf } from '@cortex-os/kernel/testing';

const review = definePrompt({
  name: 'review',
  description: 'Reviews code.',
  arguments: z.object({ language: z.string().describe('Programming language'), focus: z.string().optional() }),
  complete: { language: (v) => ['go', 'rust', 'ruby'].filter((l) => l.startsWith(v)) },
  render: ({ language, focus }) => [
    { role: 'user', content: { type: 'text', text: `Review this ${language} code${focus === undefined ? '' : ` for ${focus}`}.` } },
  ],
});

describe('createPromptRegistry', () => {
  it('lists arguments from the zod contract', () => {
    const registry = createPromptRegistry();
    registry.register(review);
    registry.register(definePrompt({ name: 'alpha', title: 'Alpha', render: () => [] }));
    expect(registry.list()).toEqual([
      { name: 'alpha', title: 'Alpha', arguments: [] },
      {
        name: 'review',
        description: 'Reviews code.',
        arguments: [
          { name: 'language', description: 'Programming language', required: true },
          { name: 'focus', required: false },
        ],
      },
    ]);
  });

  it('validates arguments and renders messages or a full result', async () => {
    const registry = createPromptRegistry();
    registry.register(review);
    registry.register(
      definePrompt({
        name: 'described',
        render: () => ({ description: 'Now', messages: [{ role: 'assistant', content: { type: 'text', text: 'ok' } }] }),
      }),
    );
    expect(await registry.get('review', { language: 'go' })).toEqual({
      messages: [{ role: 'user', content: { type: 'text', text: 'Review this go code.' } }],
    });
    expect(await registry.get('described')).toEqual({
      description: 'Now',
      messages: [{ role: 'assistant', content: { type: 'text', text: 'ok' } }],
    });
    const invalid = await rejectionOf(registry.get('review', {}));
    expect(CortexError.is(invalid, 'PROMPT_ARGUMENTS_INVALID') && invalid.message).toMatch(
      /^Invalid arguments for prompt "review": language:/,
    );
  });

  it('names unknown prompts, suggests the closest and lists the rest', async () => {
    const registry = createPromptRegistry();
    registry.register(review);
    expect(await rejectionOf(registry.get('nope'))).toMatchObject({
      code: 'PROMPT_NOT_FOUND',
      message: 'Unknown prompt "nope". Available: review.',
    });
    expect(await rejectionOf(registry.get('reveiw'))).toMatchObject({
      code: 'PROMPT_NOT_FOUND',
      message: 'Unknown prompt "reveiw". Did you mean "review"? Available: review.',
    });
    expect(await rejectionOf(createPromptRegistry().get('x'))).toMatchObject({ message: 'Unknown prompt "x". Available: none.' });
  });

  it('completes arguments', async () => {
    const registry = createPromptRegistry();
    registry.register(review);
    expect(await registry.complete('review', 'language', 'r')).toEqual(['rust', 'ruby']);
    expect(await registry.complete('review', 'focus', '')).toEqual([]);
    expect(await registry.complete('nope', 'language', '')).toEqual([]);
  });

  it('refuses duplicates, notifies changes and removes with the returned function', () => {
    const registry = createPromptRegistry();
    let changes = 0;
    registry.onChange(() => changes++);
    const remove = registry.register(review);
    expect(() => registry.register(review)).toThrow(
      'A prompt named "review" is already registered; unregister it first or choose another name.',
    );
    remove();
    remove();
    expect(registry.has('review')).toBe(false);
    expect(changes).toBe(2);
  });
});
