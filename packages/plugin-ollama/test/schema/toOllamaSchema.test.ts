import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toOllamaSchema, toOllamaToolParameters } from '../../src/schema/toOllamaSchema.js';
import { checkChatRequest } from '../wire/ollamaWireFake.js';

type Schema = Record<string, unknown>;
const zodSchema = (schema: z.ZodType): Schema => z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'output' });

/** Every keyword used anywhere in a schema. */
function keywords(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) keywords(item, found);
  else if (typeof node === 'object' && node !== null)
    for (const [key, value] of Object.entries(node)) {
      found.add(key);
      if (key !== 'properties') keywords(value, found);
      else for (const property of Object.values(value as Schema)) keywords(property, found);
    }
  return found;
}

const forbidden = ['$schema', '$id', '$ref', '$defs', 'definitions', 'pattern', 'oneOf', 'const', 'propertyNames'];

describe('toOllamaSchema', () => {
  it('cleans what zod writes into what Ollama takes', () => {
    interface Tree {
      name: string;
      children: Tree[];
    }
    const tree: z.ZodType<Tree> = z.object({
      name: z.string(),
      get children() {
        return z.array(tree);
      },
    });
    const schema = zodSchema(
      z.object({
        code: z.string().regex(/^[A-Z]/),
        kind: z.literal('city'),
        count: z.int().min(1),
        shape: z.discriminatedUnion('t', [z.object({ t: z.literal('a') }), z.object({ t: z.literal('b'), v: z.number() })]),
        scores: z.record(z.string(), z.number()),
        pair: z.tuple([z.string(), z.number()]),
        when: z.iso.datetime(),
        tree,
      }),
    );
    expect(toOllamaSchema(schema)).toEqual({
      type: 'object',
      properties: {
        code: { type: 'string' },
        kind: { type: 'string', enum: ['city'] },
        count: { type: 'integer', minimum: 1 },
        shape: {
          anyOf: [
            { type: 'object', properties: { t: { type: 'string', enum: ['a'] } }, required: ['t'], additionalProperties: false },
            {
              type: 'object',
              properties: { t: { type: 'string', enum: ['b'] }, v: { type: 'number' } },
              required: ['t', 'v'],
              additionalProperties: false,
            },
          ],
        },
        scores: { type: 'object', additionalProperties: { type: 'number' } },
        pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }], minItems: 2, maxItems: 2 },
        when: { type: 'string', format: 'date-time' },
        // Inlined once; the recursive reference stops there, allowing anything.
        tree: {
          type: 'object',
          properties: { name: { type: 'string' }, children: { type: 'array', items: {} } },
          required: ['name', 'children'],
          additionalProperties: false,
        },
      },
      required: ['code', 'kind', 'count', 'shape', 'scores', 'pair', 'when', 'tree'],
      additionalProperties: false,
    });
  });

  it('inlines #/definitions and # references, and drops properties that must be absent', () => {
    expect(
      toOllamaSchema({
        definitions: { id: { type: 'string', description: 'An id' } },
        type: 'object',
        properties: {
          id: { $ref: '#/definitions/id', description: 'The owner' },
          self: { $ref: '#' },
          gone: false,
          any: true,
          remote: { $ref: 'https://x/y' },
        },
        required: ['id', 'gone'],
      }),
    ).toEqual({
      type: 'object',
      properties: { id: { type: 'string', description: 'The owner' }, self: {}, any: {}, remote: {} },
      required: ['id'],
    });
  });

  it('merges oneOf into anyOf and keeps an explicit enum over const', () => {
    expect(toOllamaSchema({ anyOf: [{ type: 'string' }], oneOf: [{ type: 'number' }], const: 1, enum: [1, 2] })).toEqual({
      anyOf: [{ type: 'string' }, { type: 'number' }],
      enum: [1, 2],
    });
    expect(toOllamaSchema({ type: 'array', items: false, not: true, allOf: [{ const: 'a' }] })).toEqual({
      type: 'array',
      items: { not: {} },
      not: {},
      allOf: [{ enum: ['a'] }],
    });
  });

  it('gives tool parameters the object shape Ollama requires', () => {
    expect(toOllamaToolParameters({ $schema: 'https://json-schema.org/draft/2020-12/schema' })).toEqual({ type: 'object', properties: {} });
    expect(toOllamaToolParameters(zodSchema(z.object({ q: z.string() })))).toEqual({
      type: 'object',
      properties: { q: { type: 'string' } },
      required: ['q'],
      additionalProperties: false,
    });
  });
});

// Schemas with the keywords the clean-up rewrites, each with a value it accepts (built alongside)
// and the definitions its `$ref`s point at (gathered at the root).
interface Sample {
  readonly schema: Schema;
  readonly value: unknown;
  readonly defs: Readonly<Record<string, Schema>>;
}
const sample = (schema: Schema, value: unknown, defs: Readonly<Record<string, Schema>> = {}): Sample => ({ schema, value, defs });
const leaf: fc.Arbitrary<Sample> = fc.oneof(
  fc.string({ maxLength: 5 }).map((s) => sample({ type: 'string', const: s }, s)),
  fc.integer({ min: 0, max: 100 }).map((n) => sample({ type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER }, n)),
  fc.stringMatching(/^a{1,4}$/).map((s) => sample({ type: 'string', pattern: '^a+$', format: 'email' }, s)),
  fc.boolean().map((b) => sample({ type: 'boolean', enum: [true, false] }, b)),
);
const { node } = fc.letrec<{ node: Sample }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.dictionary(fc.stringMatching(/^[a-z]{1,4}$/), tie('node'), { minKeys: 1, maxKeys: 3 }).map((members) => {
      const entries = Object.entries(members);
      return sample(
        {
          type: 'object',
          properties: Object.fromEntries(entries.map(([k, m]) => [k, m.schema])),
          required: Object.keys(members),
          additionalProperties: false,
        },
        Object.fromEntries(entries.map(([k, m]) => [k, m.value])),
        Object.assign({}, ...entries.map(([, m]) => m.defs)),
      );
    }),
    fc.tuple(tie('node'), tie('node')).map(([a, b]) => sample({ oneOf: [a.schema, b.schema] }, a.value, { ...b.defs, ...a.defs })),
    tie('node').map((m) => sample({ type: 'array', prefixItems: [m.schema], items: false }, [m.value], m.defs)),
    fc
      .tuple(fc.stringMatching(/^[A-Z][a-z]{0,3}$/), tie('node'))
      .map(([name, m]) => sample({ $ref: `#/$defs/${name}`, description: 'a reference' }, m.value, { ...m.defs, [name]: m.schema })),
  ),
}));
const rooted = node.map(({ schema, value, defs }) => ({
  schema: { $schema: 'https://json-schema.org/draft/2020-12/schema', ...schema, $defs: defs },
  value,
}));

describe('toOllamaSchema, for any schema', () => {
  const ajv = new Ajv2020({ strict: false, validateFormats: false });

  it('only loosens: a value the original accepts, the cleaned schema accepts too', () => {
    fc.assert(
      fc.property(rooted, ({ schema, value }) => {
        let accepted: boolean;
        try {
          accepted = ajv.validate(schema, value);
        } catch {
          // A definition that only refers to itself: Ajv recurses forever, and no value is valid.
          return;
        }
        if (!accepted) return;
        expect(ajv.validate(toOllamaSchema(schema), value)).toBe(true);
      }),
      { seed: 2026, numRuns: 150 },
    );
  });

  it('leaves none of what Ollama rejects or drops, passes the wire fake, and is stable on a second pass', () => {
    fc.assert(
      fc.property(rooted, ({ schema }) => {
        const cleaned = toOllamaSchema(schema);
        expect([...keywords(cleaned)].filter((key) => forbidden.includes(key))).toEqual([]);
        expect(toOllamaSchema(cleaned)).toEqual(cleaned);
        const tool = { type: 'function', function: { name: 'f', description: 'F', parameters: toOllamaToolParameters(schema) } };
        expect(checkChatRequest(JSON.stringify({ model: 'm', messages: [], format: cleaned, tools: [tool] }))).not.toHaveProperty('error');
      }),
      { seed: 2027, numRuns: 300 },
    );
  });
});
