import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CortexError, definePrompt } from '@cortex-os/kernel';

describe('definePrompt', () => {
  it('returns a frozen copy of a valid definition', () => {
    const prompt = definePrompt({ name: 'hello.v1', render: () => [] });
    expect(Object.isFrozen(prompt)).toBe(true);
    expect(prompt.name).toBe('hello.v1');
  });

  it('rejects bad names, argument contracts, completers and renderers with PROMPT_DEFINITION_INVALID', () => {
    expect(() => definePrompt({ name: 'bad name', render: () => [] })).toThrow(
      'Prompt name "bad name" is invalid: use 1–128 letters, digits, "_", "-" or ".".',
    );
    expect(() => definePrompt({ name: 'p', arguments: z.string() as never, render: () => [] })).toThrow(
      'Prompt "p" arguments must be a zod object of string fields.',
    );
    expect(() =>
      definePrompt({ name: 'p', arguments: z.object({ a: z.string() }), complete: { b: () => [] } as never, render: () => [] }),
    ).toThrow('Prompt "p" completes "b", which is not one of its arguments (a).');
    expect(() => definePrompt({ name: 'p', render: undefined as never })).toThrow('Prompt "p" needs a render function.');
    let thrown: unknown;
    try {
      definePrompt({ name: '', render: () => [] });
    } catch (error) {
      thrown = error;
    }
    expect(CortexError.is(thrown, 'PROMPT_DEFINITION_INVALID')).toBe(true);
  });
});
