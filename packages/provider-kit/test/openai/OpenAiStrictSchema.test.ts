import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool } from '@cortex-os/kernel';
import { parseModelToolCall, toModelResponseFormat, toModelTools } from '@cortex-os/kernel/router';
import { restoreStrictNulls, toOpenAiStrictSchema } from '../../src/openai/OpenAiStrictSchema.js';
import { checkOpenAiStrictSchema } from '../../src/testing/checkOpenAiStrictSchema.js';

const booking = z.object({
  city: z.string().min(2).max(40),
  nights: z.int().positive().default(1),
  email: z.email().optional(),
  website: z.url().optional(),
  note: z.string().nullish(),
  guests: z.array(z.object({ name: z.string(), age: z.int().optional() })),
  kind: z.discriminatedUnion('type', [z.object({ type: z.literal('hotel') }), z.object({ type: z.literal('flat'), rooms: z.int() })]),
});

const bookTool = defineTool({
  name: 'book',
  description: 'Books a stay.',
  input: booking,
  output: z.object({ ok: z.boolean() }),
  handler: async () => ({ ok: true }),
});

describe('toOpenAiStrictSchema', () => {
  const original = toModelTools([bookTool])[0]?.inputSchema ?? {};

  it('adapts a zod-derived schema so that it passes strict mode, and leaves the original alone', () => {
    expect(checkOpenAiStrictSchema(original)).toBeDefined();
    const adapted = toOpenAiStrictSchema(original);
    expect(adapted?.widened).toBe(true);
    expect(checkOpenAiStrictSchema(adapted?.schema)).toBeUndefined();
    expect(original).toHaveProperty('$schema');
    expect(adapted?.schema).not.toHaveProperty('$schema');
  });

  it('makes optional properties required and nullable, keeps supported formats and drops the rest', () => {
    const schema = toOpenAiStrictSchema(original)?.schema as Record<string, Record<string, Record<string, unknown>>>;
    expect(schema['required']).toEqual(['city', 'nights', 'email', 'website', 'note', 'guests', 'kind']);
    expect(schema['properties']?.['email']).toEqual({
      anyOf: [{ type: 'string', format: 'email', pattern: expect.any(String) }, { type: 'null' }],
    });
    // `uri` is not a strict-mode format; length limits and defaults are not strict-mode keywords.
    expect(schema['properties']?.['website']).toEqual({ anyOf: [{ type: 'string' }, { type: 'null' }] });
    expect(schema['properties']?.['city']).toEqual({ type: 'string' });
    expect(schema['properties']?.['nights']).not.toHaveProperty('default');
    // Already nullable: required as it is, no second null.
    expect(JSON.stringify(schema['properties']?.['note'])).not.toContain('"anyOf":[{"anyOf"');
    expect(schema['properties']?.['kind']).toHaveProperty('anyOf');
  });

  it('answers undefined for a schema strict mode cannot express: an object with open-ended keys', () => {
    const record = z.toJSONSchema(z.object({ labels: z.record(z.string(), z.string()) }));
    expect(toOpenAiStrictSchema(record)).toBeUndefined();
    expect(toOpenAiStrictSchema({ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] })).toEqual({
      schema: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false },
      widened: false,
    });
  });

  it('follows $defs and $ref, as zod writes recursive types', () => {
    interface Node {
      name: string;
      children?: Node[] | undefined;
    }
    const node: z.ZodType<Node> = z.lazy(() => z.object({ name: z.string(), children: z.array(node).optional() }));
    const schema = z.toJSONSchema(z.object({ root: node }));
    const adapted = toOpenAiStrictSchema(schema);
    expect(checkOpenAiStrictSchema(adapted?.schema)).toBeUndefined();
    const reply = '{"root":{"name":"a","children":[{"name":"b","children":null}]}}';
    expect(JSON.parse(restoreStrictNulls(reply, schema))).toEqual({ root: { name: 'a', children: [{ name: 'b' }] } });
  });
});

describe('restoreStrictNulls', () => {
  const original = toModelTools([bookTool])[0]?.inputSchema ?? {};

  it("removes the nulls a strict model sends for optional fields, so the tool's own schema accepts the call", () => {
    const strictReply = JSON.stringify({
      city: 'Oslo',
      nights: 2,
      email: null,
      website: null,
      note: null,
      guests: [{ name: 'Ada', age: null }],
      kind: { type: 'hotel' },
    });
    const restored = restoreStrictNulls(strictReply, original);
    // A nullable field keeps its null: the model meant it.
    expect(JSON.parse(restored)).toEqual({ city: 'Oslo', nights: 2, note: null, guests: [{ name: 'Ada' }], kind: { type: 'hotel' } });
    const parsed = parseModelToolCall({ id: 'c', name: 'book', arguments: restored }, [bookTool]);
    expect(parsed.input).toMatchObject({ city: 'Oslo', guests: [{ name: 'Ada' }] });
  });

  it('returns text that is not JSON, or needs no change, exactly as it came', () => {
    expect(restoreStrictNulls('{"city": "Oslo", ', original)).toBe('{"city": "Oslo", ');
    expect(restoreStrictNulls('{ "city": "Oslo" }', original)).toBe('{ "city": "Oslo" }');
  });

  it('works on structured output too', () => {
    const format = toModelResponseFormat('stay', booking);
    expect(restoreStrictNulls('{"city":"Oslo","email":null}', format.schema)).toBe('{"city":"Oslo"}');
  });
});
