import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toRemoteErrorView } from '@cortex-os/kernel';
import { parseStructuredOutput, toModelResponseFormat } from '@cortex-os/kernel/router';
import { expectCortexError } from '@cortex-os/kernel/testing';

const city = z.object({ name: z.string(), population: z.number().int().nonnegative() });

describe('toModelResponseFormat', () => {
  it('names the shape and carries its JSON Schema', () => {
    const format = toModelResponseFormat('city', city, 'A city and its population.');
    expect(format).toMatchObject({ type: 'json_schema', name: 'city', description: 'A city and its population.' });
    expect(format.schema).toMatchObject({
      type: 'object',
      properties: { name: { type: 'string' }, population: { type: 'integer', minimum: 0 } },
      required: ['name', 'population'],
    });
  });

  it('leaves the description out when none is given', () => {
    expect(toModelResponseFormat('city', city)).not.toHaveProperty('description');
  });
});

describe('parseStructuredOutput', () => {
  it('returns the validated value', () => {
    expect(parseStructuredOutput('{"name":"Oslo","population":709037}', city, 'city')).toEqual({ name: 'Oslo', population: 709037 });
  });

  it('keeps the raw text in details when the output breaks the schema, and lists each field', async () => {
    const raw = '{"name":"Oslo","population":-3}';
    const error = await expectCortexError(() => parseStructuredOutput(raw, city, 'city'), 'PROVIDER_STRUCTURED_OUTPUT_INVALID');
    expect(error.message).toMatch(/^The model's output "city" breaks its schema: population: /);
    expect(error.details['rawText']).toBe(raw);
    expect((error.details['issues'] as { path: string }[]).map((issue) => issue.path)).toEqual(['population']);
  });

  it('keeps the raw text when the output is not JSON at all', async () => {
    const error = await expectCortexError(
      () => parseStructuredOutput('Sure! Here is the city:', city),
      'PROVIDER_STRUCTURED_OUTPUT_INVALID',
    );
    expect(error.message).toBe(`The model's output "output" breaks its schema: it is not valid JSON.`);
    expect(error.details['rawText']).toBe('Sure! Here is the city:');
  });

  it('never shows the raw text or the message to a remote caller', async () => {
    const secret = '{"name":"patient 4711 diagnosis","population":"x"}';
    const error = await expectCortexError(() => parseStructuredOutput(secret, city, 'city'), 'PROVIDER_STRUCTURED_OUTPUT_INVALID');
    const view = JSON.stringify(toRemoteErrorView(error));
    expect(view).not.toContain('4711');
    expect(view).not.toContain('population');
    expect(view).toContain('PROVIDER_STRUCTURED_OUTPUT_INVALID');
  });
});
