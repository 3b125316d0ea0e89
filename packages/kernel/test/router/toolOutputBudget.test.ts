import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CortexError } from '@cortex-os/kernel';
import { applyToolOutputBudget, estimateTokens, measureToolOutput } from '@cortex-os/kernel/router';

describe('estimateTokens and measureToolOutput', () => {
  it('count characters / 4, rounded up, over structured JSON and every content part', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcde')).toBe(2);
    expect(
      measureToolOutput({
        structured: { a: 1 }, // 7 chars
        content: [
          { type: 'text', text: 'x'.repeat(10) },
          { type: 'image', data: 'AAAA', mimeType: 'image/png' }, // 4 + 9
          { type: 'resource_link', uri: 'file:///a', name: 'a' }, // 9 + 1
        ],
      }),
    ).toBe(Math.ceil((7 + 10 + 13 + 10) / 4));
  });
});

describe('applyToolOutputBudget', () => {
  it('returns a result within budget unchanged', () => {
    const output = { content: [{ type: 'text' as const, text: 'short' }] };
    const outcome = applyToolOutputBudget('memory.search', output, { maxTokens: 10 });
    expect(outcome.output).toBe(output);
    expect(outcome).toMatchObject({ truncated: false, tokens: 2, originalTokens: 2 });
  });

  it('refuses an oversized result with TOOL_OUTPUT_BUDGET_EXCEEDED by default', () => {
    let thrown: unknown;
    try {
      applyToolOutputBudget('memory.search', { content: [{ type: 'text', text: 'x'.repeat(400) }] }, { maxTokens: 50 });
    } catch (error) {
      thrown = error;
    }
    expect(CortexError.is(thrown, 'TOOL_OUTPUT_BUDGET_EXCEEDED')).toBe(true);
    expect((thrown as Error).message).toBe('Tool "memory.search" returned about 100 tokens, over its budget of 50.');
  });

  it('rejects a budget that is not a whole number of tokens >= 1 with TOOL_OUTPUT_BUDGET_INVALID', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ max: 0 }), fc.double({ noInteger: true })), (maxTokens) => {
        expect(() => applyToolOutputBudget('fs.read', { content: [] }, { maxTokens })).toThrow(
          expect.objectContaining({ code: 'TOOL_OUTPUT_BUDGET_INVALID', details: { tool: 'fs.read', maxTokens } }),
        );
      }),
    );
  });

  it('truncates text when truncation is declared, says so, and fits the budget', () => {
    const outcome = applyToolOutputBudget(
      'fs.read',
      {
        content: [
          { type: 'text', text: 'a'.repeat(300) },
          { type: 'text', text: 'b'.repeat(600) },
          { type: 'text', text: 'c' },
        ],
      },
      { maxTokens: 150, onExceeded: 'truncate' },
    );
    expect(outcome.truncated).toBe(true);
    expect(outcome.originalTokens).toBe(226);
    expect(outcome.tokens).toBeLessThanOrEqual(150);
    const texts = outcome.output.content.map((item) => (item.type === 'text' ? item.text : ''));
    expect(texts).toHaveLength(3);
    expect(texts[0]).toBe('a'.repeat(300));
    expect(texts[1]).toMatch(/^b{100,599}$/);
    expect(texts[2]).toMatch(/^\[truncated: the result took about 226 tokens, over this tool's budget of 150/);
  });

  it('refuses even with truncation when non-text parts alone exceed the budget', () => {
    expect(() =>
      applyToolOutputBudget(
        'img',
        { content: [{ type: 'image', data: 'A'.repeat(1_000), mimeType: 'image/png' }] },
        { maxTokens: 100, onExceeded: 'truncate' },
      ),
    ).toThrow(/only text can be truncated/);
  });

  it('cuts before, never inside, a character outside the BMP', () => {
    // 400 chars of budget minus a 107-char note leaves 293: an odd cut that would land mid-pair.
    const outcome = applyToolOutputBudget(
      't',
      { content: [{ type: 'text', text: '😀'.repeat(300) }] },
      { maxTokens: 100, onExceeded: 'truncate' },
    );
    const first = outcome.output.content[0];
    expect(first?.type === 'text' ? first.text : '').toBe('😀'.repeat(146));
  });

  it('never exceeds the budget and never splits a surrogate pair when truncating (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'é', '😀', '👍🏽'), minLength: 20, maxLength: 300, size: 'max' }), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.integer({ min: 60, max: 300 }),
        (texts, maxTokens) => {
          const outcome = applyToolOutputBudget(
            't',
            { content: texts.map((text) => ({ type: 'text' as const, text })) },
            { maxTokens, onExceeded: 'truncate' },
          );
          expect(outcome.tokens).toBeLessThanOrEqual(maxTokens);
          for (const item of outcome.output.content) {
            if (item.type === 'text')
              expect(item.text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
          }
        },
      ),
      { seed: 7, numRuns: 100 },
    );
  });
});
