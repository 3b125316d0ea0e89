import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CortexError, defineContract, type ContractValidationIssue } from '@cortex-os/kernel';
import { createContractRegistry } from '@cortex-os/kernel/internal';

// Contracts validate through zod's compiled clone of their schema (see `compiledSchema` in
// src/contracts/Contract.ts). These properties hold the registry to what the schema itself
// parses, on values near valid ones as well as on junk.

/** The value as [key, value] pairs in key order, so that key order and absent-versus-undefined keys count. */
function ordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(ordered);
  if (value instanceof Date) return ['Date', value.getTime()];
  if (typeof value === 'object' && value !== null)
    return [Object.getPrototypeOf(value), Object.entries(value).map(([k, v]) => [k, ordered(v)])];
  return value;
}

const junk = fc.anything({ maxDepth: 2, withNullPrototype: true, withBigInt: true, withDate: true });

/** A valid value, the same with one key replaced by junk, deleted or added, or junk. */
function nearValid(valid: fc.Arbitrary<Record<string, unknown>>, keys: readonly string[]): fc.Arbitrary<unknown> {
  const edited = fc
    .tuple(valid, fc.constantFrom(...keys, 'extra'), junk, fc.constantFrom('replace', 'delete'))
    .map(([value, key, replacement, edit]) => {
      const copy: Record<string, unknown> = { ...value };
      if (edit === 'delete') delete copy[key];
      else copy[key] = replacement;
      return copy;
    });
  return fc.oneof({ arbitrary: valid, weight: 3 }, { arbitrary: edited, weight: 3 }, { arbitrary: junk, weight: 1 });
}

/** Validates through the registry and through `schema.safeParse`, and expects the same outcome. */
function expectSameAsSchema(schema: z.ZodType, input: unknown): void {
  const registry = createContractRegistry();
  const contract = defineContract({ name: 'test.value', version: '1.0.0', schema });
  registry.register(contract);
  const expected = schema.safeParse(input);
  let data: unknown;
  try {
    data = registry.validate(contract, input);
  } catch (error) {
    if (!CortexError.is(error, 'CONTRACT_VALIDATION_FAILED')) throw error;
    expect(expected.success).toBe(false);
    const issues = (error as CortexError).details['issues'] as ContractValidationIssue[];
    expect(issues.map((i) => [i.code, i.message])).toStrictEqual(expected.error?.issues.map((i) => [i.code, i.message]));
    return;
  }
  expect(expected.success).toBe(true);
  expect(ordered(data)).toStrictEqual(ordered(expected.data));
}

const recordSchema = z.object({
  id: z.uuid(),
  text: z.string().min(1).max(20),
  count: z.number().int().nonnegative().optional(),
  ratio: z.number().min(0).max(1).nullable(),
  kind: z.enum(['note', 'task']).default('note'),
  tags: z.array(z.string()).max(3).default([]),
  meta: z.record(z.string(), z.number()).optional(),
  when: z.iso.datetime().optional(),
  contact: z.object({ email: z.email(), site: z.url().optional() }).optional(),
});
const validRecord = fc.record(
  {
    id: fc.uuid(),
    text: fc.string({ minLength: 1, maxLength: 20 }),
    count: fc.nat(),
    ratio: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constant(null)),
    kind: fc.constantFrom('note', 'task'),
    tags: fc.array(fc.string(), { maxLength: 3 }),
    meta: fc.dictionary(fc.string(), fc.integer()),
    when: fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map((d) => d.toISOString()),
    contact: fc.record({ email: fc.emailAddress(), site: fc.webUrl() }, { requiredKeys: ['email'] }),
  },
  { requiredKeys: ['id', 'text', 'ratio'] },
);

const contentSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }).strict(),
  z.object({ type: z.literal('image'), data: z.base64(), mimeType: z.string().regex(/^image\//) }),
  z.looseObject({ type: z.literal('other'), n: z.union([z.number(), z.string()]), pair: z.tuple([z.string(), z.int()]).optional() }),
]);
const validContent = fc.oneof(
  fc.record({ type: fc.constant('text'), text: fc.string() }),
  fc.record({ type: fc.constant('image'), data: fc.base64String(), mimeType: fc.constantFrom('image/png', 'text/plain') }),
  fc.record(
    { type: fc.constant('other'), n: fc.oneof(fc.double(), fc.string()), pair: fc.tuple(fc.string(), fc.integer()) },
    { requiredKeys: ['type', 'n'] },
  ),
) as fc.Arbitrary<Record<string, unknown>>;

describe('contract validation through compiled schemas', () => {
  it('gives what the schema parses for records: defaults, optional and nullable keys, formats, key order', () => {
    fc.assert(
      fc.property(nearValid(validRecord, Object.keys(recordSchema.shape)), (input) => expectSameAsSchema(recordSchema, input)),
      { numRuns: 300 },
    );
  });

  it('gives what the schema parses for unions: strict, loose and discriminated objects, tuples', () => {
    fc.assert(
      fc.property(nearValid(validContent, ['type', 'text', 'data', 'mimeType', 'n', 'pair']), (input) =>
        expectSameAsSchema(contentSchema, input),
      ),
      { numRuns: 300 },
    );
  });

  it("runs the schema's own refinements and transforms once per value, valid or not", () => {
    let refined = 0;
    let transformed = 0;
    const schema = z.object({
      name: z.string().refine((s) => {
        refined += 1;
        return s.length > 1;
      }),
      upper: z.string().transform((s) => {
        transformed += 1;
        return s.toUpperCase();
      }),
      n: z.number(),
    });
    const registry = createContractRegistry();
    const contract = defineContract({ name: 'test.callbacks', version: '1.0.0', schema });
    registry.register(contract);
    const inputs = [
      { name: 'ab', upper: 'x', n: 1 },
      { name: 'ab', upper: 'x', n: 'not a number' },
      { name: 'a', upper: 'x', n: 1 },
    ];
    // Past the validations a schema gets before it is compiled, so the compiled path is the one checked.
    for (let i = 0; i < 100; i++) registry.validate(contract, inputs[0]);
    const counts = inputs.map((input) => {
      refined = 0;
      transformed = 0;
      try {
        registry.validate(contract, input);
      } catch {
        // The counts are what this test reads.
      }
      return [refined, transformed];
    });
    expect(counts).toEqual([
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    fc.assert(
      fc.property(nearValid(fc.record({ name: fc.string(), upper: fc.string(), n: fc.double() }), ['name', 'upper', 'n']), (input) =>
        expectSameAsSchema(schema, input),
      ),
    );
  });

  it('compiles a schema only after its first validations; then a default function runs twice on an invalid value', () => {
    let defaults = 0;
    const schema = z.object({
      tags: z.array(z.string()).default(() => {
        defaults += 1;
        return [];
      }),
      n: z.number(),
    });
    const registry = createContractRegistry();
    const contract = defineContract({ name: 'test.defaults', version: '1.0.0', schema });
    registry.register(contract);
    const runsOfDefault = (): number => {
      defaults = 0;
      expect(() => registry.validate(contract, { n: 'not a number' })).toThrow('n: Invalid input');
      return defaults;
    };
    const early = Array.from({ length: 60 }, runsOfDefault);
    for (let i = 0; i < 10; i++) registry.validate(contract, { n: i });
    expect(early.every((runs) => runs === 1)).toBe(true);
    expect(runsOfDefault()).toBe(2);
    expect(registry.validate(contract, { n: 1 })).toStrictEqual({ tags: [], n: 1 });
  });
});
